"""A roster table that reads only the rows on screen.

``RosterTable`` is a :class:`~rostertui.ui.widgets.scroll_table.ScrollTable` whose
rows come from a :class:`RowSource` (the roster views of ``domain/roster_view.py``
through ``ui/services.py``). It never holds a whole roster: it knows the total
(from SQL) and keeps a few pages of rows (:class:`RowPages`), asking its source
for the pages the viewport needs in thread workers. Rows are keyed by id, so
marks survive scrolling, searching and sorting.

A source refuses with :class:`~rostertui.ui.services.Refusal` (a rule or the
database said no): the table posts ``LoadFailed``. Anything else is a bug and
propagates out of the worker.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from rich.style import Style
from rich.text import Text
from textual import events, work
from textual.binding import Binding
from textual.message import Message

from rostertui.ui.services import Refusal
from rostertui.ui.widgets.inert import inert
from rostertui.ui.widgets.roster_column import Column, RowSource
from rostertui.ui.widgets.row_pages import PAGE, RowPages
from rostertui.ui.widgets.scroll_table import ScrollTable

LEAD = 2  # the mark ("● ") before the columns


class RosterTable(ScrollTable):
    """Rows from a :class:`RowSource`, a window at a time, with a cursor and marks."""

    DEFAULT_CSS = """
    RosterTable > .roster-table--marked { color: $text-accent; text-style: bold; }
    """

    COMPONENT_CLASSES = {"roster-table--marked"}

    BINDINGS = [
        *ScrollTable.BINDINGS,
        Binding("space", "toggle_mark", "Mark", id="toggle_mark"),
        Binding("asterisk", "mark_all", "Mark all matching", id="mark_all"),
        Binding("minus", "clear_marks", "Unmark all", id="clear_marks"),
    ]

    # --- messages ---------------------------------------------------------

    @dataclass
    class Loaded(Message):
        """A (re)load finished; ``total`` may still be being counted (``counting``)."""

        table: RosterTable
        total: int
        counting: bool

    @dataclass
    class MarksChanged(Message):
        table: RosterTable
        count: int

    @dataclass
    class CursorMoved(ScrollTable.CursorMoved):
        table: RosterTable
        row: Any | None

    @dataclass
    class HeaderClicked(Message):
        table: RosterTable
        sort: str

    @dataclass
    class LoadFailed(Message):
        table: RosterTable
        error: str

    @dataclass
    class _WindowLoaded(Message):
        generation: int
        query: Any
        first_page: int
        rows: list[Any]
        total: int | None
        keep_position: bool

    @dataclass
    class _PagesLoaded(Message):
        generation: int
        first_page: int
        pages: list[int]
        rows: list[Any]

    @dataclass
    class _Counted(Message):
        generation: int
        total: int

    @dataclass
    class _IdsLoaded(Message):
        generation: int
        ids: list[int]

    # --- set-up -----------------------------------------------------------

    def __init__(self, columns: Sequence[Column], source: RowSource, *,
                 empty_text: str = "Nothing to show", name: str | None = None,
                 id: str | None = None, classes: str | None = None) -> None:
        super().__init__(empty_text=empty_text, name=name, id=id, classes=classes)
        self._columns: list[Column] = list(columns)
        self.source = source
        self.query_value: Any = None
        self.sort_key: str | None = None
        self.descending = False
        self.marks: set[int] = set()
        self._total = 0
        self.counting = False
        self.loaded = False
        self._generation = 0
        self._pages = RowPages()

    @property
    def total(self) -> int:
        return self._total

    @property
    def columns(self) -> list[Column]:
        return list(self._columns)

    def set_columns(self, columns: Sequence[Column]) -> None:
        self._columns = list(columns)
        self.update_layout()

    # --- loading ----------------------------------------------------------

    def load(self, query: Any, *, keep_position: bool = False) -> None:
        """Show ``query``'s rows. The current rows stay on screen until the new ones arrive."""
        self._generation += 1
        first_page = int(self.scroll_y) // PAGE if keep_position else 0
        self._load_window(self._generation, query, first_page, keep_position)

    def reload(self) -> None:
        if self.query_value is not None:
            self.load(self.query_value, keep_position=True)

    @work(thread=True, exclusive=True, group="roster-window", exit_on_error=False)
    def _load_window(self, generation: int, query: Any, first_page: int,
                     keep_position: bool) -> None:
        try:
            rows, total = self.source.window(query, first_page * PAGE, 2 * PAGE)
            if not rows and first_page:
                first_page = 0
                rows, total = self.source.window(query, 0, 2 * PAGE)
            self.post_message(self._WindowLoaded(generation, query, first_page, rows, total,
                                                 keep_position))
            if total is None:
                self.post_message(self._Counted(generation, self.source.count(query)))
        except Refusal as exc:  # shown to the admin; anything else is a bug and propagates
            self.post_message(self.LoadFailed(self, _describe(exc)))

    @work(thread=True, group="roster-pages", exit_on_error=False)
    def _load_pages(self, generation: int, query: Any, pages: list[int]) -> None:
        try:
            rows = self.source.page(query, pages[0] * PAGE, len(pages) * PAGE)
        except Refusal as exc:
            self.post_message(self._PagesLoaded(generation, pages[0], pages, []))
            self.post_message(self.LoadFailed(self, _describe(exc)))
            return
        self.post_message(self._PagesLoaded(generation, pages[0], pages, rows))

    @work(thread=True, exclusive=True, group="roster-ids", exit_on_error=False)
    def _load_ids(self, generation: int, query: Any) -> None:
        try:
            ids = self.source.ids(query)
        except Refusal as exc:
            self.post_message(self.LoadFailed(self, _describe(exc)))
            return
        self.post_message(self._IdsLoaded(generation, ids))

    def on_roster_table__window_loaded(self, message: _WindowLoaded) -> None:
        message.stop()
        if message.generation != self._generation:
            return
        self.query_value = message.query
        self._pages.clear()
        self._pages.store(message.first_page, message.rows, near=int(self.scroll_y))
        self.counting = message.total is None
        if message.total is None:
            self._total = message.first_page * PAGE + len(message.rows)
        else:
            self._total = message.total
        self.loaded = True
        # while a search's matches are being counted, the scrollable height only grows:
        # shrinking it to the rows read so far, then growing it back when the count
        # comes, cost a layout of the whole screen on every keystroke
        self._update_virtual_size(grow_only=self.counting)
        if not message.keep_position:
            self.scroll_to(0, 0, animate=False, immediate=True)
            self.cursor_row = 0
        else:
            self.cursor_row = min(self.cursor_row, max(self.total - 1, 0))
        self.redraw_header()
        self._loaded()

    def on_roster_table__counted(self, message: _Counted) -> None:
        message.stop()
        if message.generation == self._generation:
            self._total, self.counting = message.total, False
            self._update_virtual_size()
            self._loaded()

    def _loaded(self) -> None:
        """New rows or a new total: draw them, read the pages on show, tell the tab."""
        self.refresh()
        self._ensure_pages()
        self.post_message(self.Loaded(self, self.total, self.counting))

    def on_roster_table__pages_loaded(self, message: _PagesLoaded) -> None:
        message.stop()
        self._pages.arrived(message.pages)
        if message.generation != self._generation:
            return
        self._pages.store(message.first_page, message.rows, near=int(self.scroll_y))
        self.refresh()
        if self.cursor_row // PAGE in message.pages:
            self.post_message(self.CursorMoved(self, self.current_row))

    def on_roster_table__ids_loaded(self, message: _IdsLoaded) -> None:
        message.stop()
        if message.generation != self._generation:
            return
        matching = set(message.ids)
        if matching and matching <= self.marks:
            self.marks -= matching  # every match was marked already: unmark them
        else:
            self.marks |= matching
        self._marks_changed()

    def _ensure_pages(self) -> None:
        """Ask for the pages the viewport shows (and one either side) that are not held."""
        if self.query_value is None:
            return
        for run in self._pages.to_read(int(self.scroll_y), self.size.height, self.total):
            self._load_pages(self._generation, self.query_value, run)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._ensure_pages()

    def on_resize(self, event: events.Resize) -> None:
        # (ScrollTable.on_resize runs as well: Textual calls the handler of every class)
        self._ensure_pages()

    # --- rows and marks ----------------------------------------------------

    def row_at(self, index: int) -> Any | None:
        return self._pages.row_at(index)

    def target_ids(self) -> list[int]:
        """What an action applies to: the marked rows, or else the row under the cursor."""
        if self.marks:
            return sorted(self.marks)
        row = self.current_row
        return [row.id] if row is not None else []

    def clear_marks(self) -> None:
        if self.marks:
            self.marks.clear()
            self._marks_changed()

    def forget(self, ids: Iterable[int]) -> None:
        """Drop marks of users that left this table (archived, deleted...)."""
        before = len(self.marks)
        self.marks.difference_update(ids)
        if len(self.marks) != before:
            self._marks_changed()

    def _marks_changed(self) -> None:
        self.refresh()
        self.post_message(self.MarksChanged(self, len(self.marks)))

    def action_toggle_mark(self) -> None:
        row = self.current_row
        if row is None:
            self.app.bell()
            return
        self.marks.symmetric_difference_update({row.id})
        self._marks_changed()
        self.move(self.cursor_row + 1)

    def action_mark_all(self) -> None:
        if self.query_value is not None:
            self._load_ids(self._generation, self.query_value)

    def action_clear_marks(self) -> None:
        self.clear_marks()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "clear_marks":
            return bool(self.marks) or None
        if action in ("toggle_mark", "mark_all"):
            return bool(self.total) or None
        return True

    # --- the mouse ------------------------------------------------------------

    def header_clicked(self, x: int) -> None:
        index = self.column_at(x)
        if index is None:
            return
        column = self._columns[index]
        if column.sort:
            self.post_message(self.HeaderClicked(self, column.sort))
        else:  # a click that does nothing says why
            self.app.notify(f"{column.label} cannot be sorted: only the columns marked ⇅ "
                            "in the column chooser (C) sort", timeout=4)

    def row_clicked(self, index: int, x: int) -> None:
        if x < LEAD:
            self.action_toggle_mark()

    # --- drawing ----------------------------------------------------------------

    @property
    def lead_width(self) -> int:
        return LEAD

    def column_widths(self) -> list[int]:
        return [c.width for c in self._columns]

    def cell_text(self, row: Any, index: int) -> str | None:
        """The cell as shown (a date as the table writes it, tags with ", ")."""
        value = self._columns[index].value(row)
        return "" if value is None else str(value)

    def row_label(self, row: Any) -> str:
        return row.email

    def column_key(self, index: int) -> str:
        """The field a column shows (``first_name``, ``email``...)."""
        return self._columns[index].key

    def placeholder(self) -> str | None:
        if not self.loaded:
            return "Loading…"
        return None if self.total else self.empty_text

    def row_key(self, row: Any) -> Hashable:
        return row.id

    def row_state(self, row: Any) -> Hashable:
        return row.id in self.marks

    def row_text(self, index: int, row: Any) -> tuple[Text, Style | None]:
        marked = row.id in self.marks
        line = Text("● " if marked else "  ", no_wrap=True, end="")
        for column in self._columns:
            cell = inert(column.value(row))
            cell.truncate(column.width, overflow="ellipsis", pad=True)
            line.append_text(cell)
            line.append(" ")
        return line, self.component_style("roster-table--marked") if marked else None

    def header_key(self) -> Hashable:
        return (self.sort_key, self.descending, tuple(self._columns))

    def header_text(self) -> Text:
        line = Text("  ", no_wrap=True, end="")
        for column in self._columns:
            label = column.label
            if column.sort and column.sort == self.sort_key:
                label += " ▼" if self.descending else " ▲"
            cell = Text(label)
            cell.truncate(column.width, overflow="ellipsis", pad=True)
            line.append_text(cell)
            line.append(" ")
        return line

    def set_sort(self, sort_key: str | None, descending: bool) -> None:
        self.sort_key, self.descending = sort_key, descending
        self.redraw_header()


def _describe(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return f"could not read the table: {text}"


__all__ = ["Column", "PAGE", "RosterTable", "RowSource"]
