"""One scrolling table: a header line and a window of rows, drawn a line at a time.

``ScrollTable`` is a Line API widget (``ScrollView`` + ``render_line``): only the
lines on screen are drawn, whatever the number of rows. A subclass says how many
rows there are (``total``), which row stands at an index (``row_at``, ``None``
while it is still being read), the widths of its columns, and how to draw the
header and a row. The base does the rest, once for every table:

- a cursor row moved by keys, pages and clicks, always kept in sight, above the
  horizontal scrollbar too;
- a cursor column moved by ←/→ (and clicks): the cell under both cursors is drawn
  apart from the rest of the row, and the columns scroll a whole column at a time
  to keep it in sight, with a frozen *lead* (the marks, the row number: the first
  ``lead_width`` cells of every line) that never scrolls away;
- a cache of drawn lines, so a cursor move redraws two lines, not a screen.

Rows are drawn from ``rich.text.Text`` built by the subclass from the values
themselves (through :func:`~rostertui.ui.widgets.inert.inert`, never markup).
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any

from rich.style import Style
from rich.text import Text
from textual import events
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from rostertui.ui.widgets.column_cursor import ColumnCursor
from rostertui.ui.widgets.table_copy import CopiesCells
from rostertui.ui.widgets.table_keys import COPY_BINDINGS, ROW_BINDINGS, column_bindings
from rostertui.ui.widgets.table_lines import Paint, line_strip
from rostertui.ui.workers import ReportsFailedWorkers

MAX_STRIPS = 512  # drawn rows kept for repaints (a few screens' worth)


class ScrollTable(ReportsFailedWorkers, ColumnCursor, CopiesCells, ScrollView, can_focus=True,
                  inherit_bindings=False):
    """A header and rows from a subclass, with a cursor, paging and column scrolling."""

    DEFAULT_CSS = """
    ScrollTable {
        height: 1fr;
        background: $surface;
        scrollbar-gutter: stable;
        & > .scroll-table--header { background: $panel; color: $foreground; text-style: bold; }
        & > .scroll-table--cursor { background: $block-cursor-blurred-background; }
        & > .scroll-table--placeholder { color: $text-muted; text-style: italic; }
        /* the cell under the cursor: the row's own colours swapped, whatever the theme */
        & > .scroll-table--cell-cursor { text-style: underline; }
        &:focus > .scroll-table--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
        &:focus > .scroll-table--cell-cursor { text-style: reverse bold; }
    }
    """

    COMPONENT_CLASSES = {"scroll-table--header", "scroll-table--cursor",
                         "scroll-table--placeholder", "scroll-table--cell-cursor"}

    BINDINGS = [*ROW_BINDINGS, *column_bindings(), *COPY_BINDINGS]

    cursor_row: reactive[int] = reactive(0, always_update=True)
    # the scrolling column the cursor is on (0: the first after the lead)
    cursor_column: reactive[int] = reactive(0, init=False)

    @dataclass
    class CursorMoved(Message):
        """The cursor moved, or the row under it changed (``row`` None: none or not read)."""

        table: ScrollTable
        row: Any | None

    @dataclass
    class ColumnHighlighted(Message):
        """The cursor moved to another column (``key``: :meth:`ScrollTable.column_key`)."""

        table: ScrollTable
        column: int
        key: str | None

    def __init__(self, *, empty_text: str = "Nothing to show", name: str | None = None,
                 id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.empty_text = empty_text
        self._styles: dict[str, Style] = {}  # styles of this paint
        self._pass: Paint | None = None
        self._layout_version = 0  # bumped when columns change: drawn lines are stale
        self._header_cache: tuple[Hashable, Strip] | None = None
        # drawn rows by key: (row, state, strip); a row is drawn again only when it,
        # its state (a mark...), the cursor on it, the styles or the geometry changed
        self._strips: dict[Hashable, tuple[Any, Hashable, Strip]] = {}

    # --- what a subclass provides -------------------------------------------

    @property
    def total(self) -> int:
        """How many rows there are."""
        raise NotImplementedError(f"{type(self).__name__} must say how many rows it has")

    def row_at(self, index: int) -> Any | None:
        """The row at ``index``, or None when it is not (yet) at hand."""
        raise NotImplementedError(f"{type(self).__name__} must hand out its rows")

    def column_widths(self) -> Sequence[int]:
        """The widths of the scrolling columns (each is followed by one space)."""
        raise NotImplementedError

    @property
    def lead_width(self) -> int:
        """Cells at the left of every line that do not scroll sideways."""
        return 0

    def column_key(self, index: int) -> str:
        """What names scrolling column ``index`` (a field); its position unless told."""
        return str(index)

    def header_text(self) -> Text:
        raise NotImplementedError

    def header_key(self) -> Hashable | None:
        """What the header depends on besides styles and geometry, to cache it on; None
        (the default) draws it every time."""
        return None

    def row_text(self, index: int, row: Any) -> tuple[Text, Style | None]:
        """The line of ``row`` and a style for the whole line (None: the table's own)."""
        raise NotImplementedError

    def row_key(self, row: Any) -> Hashable | None:
        """A key to cache the drawn row under, or None to draw it every time."""
        return None

    def row_state(self, row: Any) -> Hashable:
        """What else the drawing of a cached row depends on (a mark, say)."""
        return None

    def placeholder(self) -> str | None:
        """A line to show instead of rows (loading, nothing to show), or None."""
        return None if self.total else self.empty_text

    # --- geometry -------------------------------------------------------------

    @property
    def visible_rows(self) -> int:
        """How many rows fit under the header, above the horizontal scrollbar if shown."""
        return max(self.scrollable_content_region.height - 1, 1)

    def column_starts(self) -> list[int]:
        """Where each scrolling column starts, counted from the end of the lead."""
        starts, x = [], 0
        for width in self.column_widths():
            starts.append(x)
            x += width + 1
        return starts

    def update_layout(self) -> None:
        """The columns or their widths changed: size the table again and redraw it."""
        self._layout_version += 1
        self._strips.clear()
        self._header_cache = None
        self._update_virtual_size()
        self.refresh()
        count = len(self.column_widths())
        if self.cursor_column >= count:
            self.cursor_column = max(count - 1, 0)
        # wider columns may bring the horizontal scrollbar over the cursor row
        self.call_after_refresh(self._scroll_cursor_into_view)

    def _update_virtual_size(self, *, grow_only: bool = False) -> None:
        width = self.lead_width + sum(w + 1 for w in self.column_widths())
        height = self.total + 1
        if grow_only:
            height = max(height, self.virtual_size.height)
        self.virtual_size = Size(width, height)

    def on_resize(self, event: events.Resize) -> None:
        self._update_virtual_size()
        self.call_after_refresh(self._scroll_cursor_into_view)
        self.call_after_refresh(self._scroll_column_into_view)

    # --- the cursor -----------------------------------------------------------

    @property
    def current_row(self) -> Any | None:
        return self.row_at(self.cursor_row) if self.total else None

    def move(self, index: int) -> None:
        """Put the cursor on row ``index`` (kept within the rows)."""
        if self.total:
            self.cursor_row = max(0, min(index, self.total - 1))

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

    def _scroll_cursor_into_view(self) -> None:
        top, visible = int(self.scroll_y), self.visible_rows
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False, immediate=True)
        elif self.cursor_row >= top + visible:
            self.scroll_to(y=self.cursor_row - visible + 1, animate=False, immediate=True)

    def action_cursor_up(self) -> None:
        self.move(self.cursor_row - 1)

    def action_cursor_down(self) -> None:
        self.move(self.cursor_row + 1)

    def action_page_down(self) -> None:
        step = self.visible_rows
        self.scroll_to(y=int(self.scroll_y) + step, animate=False, immediate=True)
        self.move(self.cursor_row + step)

    def action_page_up(self) -> None:
        step = self.visible_rows
        self.scroll_to(y=max(int(self.scroll_y) - step, 0), animate=False, immediate=True)
        self.move(self.cursor_row - step)

    def action_first(self) -> None:
        self.move(0)

    def action_last(self) -> None:
        self.move(self.total - 1)

    # --- the mouse ----------------------------------------------------------------

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        if offset.y == 0:
            self.header_clicked(offset.x)
            return
        index = int(self.scroll_y) + offset.y - 1
        if index < self.total:
            self.cursor_row = index
            column = self.column_at(offset.x)
            if column is not None:
                self.move_column(column)
            self.row_clicked(index, offset.x)

    def header_clicked(self, x: int) -> None:
        """The header was clicked ``x`` cells from the left edge."""

    def row_clicked(self, index: int, x: int) -> None:
        """Row ``index`` was clicked (the cursor is on it already, and on the column
        clicked, if one was)."""

    # --- drawing --------------------------------------------------------------------

    def render_lines(self, crop: Region) -> list[Strip]:
        # styles and geometry are looked up once per paint, not once per line
        self._styles = {}
        self._pass = self._paint_pass()
        try:
            return super().render_lines(crop)
        finally:
            self._pass = None  # a render_line called on its own looks them up afresh

    def component_style(self, name: str) -> Style:
        """A component class's style, looked up once per paint."""
        style = self._styles.get(name)
        if style is None:
            style = self._styles[name] = self.get_component_rich_style(name)
        return style

    def _paint_pass(self) -> Paint:
        """What every drawn line depends on: styles, scroll, width, lead, columns."""
        width = self.size.width
        return Paint(self.rich_style, self.component_style("scroll-table--cursor"),
                      self.component_style("scroll-table--placeholder"), round(self.scroll_x),
                      width, min(self.lead_width, width), self._layout_version,
                      self.get_component_rich_style("scroll-table--cell-cursor", partial=True))

    def render_line(self, y: int) -> Strip:
        paint = self._pass or self._paint_pass()
        if y == 0:
            return self._header_strip(paint)
        note = self.placeholder()
        if note is not None:
            if y == 1:
                return line_strip(self.app.console, Text("  " + note, style=paint.placeholder),
                                   paint.base, paint, scrolled=False)
            return Strip.blank(paint.width, paint.base)
        index = int(self.scroll_y) + y - 1
        if index >= self.total:
            return Strip.blank(paint.width, paint.base)
        row = self.row_at(index)
        at_cursor = index == self.cursor_row
        if row is None:  # not read yet: its page is on the way
            return line_strip(self.app.console, Text("  …", style=paint.placeholder),
                               paint.base + paint.cursor if at_cursor else paint.base, paint,
                               scrolled=False)
        key = self.row_key(row)
        cell = self.cursor_cell_span() if at_cursor else None
        state = (self.row_state(row), at_cursor, cell, paint)
        if key is not None:
            cached = self._strips.get(key)
            if cached is not None and cached[0] is row and cached[1] == state:
                return cached[2]
        text, style = self.row_text(index, row)
        style = paint.base if style is None else paint.base + style
        if at_cursor:
            style = style + paint.cursor
        strip = line_strip(self.app.console, text, style, paint, cell=cell)
        if key is not None:
            if len(self._strips) >= MAX_STRIPS:
                self._strips.clear()
            self._strips[key] = (row, state, strip)
        return strip

    def _header_strip(self, paint: Paint) -> Strip:
        what = self.header_key()
        key = (what, paint)
        if what is not None and self._header_cache is not None \
                and self._header_cache[0] == key:
            return self._header_cache[1]
        strip = line_strip(self.app.console, self.header_text(),
                            paint.base + self.component_style("scroll-table--header"), paint)
        self._header_cache = (key, strip)
        return strip

    def redraw_header(self) -> None:
        """Draw the header again (it stays at the top whatever the scroll)."""
        self._header_cache = None
        self.refresh(Region(0, 0, self.size.width, 1))


__all__ = ["COPY_BINDINGS", "ROW_BINDINGS", "ScrollTable", "column_bindings"]
