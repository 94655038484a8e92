"""A table that reads only the rows on screen.

``RosterTable`` is a Line API widget (``ScrollView`` + ``render_line``). It never
holds a whole roster: it knows the total (from SQL) and keeps a few pages of
rows in a small cache, asking its :class:`RowSource` for the pages the viewport
needs in thread workers. Rows are keyed by id, so marks survive scrolling,
searching and sorting. Every cell is built as a ``rich.text.Text`` from the
value itself (never markup), with control characters made visible.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from rich.style import Style
from rich.text import Text
from textual import events, work
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from rostertui.ui.widgets.inert import inert

PAGE = 100
MAX_PAGES = 24  # rows kept in memory: at most 2,400
MAX_STRIPS = 512  # rendered rows kept for repaints (a few screens' worth)


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    width: int
    value: Callable[[Any], object]
    sort: str | None = None  # the sort key this column's header selects


class RowSource(Protocol):
    """Where the rows come from. Every method runs in a worker thread."""

    def window(self, query: Any, offset: int, limit: int) -> tuple[list[Any], int | None]: ...
    def page(self, query: Any, offset: int, limit: int) -> list[Any]: ...
    def count(self, query: Any) -> int: ...
    def ids(self, query: Any) -> list[int]: ...


class RosterTable(ScrollView, can_focus=True):
    """Rows from a :class:`RowSource`, a window at a time, with a cursor and marks."""

    DEFAULT_CSS = """
    RosterTable {
        height: 1fr;
        background: $surface;
        scrollbar-gutter: stable;
        & > .roster-table--header { background: $panel; color: $foreground; text-style: bold; }
        & > .roster-table--cursor { background: $block-cursor-blurred-background; }
        & > .roster-table--marked { color: $text-accent; text-style: bold; }
        & > .roster-table--placeholder { color: $text-muted; text-style: italic; }
        &:focus > .roster-table--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
    }
    """

    COMPONENT_CLASSES = {
        "roster-table--header",
        "roster-table--cursor",
        "roster-table--marked",
        "roster-table--placeholder",
    }

    BINDINGS = [
        Binding("up,k", "cursor_up", "Up", show=False),
        Binding("down,j", "cursor_down", "Down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home,g", "first", "First row", show=False),
        Binding("end,G", "last", "Last row", show=False),
        Binding("space", "toggle_mark", "Mark"),
        Binding("asterisk", "mark_all", "Mark all matching"),
        Binding("minus", "clear_marks", "Unmark all"),
    ]

    cursor_row: reactive[int] = reactive(0, always_update=True)

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
    class CursorMoved(Message):
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
        super().__init__(name=name, id=id, classes=classes)
        self._columns: list[Column] = list(columns)
        self.source = source
        self.empty_text = empty_text
        self.query_value: Any = None
        self.sort_key: str | None = None
        self.descending = False
        self.marks: set[int] = set()
        self.total = 0
        self.counting = False
        self.loaded = False
        self._generation = 0
        self._pages: OrderedDict[int, list[Any]] = OrderedDict()
        self._inflight: set[int] = set()
        self._header_cache: tuple[Any, Strip] | None = None
        # rendered rows by user id: (row, marked, cursor, pass key, strip); a row is
        # rendered again only when it, its mark, the cursor, the styles or the geometry
        # changed (a cursor move repaints two lines from here, not a screen of Text)
        self._row_strips: dict[int, tuple[Any, bool, bool, tuple[Any, ...], Strip]] = {}
        self._pass: tuple[Any, ...] | None = None  # styles and geometry of this paint
        self._columns_version = 0

    @property
    def columns(self) -> list[Column]:
        return list(self._columns)

    def set_columns(self, columns: Sequence[Column]) -> None:
        self._columns = list(columns)
        self._columns_version += 1
        self._row_strips.clear()
        self._update_virtual_size()
        self.refresh()

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
        except Exception as exc:  # shown to the admin, never swallowed
            self.post_message(self.LoadFailed(self, _describe(exc)))

    @work(thread=True, group="roster-pages", exit_on_error=False)
    def _load_pages(self, generation: int, query: Any, pages: list[int]) -> None:
        try:
            rows = self.source.page(query, pages[0] * PAGE, len(pages) * PAGE)
            self.post_message(self._PagesLoaded(generation, pages[0], pages, rows))
        except Exception as exc:
            self.post_message(self._PagesLoaded(generation, pages[0], pages, []))
            self.post_message(self.LoadFailed(self, _describe(exc)))

    @work(thread=True, exclusive=True, group="roster-ids", exit_on_error=False)
    def _load_ids(self, generation: int, query: Any) -> None:
        try:
            self.post_message(self._IdsLoaded(generation, self.source.ids(query)))
        except Exception as exc:
            self.post_message(self.LoadFailed(self, _describe(exc)))

    def on_roster_table__window_loaded(self, message: _WindowLoaded) -> None:
        message.stop()
        if message.generation != self._generation:
            return
        self.query_value = message.query
        self._pages.clear()
        self._inflight.clear()
        self._store(message.first_page, message.rows)
        self.counting = message.total is None
        if message.total is None:
            self.total = message.first_page * PAGE + len(message.rows)
        else:
            self.total = message.total
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
        self._header_cache = None
        self.refresh()
        self._ensure_pages()
        self.post_message(self.Loaded(self, self.total, self.counting))

    def on_roster_table__counted(self, message: _Counted) -> None:
        message.stop()
        if message.generation != self._generation:
            return
        self.total, self.counting = message.total, False
        self._update_virtual_size()
        self.refresh()
        self._ensure_pages()
        self.post_message(self.Loaded(self, self.total, self.counting))

    def on_roster_table__pages_loaded(self, message: _PagesLoaded) -> None:
        message.stop()
        self._inflight.difference_update(message.pages)
        if message.generation != self._generation:
            return
        self._store(message.first_page, message.rows)
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

    def _store(self, first_page: int, rows: list[Any]) -> None:
        for i in range(0, max(len(rows), 1), PAGE):
            chunk = rows[i:i + PAGE]
            if chunk or i == 0:
                self._pages[first_page + i // PAGE] = chunk
        while len(self._pages) > MAX_PAGES:
            here = int(self.scroll_y) // PAGE
            far = max(self._pages, key=lambda p: abs(p - here))
            del self._pages[far]

    def _ensure_pages(self) -> None:
        """Ask for the pages the viewport shows (and one either side) that are not cached."""
        if self.query_value is None or not self.total:
            return
        top = int(self.scroll_y)
        last_row = min(top + self.size.height, self.total - 1)
        wanted = range(max(top // PAGE - 1, 0), min(last_row // PAGE + 1, (self.total - 1) // PAGE)
                       + 1)
        missing = [p for p in wanted if p not in self._pages and p not in self._inflight]
        if not missing:
            return
        # one query per run of consecutive pages
        runs: list[list[int]] = []
        for p in missing:
            if runs and runs[-1][-1] == p - 1:
                runs[-1].append(p)
            else:
                runs.append([p])
        for run in runs:
            self._inflight.update(run)
            self._load_pages(self._generation, self.query_value, run)

    # --- rows, cursor and marks -----------------------------------------

    def row_at(self, index: int) -> Any | None:
        page = self._pages.get(index // PAGE)
        if page is None:
            return None
        offset = index % PAGE
        return page[offset] if offset < len(page) else None

    @property
    def current_row(self) -> Any | None:
        return self.row_at(self.cursor_row) if self.total else None

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

    def watch_cursor_row(self, old: int, new: int) -> None:
        top = int(self.scroll_y)
        self._scroll_cursor_into_view()
        if int(self.scroll_y) == top:
            # only the two rows whose highlight changed (row i is virtual line i + 1)
            self.refresh_line(old + 1)
            self.refresh_line(new + 1)
        else:
            self.refresh()
        self.post_message(self.CursorMoved(self, self.current_row))

    def _visible_rows(self) -> int:
        return max(self.size.height - 1, 1)

    def _scroll_cursor_into_view(self) -> None:
        top, visible = int(self.scroll_y), self._visible_rows()
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False, immediate=True)
        elif self.cursor_row >= top + visible:
            self.scroll_to(y=self.cursor_row - visible + 1, animate=False, immediate=True)

    def _move(self, row: int) -> None:
        if self.total:
            self.cursor_row = max(0, min(row, self.total - 1))

    def action_cursor_up(self) -> None:
        self._move(self.cursor_row - 1)

    def action_cursor_down(self) -> None:
        self._move(self.cursor_row + 1)

    def action_page_down(self) -> None:
        step = self._visible_rows()
        self.scroll_to(y=int(self.scroll_y) + step, animate=False, immediate=True)
        self._move(self.cursor_row + step)

    def action_page_up(self) -> None:
        step = self._visible_rows()
        self.scroll_to(y=max(int(self.scroll_y) - step, 0), animate=False, immediate=True)
        self._move(self.cursor_row - step)

    def action_first(self) -> None:
        self._move(0)

    def action_last(self) -> None:
        self._move(self.total - 1)

    def action_toggle_mark(self) -> None:
        row = self.current_row
        if row is None:
            self.app.bell()
            return
        self.marks.symmetric_difference_update({row.id})
        self._marks_changed()
        self._move(self.cursor_row + 1)

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

    # --- scrolling and mouse ---------------------------------------------

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._ensure_pages()

    def on_resize(self, event: events.Resize) -> None:
        self._update_virtual_size()
        self._ensure_pages()

    def _update_virtual_size(self, *, grow_only: bool = False) -> None:
        width = 2 + sum(c.width + 1 for c in self._columns)
        height = self.total + 1
        if grow_only:
            height = max(height, self.virtual_size.height)
        self.virtual_size = Size(width, height)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        x = offset.x + int(self.scroll_x)
        if offset.y == 0:
            column = self._column_at(x)
            if column is not None and column.sort:
                self.post_message(self.HeaderClicked(self, column.sort))
            return
        index = int(self.scroll_y) + offset.y - 1
        if index < self.total:
            self.cursor_row = index
            if x < 2:
                self.action_toggle_mark()

    def _column_at(self, x: int) -> Column | None:
        left = 2
        for column in self._columns:
            if left <= x < left + column.width + 1:
                return column
            left += column.width + 1
        return None

    # --- rendering --------------------------------------------------------

    def render_lines(self, crop: Region) -> list[Strip]:
        self._pass = None  # styles are looked up once per paint, not once per line
        return super().render_lines(crop)

    def _paint_pass(self) -> tuple[Any, ...]:
        """(base, placeholder, marked, cursor styles, scroll_x, width, columns version)."""
        if self._pass is None:
            self._pass = (self.rich_style,
                          self.get_component_rich_style("roster-table--placeholder"),
                          self.get_component_rich_style("roster-table--marked"),
                          self.get_component_rich_style("roster-table--cursor"),
                          int(self.scroll_x), self.size.width, self._columns_version)
        return self._pass

    def render_line(self, y: int) -> Strip:
        paint = self._paint_pass()
        base, placeholder, marked_style, cursor_style, scroll_x, width, _ = paint
        if y == 0:
            return self._header_strip(scroll_x, width, base)
        index = int(self.scroll_y) + y - 1
        if not self.loaded or self.total == 0:
            if y == 1:
                text = "Loading…" if not self.loaded else self.empty_text
                return self._strip(Text("  " + text, style=placeholder), scroll_x, width, base)
            return Strip.blank(width, base)
        if index >= self.total:
            return Strip.blank(width, base)
        row = self.row_at(index)
        at_cursor = index == self.cursor_row
        if row is None:
            line = Text("  …", style=placeholder)
            return self._strip(line, scroll_x, width,
                               base + cursor_style if at_cursor else base)
        marked = row.id in self.marks
        cached = self._row_strips.get(row.id)
        if (cached is not None and cached[0] is row and cached[1] == marked
                and cached[2] == at_cursor and cached[3] == paint):
            return cached[4]
        style = base
        if marked:
            style = style + marked_style
        if at_cursor:
            style = style + cursor_style
        strip = self._strip(self._row_text(row, marked), scroll_x, width, style)
        if len(self._row_strips) >= MAX_STRIPS:
            self._row_strips.clear()
        self._row_strips[row.id] = (row, marked, at_cursor, paint, strip)
        return strip

    def _row_text(self, row: Any, marked: bool) -> Text:
        line = Text("● " if marked else "  ", no_wrap=True, end="")
        for column in self._columns:
            cell = inert(column.value(row))
            cell.truncate(column.width, overflow="ellipsis", pad=True)
            line.append_text(cell)
            line.append(" ")
        return line

    def _header_strip(self, scroll_x: int, width: int, base: Style) -> Strip:
        key = (scroll_x, width, self.sort_key, self.descending, tuple(self._columns), base)
        if self._header_cache and self._header_cache[0] == key:
            return self._header_cache[1]
        line = Text("  ", no_wrap=True, end="")
        for column in self._columns:
            label = column.label
            if column.sort and column.sort == self.sort_key:
                label += " ▼" if self.descending else " ▲"
            cell = Text(label)
            cell.truncate(column.width, overflow="ellipsis", pad=True)
            line.append_text(cell)
            line.append(" ")
        style = base + self.get_component_rich_style("roster-table--header")
        strip = self._strip(line, scroll_x, width, style)
        self._header_cache = (key, strip)
        return strip

    def _strip(self, line: Text, scroll_x: int, width: int, style: Style) -> Strip:
        segments = list(line.render(self.app.console))
        strip = Strip(segments).crop_extend(scroll_x, scroll_x + width, None)
        return strip.apply_style(style) if style else strip

    def set_sort(self, sort_key: str | None, descending: bool) -> None:
        self.sort_key, self.descending = sort_key, descending
        self._header_cache = None
        self.refresh_line(0)


def _describe(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return f"could not read the table: {text}"


__all__ = ["Column", "PAGE", "RosterTable", "RowSource"]
