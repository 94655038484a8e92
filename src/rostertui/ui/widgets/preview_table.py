"""The Import tab's preview: every row of a file, drawn a screenful at a time.

``PreviewTable`` is a :class:`~rostertui.ui.widgets.scroll_table.ScrollTable`
whose rows are the import session's :class:`~rostertui.importing.rows.Row`
objects, already in memory: a filter is a list of positions, and only the lines
on screen are drawn, so 100,000 rows scroll as smoothly as 100. The lead (include,
email, action, row number) stays in sight while the file's columns scroll
sideways. Every cell is built from the text itself through :func:`inert` (never
markup), and password cells are masked.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

from rich.style import Style
from rich.text import Text

from rostertui.importing.rows import ERROR, UNCHANGED, Row
from rostertui.ui.widgets.inert import inert
from rostertui.ui.widgets.scroll_table import (
    COPY_BINDINGS,
    ROW_BINDINGS,
    ScrollTable,
    column_bindings,
)

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
        width = max([len(head), 4] + [len(one_line(r.cells[index])) for r in sample
                                      if index < len(r.cells)])
        out.append(PreviewColumn(index, head, key, min(width, MAX_WIDTH),
                                 secret=key == "password"))
    return out


LINE_BREAK = "⏎"  # a line break inside a cell (free text keeps its lines), in one line


def one_line(text: str) -> str:
    """A cell's text for one line of the table: each line break (LF or CRLF) shown as ⏎."""
    if "\n" not in text:
        return text
    return text.replace("\r\n", LINE_BREAK).replace("\n", LINE_BREAK)


def include_mark(row: Row) -> str:
    if row.action == ERROR:
        return "✗"
    return "✓" if row.include else "·"


def email_mark(row: Row) -> str:
    return "✉" if row.send_email else " "


NUMBER = 3  # the row number's least width


class PreviewTable(ScrollTable, inherit_bindings=False):
    DEFAULT_CSS = """
    PreviewTable {
        & > .preview-table--create { color: $text-success; }
        & > .preview-table--update { color: $text-warning; }
        & > .preview-table--unchanged { color: $text-muted; }
        & > .preview-table--error { color: $text-error; text-style: bold; }
        & > .preview-table--error-cell { background: $error-muted; color: $text-error; }
        & > .preview-table--excluded { color: $text-muted; text-style: strike; }
    }
    """

    COMPONENT_CLASSES = {
        "preview-table--create", "preview-table--update", "preview-table--unchanged",
        "preview-table--error", "preview-table--error-cell", "preview-table--excluded",
    }

    # h and l are not bound here: on the Import tab, h opens the history
    BINDINGS = [*ROW_BINDINGS, *column_bindings("left", "right"), *COPY_BINDINGS]

    @dataclass
    class CursorMoved(ScrollTable.CursorMoved):
        table: PreviewTable
        row: Row | None

    def __init__(self, *, empty_text: str = "No rows to show", name: str | None = None,
                 id: str | None = None, classes: str | None = None) -> None:
        super().__init__(empty_text=empty_text, name=name, id=id, classes=classes)
        self.rows: Sequence[Row] = []
        self.view: Sequence[int] | None = None  # positions shown; None: every row
        self.columns: list[PreviewColumn] = []
        self._number = NUMBER

    # --- data -------------------------------------------------------------

    def set_rows(self, rows: Sequence[Row], columns: list[PreviewColumn]) -> None:
        self.rows, self.columns, self.view = rows, columns, None
        self._number = max([NUMBER] + [len(str(r.number)) for r in rows[-1:]])
        self.update_layout()
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

    def row_at(self, index: int) -> Row | None:
        position = self.position_at(index)
        return None if position is None else self.rows[position]

    @property
    def current_position(self) -> int | None:
        return self.position_at(self.cursor_row)

    def refresh_rows(self) -> None:
        """The rows' state changed (a toggle, a fix): draw them again."""
        self.refresh()

    # --- drawing ------------------------------------------------------------

    @property
    def lead_width(self) -> int:
        return 16 + self._number  # "in @ action    row "

    def column_widths(self) -> list[int]:
        return [c.width for c in self.columns]

    def cell_text(self, row: Row, index: int) -> str | None:
        """The file's text of the cell (None: a password, never shown nor copied)."""
        column = self.columns[index]
        if column.secret:
            return None
        return row.cells[column.index] if column.index < len(row.cells) else ""

    def row_label(self, row: Row) -> str:
        return f"row {row.number}"

    def column_key(self, index: int) -> str:
        """The canonical field a column maps to, or the file's header of a column the
        import leaves out."""
        column = self.columns[index]
        return column.key or column.header

    def header_key(self) -> object:
        return (tuple(self.columns), self._number)

    def header_text(self) -> Text:
        line = Text(f"{'in':2} {'@':1} {'action':9} {'row':>{self._number}} ", no_wrap=True,
                    end="")
        for column in self.columns:
            cell = inert(column.header)
            cell.truncate(column.width, overflow="ellipsis", pad=True)
            line.append_text(cell)
            line.append(" ")
        return line

    def row_text(self, index: int, row: Row) -> tuple[Text, Style | None]:
        style = self.component_style
        action_style = style(f"preview-table--{row.action}")
        line = Text(no_wrap=True, end="")
        line.append(f"{include_mark(row):2} ", action_style if row.action == ERROR else "")
        line.append(f"{email_mark(row):1} ")
        excluded = not row.include and row.action != ERROR
        label = "left out" if excluded else row.action
        line.append(f"{label:9}", style("preview-table--excluded") if excluded else action_style)
        line.append(f" {row.number:>{self._number}} ")
        bad: set[str] = set()
        if row.action == ERROR:
            for issue in row.errors:
                bad.add(issue.field)
                if issue.column:
                    bad.add("\0" + issue.column)
        cell_style = style("preview-table--error-cell")
        muted = style("preview-table--unchanged")
        cells = row.cells
        for column in self.columns:
            raw = cells[column.index] if column.index < len(cells) else ""
            text = ("•" * min(len(raw), 8)) if column.secret else one_line(raw)
            cell = inert(text)
            cell.truncate(column.width, overflow="ellipsis", pad=True)
            if bad and (column.key in bad or "\0" + column.header in bad):
                cell.stylize(cell_style)
            elif row.action == UNCHANGED:
                cell.stylize(muted)
            line.append_text(cell)
            line.append(" ")
        return line, None


__all__ = ["LINE_BREAK", "PreviewColumn", "PreviewTable", "columns_for", "email_mark",
           "include_mark", "one_line"]
