"""The App: theme, global keys, the command palette, and the one factory, ``make_app``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual import events, on, work
from textual.app import App
from textual.binding import Binding
from textual.message import Message

from rostertui.config import Config
from rostertui.domain.actor import Actor
from rostertui.importing.engine import ImportOptions
from rostertui.ui.commands import RosterCommands
from rostertui.ui.import_controller import ImportLaunchOptions


class RosterApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "rostertui"
    COMMANDS = App.COMMANDS | {RosterCommands}
    BINDINGS = [
        Binding("question_mark", "help", "Help"),
        Binding("ctrl+q", "quit", "Quit", priority=True),
    ]

    @dataclass
    class MailDelivered(Message):
        """A dispatch finished: what went out, and where."""

        text: str
        failed: bool

    def __init__(self, config: Config, operator: Actor | None = None, *,
                 import_launch: ImportLaunchOptions | None = None) -> None:
        super().__init__()
        self.config = config
        self.operator: Actor | None = operator
        # what `rostertui import FILE --ui` asks of the Import tab (passed to it, not read)
        self.import_launch = import_launch or ImportLaunchOptions()

    def on_mount(self) -> None:
        self.theme = "textual-dark"
        if self.operator is None:
            from rostertui.ui.screens.login import LoginScreen

            self.push_screen(LoginScreen(), self._logged_in)
        else:
            self._open_main()
        self.call_after_refresh(self._guard_size)

    def on_resize(self, event: events.Resize) -> None:
        self._guard_size(event.size)

    def _guard_size(self, size: Any = None) -> None:
        """Below 80x24 a plain sentence covers the app until it is large enough again."""
        from rostertui.ui.screens.too_small import guard_size

        guard_size(self, size or self.size)

    def _logged_in(self, operator: Actor | None) -> None:
        if operator is None:
            self.exit()
            return
        self.operator = operator
        self._open_main()

    # Mail queued while no app ran (a CLI import, an earlier session that quit before
    # delivering, a retry whose backoff ran out) goes out once logged in, then on a timer.
    DELIVER_ON_START = True
    DELIVERY_INTERVAL = 60.0  # seconds between looks at the outbox for due messages

    def _open_main(self) -> None:
        from rostertui.ui.screens.main import MainScreen

        self.push_screen(MainScreen(self.import_launch))
        if self.DELIVER_ON_START:
            self.deliver_mail()
            self.set_interval(self.DELIVERY_INTERVAL, self.deliver_mail)

    def notify(self, message: str, *, title: str = "", severity: str = "information",
               timeout: float | None = None, markup: bool = True) -> None:
        """Every notification is plain text: messages carry names, tags and emails that
        users typed, so markup is never parsed (whatever a caller asks) and control
        characters are made visible."""
        from rostertui.ui.widgets.inert import inert_str

        del markup
        super().notify(inert_str(message), title=inert_str(title), severity=severity,
                       timeout=timeout, markup=False)

    def deliver_mail(self) -> None:
        """Send what the outbox holds that is due, in a worker; say what happened."""
        self._deliver_mail()

    @work(thread=True, group="mail", exit_on_error=False)
    def _deliver_mail(self) -> None:
        from rostertui.mail import outbox
        from rostertui.mail.dispatcher import make_dispatcher
        from rostertui.ui.services import Refusal, call

        try:
            if not call(outbox.due_count):
                return
            report = call(lambda: make_dispatcher(self.config).dispatch())
        except (Refusal, ValueError) as exc:
            self.post_message(self.MailDelivered(f"Email not sent: {exc}", True))
            return
        parts = [f"{report.sent} email{'s' if report.sent != 1 else ''} sent to "
                 f"{report.destination}"]
        if report.retrying:
            parts.append(f"{report.retrying} will be retried")
        if report.failed:
            parts.append(f"{report.failed} failed ({report.errors[0]})")
        self.post_message(self.MailDelivered("; ".join(parts),
                                             bool(report.failed or report.retrying)))

    @on(MailDelivered)
    def _mail_delivered(self, event: MailDelivered) -> None:
        self.notify(event.text, title="Email", severity="warning" if event.failed else
                    "information", timeout=8)

    def action_audit_log(self) -> None:
        from rostertui.ui.screens.audit_log import AuditLogScreen

        if not isinstance(self.screen, AuditLogScreen):
            self.push_screen(AuditLogScreen())

    def action_help(self) -> None:
        from rostertui.ui.screens.columns import ColumnsScreen
        from rostertui.ui.screens.help import HelpScreen
        from rostertui.ui.screens.main import MainScreen
        from rostertui.ui.tabs.archived import ArchivedTab
        from rostertui.ui.tabs.base import RosterTab
        from rostertui.ui.tabs.clients import ClientsTab
        from rostertui.ui.tabs.import_tab import ImportTab
        from rostertui.ui.tabs.pending import PendingTab
        from rostertui.ui.tabs.team import TeamTab
        from rostertui.ui.widgets.filter_bar import FilterBar
        from rostertui.ui.widgets.roster_table import RosterTable

        if isinstance(self.screen, HelpScreen):
            return
        sections = [
            ("Everywhere", [*self.BINDINGS, Binding("ctrl+p", "command_palette",
                                                    "Command palette (every action by name)")]),
            ("Tabs", list(MainScreen.BINDINGS)),
            ("Every roster tab", list(RosterTab.BINDINGS)),
            ("The table", list(RosterTable.BINDINGS)),
            ("The search box", list(FilterBar.BINDINGS)),
            ("Clients", list(ClientsTab.BINDINGS)),
            ("Team Members", list(TeamTab.BINDINGS)),
            ("Pending", list(PendingTab.BINDINGS)),
            ("Archived", list(ArchivedTab.BINDINGS)),
            ("Import", list(ImportTab.BINDINGS)),
            ("Import history", [Binding("u", "undo", "Undo the selected import")]),
            ("Columns dialog", list(ColumnsScreen.BINDINGS)),
            ("Dialogs", [Binding("escape", "cancel", "Cancel / close"),
                         Binding("ctrl+s", "submit", "Save / submit the form")]),
        ]
        self.push_screen(HelpScreen(sections))


def make_app(db_target: str, config: Config, operator: Actor | None = None, *,
             import_path: str | None = None, import_dir: str | None = None,
             import_options: ImportOptions | None = None) -> RosterApp:
    """Open (and migrate) the database, then build the app. The CLI and the tests both
    build the app here. ``operator`` None starts at the login screen; ``import_path`` opens
    the Import tab with that file loaded; ``import_dir`` roots the Import tab's file tree."""
    from rostertui.ui.services import open_app_database

    open_app_database(db_target)
    return RosterApp(config, operator, import_launch=ImportLaunchOptions(
        import_path, import_dir, import_options))
