"""The keys of every :class:`~rostertui.ui.widgets.scroll_table.ScrollTable`: the cursor
row and the cursor column."""

from __future__ import annotations

from textual.binding import Binding

# Moving the cursor: every table has these.
ROW_BINDINGS = [
    Binding("up,k", "cursor_up", "Up", show=False, id="cursor_up"),
    Binding("down,j", "cursor_down", "Down", show=False, id="cursor_down"),
    Binding("pageup", "page_up", "Page up", show=False, id="page_up"),
    Binding("pagedown", "page_down", "Page down", show=False, id="page_down"),
    Binding("home,g", "first", "First row", show=False, id="first"),
    Binding("end,G", "last", "Last row", show=False, id="last"),
]


def column_bindings(left: str = "left,h", right: str = "right,l") -> list[Binding]:
    """Moving the cursor a column; a table whose parent uses h or l passes other keys."""
    return [
        Binding(left, "column_left", "Column left", show=False, id="column_left",
                tooltip="Move the cursor to the column on the left, scrolling to show it"),
        Binding(right, "column_right", "Column right", show=False, id="column_right",
                tooltip="Move the cursor to the column on the right, scrolling to show it"),
    ]


# Copying, through the terminal (OSC 52): it reaches the admin's own clipboard over SSH.
COPY_BINDINGS = [
    Binding("ctrl+c", "copy_cell", "Copy cell", show=False, id="copy_cell",
            tooltip="Copy the text of the cell under the cursor to your clipboard"),
    Binding("Y", "copy_row", "Copy row", show=False, id="copy_row",
            tooltip="Copy the row under the cursor to your clipboard, as one CSV line"),
]


__all__ = ["COPY_BINDINGS", "ROW_BINDINGS", "column_bindings"]
