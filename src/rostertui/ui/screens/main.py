"""The main screen: a header with the organization, the operator and seat usage, and the tabs."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import TabbedContent, TabPane

from rostertui.domain import org, roster_view
from rostertui.ui.context import AppContext
from rostertui.ui.live import LiveData
from rostertui.ui.services import Refusal, call
from rostertui.ui.tabs.archived import ArchivedTab
from rostertui.ui.tabs.base import RosterTab
from rostertui.ui.tabs.clients import ClientsTab
from rostertui.ui.tabs.import_tab import ImportTab
from rostertui.ui.tabs.pending import PendingTab
from rostertui.ui.tabs.team import TeamTab
from rostertui.ui.widgets.header import RosterHeader
from rostertui.ui.widgets.inert import inert_str
from rostertui.ui.widgets.key_bar import KeyBar
from rostertui.ui.workers import ReportsFailedWorkers

TAB_IDS = ("clients", "team", "pending", "archived", "import")


@dataclass(frozen=True)
class HeaderInfo:
    org_name: str
    is_demo: bool
    seats: str
    pending: int


def load_header() -> HeaderInfo:
    record = org.get_org()
    return HeaderInfo(record.name, record.is_demo, str(org.seat_usage()),
                      roster_view.pending_count())


class MainScreen(ReportsFailedWorkers, Screen[None]):
    BINDINGS = [
        Binding("1", "show_tab('clients')", "Clients", show=False, id="show_tab_clients",
                tooltip="Show the Clients tab"),
        Binding("2", "show_tab('team')", "Team Members", show=False, id="show_tab_team",
                tooltip="Show the Team Members tab"),
        Binding("3", "show_tab('pending')", "Pending", show=False, id="show_tab_pending",
                tooltip="Show the Pending tab"),
        Binding("4", "show_tab('archived')", "Archived", show=False, id="show_tab_archived",
                tooltip="Show the Archived tab"),
        Binding("5", "show_tab('import')", "Import", show=False, id="show_tab_import",
                tooltip="Show the Import tab"),
        Binding("O", "organization", "Organization", show=False, id="organization",
                tooltip="The organization's name and client seat limit"),
    ]
    KEYS_TITLE = "Tabs"

    @dataclass
    class HeaderLoaded(Message):
        info: HeaderInfo

    @dataclass
    class HeaderFailed(Message):
        text: str

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context

    def compose(self) -> ComposeResult:
        yield RosterHeader(id="header")
        opening = "import" if self.context.import_start.path else ""
        with TabbedContent(id="tabs", initial=opening):
            with TabPane("Clients", id="clients"):
                yield ClientsTab(self.context, id="clients-tab")
            with TabPane("Team Members", id="team"):
                yield TeamTab(self.context, id="team-tab")
            with TabPane("Pending", id="pending"):
                yield PendingTab(self.context, id="pending-tab")
            with TabPane("Archived", id="archived"):
                yield ArchivedTab(self.context, id="archived-tab")
            with TabPane("Import", id="import"):
                yield ImportTab(self.context.actor, self.context.import_start, id="import-tab")
        yield KeyBar()
        yield LiveData()

    def on_mount(self) -> None:
        self.refresh_header()
        path = self.context.import_start.path
        if path:  # `rostertui import FILE --ui`: open on the Import tab with the file loaded
            self.call_after_refresh(self.query_one("#import-tab", ImportTab).load_file, path)
        else:
            self.call_after_refresh(self._activate, "clients")

    @property
    def active_tab(self) -> RosterTab | None:
        pane = self.query_one("#tabs", TabbedContent).active
        if not pane:
            return None
        found = self.query(f"#{pane}-tab")
        tab = found.first() if found else None
        return tab if isinstance(tab, RosterTab) else None

    def _activate(self, pane_id: str) -> None:
        tab = self.query_one(f"#{pane_id}-tab")
        if isinstance(tab, (RosterTab, ImportTab)):
            tab.activate()

    @on(TabbedContent.TabActivated)
    def _tab_activated(self, event: TabbedContent.TabActivated) -> None:
        if event.pane.id:
            self._activate(event.pane.id)
        self.refresh_bindings()

    def action_show_tab(self, pane_id: str) -> None:
        self.query_one("#tabs", TabbedContent).active = pane_id

    def action_organization(self) -> None:
        from rostertui.ui.screens.organization import OrganizationScreen

        def saved(text: str | None) -> None:
            if text:
                self.notify(text)
                self.refresh_header()

        self.app.push_screen(OrganizationScreen(self.context.actor), saved)

    @on(RosterTab.RosterChanged)
    def _roster_changed(self) -> None:
        self.refresh_header()

    @on(LiveData.Changed)
    def _data_changed(self) -> None:
        """Another process changed the database: the counts and the rows on show follow."""
        self.refresh_header()
        if self.active_tab is not None:
            self.active_tab.refresh_live()

    @on(ImportTab.UsersChanged)
    def _users_imported(self, event: ImportTab.UsersChanged) -> None:
        """An import or an undo wrote users: the header counts again, and each roster tab
        that has loaded reads its rows again (the others load when first shown). It goes on
        to the app, which sends the emails an import queued."""
        self.refresh_header()
        for tab in self.query(RosterTab):
            tab.table.reload()

    def refresh_header(self) -> None:
        self._load_header()

    @work(thread=True, exclusive=True, group="header", exit_on_error=False)
    def _load_header(self) -> None:
        try:
            self.post_message(self.HeaderLoaded(call(load_header)))
        except Refusal as exc:
            self.post_message(self.HeaderFailed(str(exc)))

    @on(HeaderLoaded)
    def _header_loaded(self, event: HeaderLoaded) -> None:
        info = event.info
        self.title = inert_str(info.org_name) + ("  · demo" if info.is_demo else "")
        operator = self.context.actor
        self.sub_title = f"{inert_str(operator.label)}  ·  {info.seats}"
        self.query_one(RosterHeader).show(info.org_name, operator.label, info.seats,
                                          demo=info.is_demo)
        tabs = self.query_one("#tabs", TabbedContent)
        tabs.get_tab("pending").label = f"Pending ({info.pending:,})" if info.pending \
            else "Pending"

    @on(HeaderFailed)
    def _header_failed(self, event: HeaderFailed) -> None:
        self.notify(event.text, title="Could not read the organization", severity="error")
