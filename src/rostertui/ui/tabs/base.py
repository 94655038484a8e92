"""What every roster tab shares: the filter bar, the windowed table, sorting, marks,
the "select an action" menu, the column chooser, and running a service in a worker."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen

from rostertui.domain import roster_view
from rostertui.domain.actor import Actor
from rostertui.domain.enums import Kind
from rostertui.domain.roster_view import RosterQuery, RosterRow, View
from rostertui.ui.context import AppContext
from rostertui.ui.live import keep_cursor_on
from rostertui.ui.services import RosterSource, call
from rostertui.ui.tabs.column_catalog import shown_attributes
from rostertui.ui.tabs.tab_columns import ChoosesColumns
from rostertui.ui.text import FilterKind, plural
from rostertui.ui.widgets.filter_bar import FilterBar
from rostertui.ui.widgets.roster_table import RosterTable
from rostertui.ui.workers import ReportsFailedWorkers

__all__ = ["RosterTab"]


class RosterTab(ReportsFailedWorkers, ChoosesColumns, Vertical):
    """A tab holding a filtered, sorted :class:`RosterTable` of one view of the roster."""

    VIEW: ClassVar[View]
    NOUN: ClassVar[tuple[str, str]] = ("user", "users")
    FILTER: ClassVar[FilterKind] = FilterKind.NONE
    # (action, label) in the order the "select an action" menu and the palette list them
    ACTIONS: ClassVar[list[tuple[str, str]]] = []
    # actions that apply to exactly one user / to at least one user
    SINGLE: ClassVar[set[str]] = set()
    TARGETED: ClassVar[set[str]] = set()

    BINDINGS = [
        Binding("slash", "search", "Search", id="search",
                tooltip="Search by email, name, external id, username or tag"),
        Binding("enter,a", "menu", "Actions", id="menu",
                tooltip="The actions that apply to the marked rows, or to the row under the "
                        "cursor"),
        Binding("s", "sort", "Sort", id="sort", tooltip="Sort by the next column on show"),
        Binding("S", "reverse_sort", "Reverse sort", id="reverse_sort"),
        Binding("C", "columns", "Columns", id="columns",
                tooltip="Show, hide and reorder the columns; remembered for you, per tab"),
    ]

    @dataclass
    class RosterChanged(Message):
        """Users changed: the header's counts and the other tabs need a fresh look."""

        tab: RosterTab

    @dataclass
    class ServiceDone(Message):
        tab: RosterTab
        text: str
        left: Sequence[int]

    @dataclass
    class ServiceRefused(Message):
        tab: RosterTab
        text: str

    def __init__(self, context: AppContext, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.context = context
        self.sort = roster_view.SORTS[self.VIEW][0]
        self.descending = False
        self.init_columns()

    def compose(self) -> ComposeResult:
        yield FilterBar(filter_prompt=self.FILTER.value or None, id="filter-bar")
        yield RosterTable(self.column_set.visible(), RosterSource(), id="table",
                          empty_text=f"No {self.NOUN[1]} to show")

    def on_mount(self) -> None:
        self._load_columns(self.operator, self._layout_generation, with_layout=True)

    @property
    def table(self) -> RosterTable:
        return self.query_one("#table", RosterTable)

    @property
    def bar(self) -> FilterBar:
        return self.query_one("#filter-bar", FilterBar)

    @property
    def operator(self) -> Actor:
        return self.context.actor

    # --- loading ----------------------------------------------------------

    def build_query(self) -> RosterQuery:
        choice = self.bar.choice
        return RosterQuery(self.VIEW, search=self.bar.search, sort=self.sort,
                           descending=self.descending,
                           tag=choice if self.FILTER is FilterKind.TAG else None,
                           role=choice if self.FILTER is FilterKind.ROLE else None,
                           attributes=shown_attributes(self.table.columns))

    def activate(self) -> None:
        """The tab is shown: load it the first time, refresh it after that."""
        table = self.table
        table.set_sort(self.sort, self.descending)
        if table.query_value is None:
            table.load(self.build_query())
        else:
            table.reload()
        self.load_choices()
        if self._layout_read:  # the custom attributes may have changed meanwhile
            self._load_columns(self.operator, self._layout_generation, with_layout=False)
        table.focus()

    _follow: tuple[int, int] | None = None  # (user, row) the cursor was on before a live read

    def refresh_live(self) -> None:
        """The database changed elsewhere: read the count and the rows on show again,
        keeping the cursor on its user, the marks, the search and the sort. A load already
        on its way (a search being typed) reads fresh rows itself."""
        table = self.table
        if table.query_value is None or table.query_value != self.build_query():
            return
        row = table.current_row
        self._follow = (row.id, table.cursor_row) if row is not None else None
        table.reload()

    def load_choices(self) -> None:
        """Fill the filter's choices (tags or roles); subclasses that filter override it."""

    @on(FilterBar.Changed)
    def _filter_changed(self, event: FilterBar.Changed) -> None:
        event.stop()
        self.table.load(self.build_query())

    @on(FilterBar.Dismissed)
    def _filter_dismissed(self, event: FilterBar.Dismissed) -> None:
        event.stop()
        self.table.focus()

    @on(RosterTable.Loaded)
    @on(RosterTable.MarksChanged)
    def _update_summary(self, event: Message) -> None:
        event.stop()
        table = self.table
        total = "counting…" if table.counting else plural(table.total, *self.NOUN)
        marked = f"  ·  {len(table.marks):,} marked" if table.marks else ""
        self.bar.set_summary(f"{total}{marked}")
        if isinstance(event, RosterTable.Loaded) and self.read_shown_attributes():
            return  # a column was shown meanwhile whose values these rows lack: read again
        if isinstance(event, RosterTable.Loaded) and self._follow is not None:
            (user_id, index), self._follow = self._follow, None
            if table.cursor_row == min(index, max(table.total - 1, 0)):  # not moved since
                keep_cursor_on(table, user_id, index)
        self._refresh_bindings_if_changed()

    @on(RosterTable.CursorMoved)
    def _cursor_moved(self, event: RosterTable.CursorMoved) -> None:
        event.stop()
        self._refresh_bindings_if_changed()

    _binding_state: tuple[object, ...] | None = None

    def _refresh_bindings_if_changed(self) -> None:
        """Grey keys in or out only when what applies changed: rebuilding the Footer on
        every cursor move costs more than the move itself."""
        table = self.table
        row = table.current_row
        state = (row is not None, getattr(row, "pending_type", None), len(table.marks) > 0,
                 len(table.marks) == 1, table.total > 0)
        if state != self._binding_state:
            self._binding_state = state
            self.screen.refresh_bindings()

    @on(RosterTable.LoadFailed)
    def _load_failed(self, event: RosterTable.LoadFailed) -> None:
        event.stop()
        self.app.notify(event.error, severity="error", timeout=10)

    @on(RosterTable.HeaderClicked)
    def _header_clicked(self, event: RosterTable.HeaderClicked) -> None:
        event.stop()
        if event.sort == self.sort:
            self.descending = not self.descending
        else:
            self.sort, self.descending = event.sort, False
        self._apply_sort()

    # --- keys -------------------------------------------------------------

    def action_search(self) -> None:
        self.bar.focus_search()

    def action_filter(self) -> None:
        self.bar.focus_filter()

    def action_sort(self) -> None:
        """The next sort of a column on show (any sort, when no sortable column is)."""
        shown = {c.sort for c in self.table.columns}
        sorts = [s for s in roster_view.SORTS[self.VIEW] if s in shown] \
            or list(roster_view.SORTS[self.VIEW])
        self.sort = sorts[(sorts.index(self.sort) + 1) % len(sorts)] \
            if self.sort in sorts else sorts[0]
        self.descending = False
        self._apply_sort()

    def action_reverse_sort(self) -> None:
        self.descending = not self.descending
        self._apply_sort()

    def _apply_sort(self) -> None:
        self.table.set_sort(self.sort, self.descending)
        self.table.load(self.build_query())
        label = self.column_set.sort_label(self.sort)
        self.app.notify(f"Sorted by {label}{' (descending)' if self.descending else ''}",
                        timeout=2)

    def action_menu(self) -> None:
        from rostertui.ui.screens.action_menu import ActionMenuScreen

        available = self.available_actions()
        if not available:
            self.app.notify("No action applies here", severity="warning")
            return
        what = self.target_description()

        def chosen(action: str | None) -> None:
            if action:
                self.run_named_action(action)

        self.app.push_screen(ActionMenuScreen(available, what), chosen)

    def user_form(self, user_id: int | None = None) -> ModalScreen[str | None] | None:
        """This tab's form to add users (``user_id`` None) or edit one; None on tabs where
        users are neither added nor edited."""
        return None

    # the kind of user the add-several grid (``n``) creates; None: this tab adds none
    ADD_KIND: ClassVar[Kind | None] = None

    def action_add(self) -> None:
        """Several at once: the grid; the single form stays on ``N`` (:meth:`action_add_one`)."""
        if self.ADD_KIND is None:
            self.action_add_one()
            return
        from rostertui.ui.screens.add_grid import AddGridScreen

        self.app.push_screen(AddGridScreen(self.operator, self.ADD_KIND), self.after_change)

    def action_add_one(self) -> None:
        form = self.user_form()
        if form is not None:
            self.app.push_screen(form, self.after_change)

    def action_edit(self) -> None:
        user_id = self._single_target()
        form = self.user_form(user_id) if user_id is not None else None
        if form is not None:
            self.app.push_screen(form, self.after_change)

    def action_details(self) -> None:
        """Every tab's details: the profile, registration and audit history of one user."""
        from rostertui.ui.screens.details import DetailsScreen

        user_id = self._single_target()
        if user_id is not None:
            self.app.push_screen(DetailsScreen(user_id))

    def available_actions(self) -> list[tuple[str, str]]:
        return [(a, label) for a, label in self.ACTIONS if self.check_action(a, ()) is True]

    def run_named_action(self, action: str) -> None:
        getattr(self, f"action_{action}")()

    def target_description(self) -> str:
        table = self.table
        if table.marks:
            return f"{plural(len(table.marks), *self.NOUN)} marked"
        row = table.current_row
        return row.email if row is not None else "nothing selected"

    def targets(self) -> list[int]:
        return self.table.target_ids()

    def current(self) -> RosterRow | None:
        if self.table.marks:
            if len(self.table.marks) == 1:
                row = self.table.current_row
                if row is not None and row.id in self.table.marks:
                    return row
            return None
        return self.table.current_row

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self.SINGLE:
            return True if self._single_target() is not None else None
        if action in self.TARGETED:
            return True if self.targets() else None
        return True

    def _single_target(self) -> int | None:
        ids = self.targets()
        return ids[0] if len(ids) == 1 else None

    # --- running services --------------------------------------------------

    def run_service(self, fn: Callable[[], Any], describe: Callable[[Any], str], *,
                    leaving: Sequence[int] = ()) -> None:
        """Run ``fn`` (a domain call) in a worker; notify its outcome or its refusal."""
        self._service(fn, describe, list(leaving))

    @work(thread=True, group="service", exit_on_error=False)
    def _service(self, fn: Callable[[], Any], describe: Callable[[Any], str],
                 leaving: list[int]) -> None:
        # A refusal propagates: the app shows every failed worker (RosterApp._worker_failed).
        self.post_message(self.ServiceDone(self, describe(call(fn)), leaving))

    @on(ServiceDone)
    def _service_done(self, event: ServiceDone) -> None:
        event.stop()
        self.after_change(event.text, event.left)

    @on(ServiceRefused)
    def _service_refused(self, event: ServiceRefused) -> None:
        event.stop()
        self.app.notify(event.text, title="Refused", severity="error", timeout=10)

    def after_change(self, text: str | None, leaving: Sequence[int] = ()) -> None:
        """A change went through: say so, refresh the table, and post RosterChanged (the
        header counts again; the app sends whatever mail the change queued)."""
        if not text:
            return
        self.app.notify(text)
        self.table.forget(leaving)
        self.table.reload()
        self.load_choices()
        self.post_message(self.RosterChanged(self))
