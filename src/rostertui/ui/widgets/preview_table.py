"""The Import tab's preview: every row of a file, drawn a screenful at a time.

``PreviewTable`` is a Line API widget (``ScrollView`` + ``render_line``), like
:class:`~rostertui.ui.widgets.roster_table.RosterTable`, but its rows are the
import session's :class:`~rostertui.importing.rows.Row` objects, already in
memory: a filter is a list of positions, and only the lines on screen are
drawn, so 100,000 rows scroll as smoothly as 100. Every cell is built from the
text itself through :func:`inert` (never markup), and password cells are
masked.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from rostertui.importing.rows import ERROR, UNCHANGED, Row
from rostertui.ui.widgets.inert import inert

MAX_WIDTH = 28
SAMPLE = 200  # rows read to size the columns


@dataclass(frozen=True)
class PreviewColumn:
    index: int  # the cell's position in the row
    header: str  # as the file wrote it
    key: str  # the canonical field (``attribute:NAME``), or "" for an ignored column
    width: int
    secret: bool = False  # a password: never shown


def columns_for(header: Sequence[str], mapped: Sequence[tuple[int, str, str]],
                rows: Sequence[Row]) -> list[PreviewColumn]:
    """One column per mapped header (``(index, header, key)``), as wide as its header and
    the first rows' cells need."""
    sample = rows[:SAMPLE]
    out = []
    for index, head, key in mapped:
        width = max([len(head), 4] + [len(r.cells[index]) for r in sample
                                      if index < len(r.cells)])
        out.append(PreviewColumn(index, head, key, min(width, MAX_WIDTH),
                                 secret=key == "password"))
    return out


def include_mark(row: Row) -> str:
    if row.action == ERROR:
        return "✗"
    return "✓" if row.include else "·"


def email_mark(row: Row) -> str:
    return "✉" if row.send_email else " "


LEAD = 17  # width of the fixed part: include, email, action, row number


class PreviewTable(ScrollView, can_focus=True):
    DEFAULT_CSS = """
    PreviewTable {
        height: 1fr;
        background: $surface;
        scrollbar-gutter: stable;
        & > .preview-table--header { background: $panel; color: $foreground; text-style: bold; }
        & > .preview-table--cursor { background: $block-cursor-blurred-background; }
        & > .preview-table--create { color: $text-success; }
        & > .preview-table--update { color: $text-warning; }
        & > .preview-table--unchanged { color: $text-muted; }
        & > .preview-table--error { color: $text-error; text-style: bold; }
        & > .preview-table--error-cell { background: $error-muted; color: $text-error; }
        & > .preview-table--excluded { color: $text-muted; text-style: strike; }
        & > .preview-table--placeholder { color: $text-muted; text-style: italic; }
        &:focus > .preview-table--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
    }
    """

    COMPONENT_CLASSES = {
        "preview-table--header", "preview-table--cursor", "preview-table--create",
        "preview-table--update", "preview-table--unchanged", "preview-table--error",
        "preview-table--error-cell", "preview-table--excluded", "preview-table--placeholder",
    }

    BINDINGS = [
        Binding("up,k", "cursor_up", "Up", show=False),
        Binding("down,j", "cursor_down", "Down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home,g", "first", "First row", show=False),
        Binding("end,G", "last", "Last row", show=False),
    ]

    cursor_row: reactive[int] = reactive(0, always_update=True)

    @dataclass
    class CursorMoved(Message):
        table: PreviewTable
        row: Row | None

    def __init__(self, *, empty_text: str = "No rows to show", name: str | None = None,
                 id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.empty_text = empty_text
        self.rows: Sequence[Row] = []
        self.view: Sequence[int] | None = None  # positions shown; None: every row
        self.columns: list[PreviewColumn] = []

    # --- data -------------------------------------------------------------

    def set_rows(self, rows: Sequence[Row], columns: list[PreviewColumn]) -> None:
        self.rows, self.columns, self.view = rows, columns, None
        self._update_virtual_size()
        self.scroll_to(0, 0, animate=False, immediate=True)
        self.cursor_row = 0

    def set_view(self, view: Sequence[int] | None) -> None:
        """Show only these positions (a filter), keeping the focused row when it is shown."""
        current = self.current_position
        self.view = view
        self._update_virtual_size()
        if current is None:
            index = 0
        elif view is None:
            index = current
        else:
            from bisect import bisect_left

            index = min(bisect_left(view, current), max(len(view) - 1, 0))
        self.cursor_row = index
        self.refresh()

    @property
    def total(self) -> int:
        return len(self.rows) if self.view is None else len(self.view)

    def position_at(self, index: int) -> int | None:
        if not 0 <= index < self.total:
            return None
        return index if self.view is None else self.view[index]

    @property
    def current_position(self) -> int | None:
        return self.position_at(self.cursor_row)

    @property
    def current_row(self) -> Row | None:
        position = self.current_position
        return None if position is None else self.rows[position]

    def refresh_rows(self) -> None:
        """The rows' state changed (a toggle, a fix): draw them again."""
        self.refresh()

    # --- cursor -------------------------------------------------------------

    def watch_cursor_row(self, old: int, new: int) -> None:
        self._scroll_cursor_into_view()
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

    def move(self, index: int) -> None:
        if self.total:
            self.cursor_row = max(0, min(index, self.total - 1))

    def action_cursor_up(self) -> None:
        self.move(self.cursor_row - 1)

    def action_cursor_down(self) -> None:
        self.move(self.cursor_row + 1)

    def action_page_down(self) -> None:
        step = self._visible_rows()
        self.scroll_to(y=int(self.scroll_y) + step, animate=False, immediate=True)
        self.move(self.cursor_row + step)

    def action_page_up(self) -> None:
        step = self._visible_rows()
        self.scroll_to(y=max(int(self.scroll_y) - step, 0), animate=False, immediate=True)
        self.move(self.cursor_row - step)

    def action_first(self) -> None:
        self.move(0)

    def action_last(self) -> None:
        self.move(self.total - 1)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y == 0:
            return
        index = int(self.scroll_y) + offset.y - 1
        if index < self.total:
            self.cursor_row = index

    def on_resize(self, event: events.Resize) -> None:
        self._update_virtual_size()

    def _update_virtual_size(self) -> None:
        width = LEAD + sum(c.width + 1 for c in self.columns)
        self.virtual_size = Size(width, self.total + 1)

    # --- drawing ------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        scroll_x = int(self.scroll_x)
        base = self.rich_style
        if y == 0:
            return self._strip(self._header_text(), scroll_x, width,
                               base + self.get_component_rich_style("preview-table--header"))
        index = int(self.scroll_y) + y - 1
        if self.total == 0:
            if y == 1:
                style = self.get_component_rich_style("preview-table--placeholder")
                return self._strip(Text("  " + self.empty_text, style=style), scroll_x, width,
                                   base)
            return Strip.blank(width, base)
        position = self.position_at(index)
        if position is None:
            return Strip.blank(width, base)
        style = base
        if index == self.cursor_row:
            style = style + self.get_component_rich_style("preview-table--cursor")
        return self._strip(self._row_text(self.rows[position]), scroll_x, width, style)

    def _header_text(self) -> Text:
        line = Text(f"{'in':2} {'@':1} {'action':9} {'row':>3} ", no_wrap=True, end="")
        for column in self.columns:
            cell = inert(column.header)
            cell.truncate(column.width, overflow="ellipsis", pad=True)
            line.append_text(cell)
            line.append(" ")
        return line

    def _row_text(self, row: Row) -> Text:
        action_style = self.get_component_rich_style(f"preview-table--{row.action}")
        line = Text(no_wrap=True, end="")
        line.append(f"{include_mark(row):2} ", action_style if row.action == ERROR else "")
        line.append(f"{email_mark(row):1} ")
        excluded = not row.include and row.action != ERROR
        label = "left out" if excluded else row.action
        line.append(f"{label:9}", self.get_component_rich_style("preview-table--excluded")
                    if excluded else action_style)
        line.append(f" {row.number:>3} ")
        bad: set[str] = set()
        if row.action == ERROR:
            for issue in row.errors:
                bad.add(issue.field)
                if issue.column:
                    bad.add("\0" + issue.column)
        cell_style = self.get_component_rich_style("preview-table--error-cell")
        muted = self.get_component_rich_style("preview-table--unchanged")
        cells = row.cells
        for column in self.columns:
            raw = cells[column.index] if column.index < len(cells) else ""
            text = ("•" * min(len(raw), 8)) if column.secret else raw
            cell = inert(text)
            cell.truncate(column.width, overflow="ellipsis", pad=True)
            if bad and (column.key in bad or "\0" + column.header in bad):
                cell.stylize(cell_style)
            elif row.action == UNCHANGED:
                cell.stylize(muted)
            line.append_text(cell)
            line.append(" ")
        return line

    def _strip(self, line: Text, scroll_x: int, width: int, style: Style) -> Strip:
        segments = list(line.render(self.app.console))
        strip = Strip(segments).crop_extend(scroll_x, scroll_x + width, None)
        return strip.apply_style(style) if style else strip


__all__ = ["PreviewColumn", "PreviewTable", "columns_for", "email_mark", "include_mark"]
