"""The grid of new users: one row per user, one column per field, errors shown in their cell.

The widget only holds and draws the cells; the screen that owns it (``ui/screens/add_grid``)
checks them in a worker through the import engine and hands the errors back with
:meth:`AddGrid.show_errors`. Pasting a block from a spreadsheet (the terminal's bracketed
paste) fills one row per line from the cursor's row on, adding rows as needed.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable

from rostertui.domain.enums import Kind
from rostertui.importing.grid import SEND_CODE, grid_columns, is_yes, parse_paste
from rostertui.ui.widgets.inert import inert


class AddGrid(DataTable[Text]):
    """Cells as typed; ``show_errors`` marks the cells the engine refused."""

    DEFAULT_CSS = """
    AddGrid { height: 1fr; }
    AddGrid > .add-grid--error-cell { background: $error-muted; color: $text-error; }
    AddGrid > .add-grid--blank { color: $text-muted; }
    """
    COMPONENT_CLASSES = {"add-grid--error-cell", "add-grid--blank"}

    BINDINGS = [
        Binding("enter,f2", "edit_cell", "Edit cell", id="edit_cell",
                tooltip="Type the cell's value; Enter keeps it, Escape cancels"),
        Binding("a", "add_row", "Add another", id="add_row", tooltip="Add one empty row"),
        Binding("5", "add_5", "Add 5", id="add_5", tooltip="Add 5 empty rows"),
        Binding("t", "add_10", "Add 10", id="add_10", tooltip="Add 10 empty rows"),
        Binding("f", "add_15", "Add 15", id="add_15", tooltip="Add 15 empty rows"),
        Binding("d,delete", "delete_row", "Delete row", id="delete_row",
                tooltip="Remove the row under the cursor"),
    ]

    @dataclass
    class Changed(Message):
        """Cells changed (a paste, a row removed): the screen checks the grid again."""

        grid: AddGrid

    @dataclass
    class EditRequested(Message):
        grid: AddGrid
        row: int
        column: int

    def __init__(self, kind: Kind, rows: int = 1, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="cell", zebra_stripes=True)
        self.kind = kind
        self.grid_columns = grid_columns(kind)
        self.cells: list[list[str]] = [self.blank_row() for _ in range(rows)]
        self.errors: dict[tuple[int, str], str] = {}

    def blank_row(self) -> list[str]:
        return [""] * len(self.grid_columns)

    def on_mount(self) -> None:
        for column in self.grid_columns:
            self.add_column(column.label + (" *" if column.required else ""),
                            width=column.width, key=column.field)
        self.redraw()

    # --- drawing --------------------------------------------------------------------

    def cell_text(self, number: int, index: int) -> Text:
        column = self.grid_columns[index]
        value = self.cells[number - 1][index]
        if column.field == SEND_CODE:
            value = "yes" if is_yes(value) else ""
        text = inert(value)
        if (number, column.field) in self.errors:
            if not value:
                text = Text("(needed)" if column.required else "!")
            text.stylize(self.get_component_rich_style("add-grid--error-cell"))
        return text

    def redraw(self) -> None:
        """Draw every row again, keeping the cursor (hundreds of rows at most)."""
        if not self.is_mounted:
            return
        cursor = self.cursor_coordinate
        self.clear()
        width = len(self.grid_columns)
        for number in range(1, len(self.cells) + 1):
            self.add_row(*(self.cell_text(number, i) for i in range(width)),
                         label=str(number))
        if self.cells:
            self.cursor_coordinate = cursor if cursor.row < len(self.cells) else \
                cursor._replace(row=len(self.cells) - 1)

    def show_errors(self, errors: dict[tuple[int, str], str]) -> None:
        self.errors = errors
        self.redraw()

    # --- reading --------------------------------------------------------------------

    def filled_rows(self) -> list[list[str]]:
        """Every row, blank ones included (their numbers stay the grid's)."""
        return [list(r) for r in self.cells]

    def error_at_cursor(self) -> str:
        if not self.cells:
            return ""
        row, col = self.cursor_coordinate
        field = self.grid_columns[col].field
        return self.errors.get((row + 1, field), "")

    # --- changing -------------------------------------------------------------------

    def set_cell(self, row: int, column: int, text: str) -> None:
        self.cells[row][column] = text
        self.update_cell_at((row, column), self.cell_text(row + 1, column))

    def add_rows(self, n: int) -> None:
        self.cells.extend(self.blank_row() for _ in range(n))
        self.redraw()
        self.move_cursor(row=len(self.cells) - n, column=0)

    def action_add_row(self) -> None:
        self.add_rows(1)

    def action_add_5(self) -> None:
        self.add_rows(5)

    def action_add_10(self) -> None:
        self.add_rows(10)

    def action_add_15(self) -> None:
        self.add_rows(15)

    def action_delete_row(self) -> None:
        if not self.cells:
            return
        del self.cells[self.cursor_coordinate.row]
        if not self.cells:
            self.cells.append(self.blank_row())
        # the errors were for the old numbers: drop them until the check comes back
        self.errors = {}
        self.redraw()
        self.post_message(self.Changed(self))

    def action_edit_cell(self) -> None:
        if not self.cells:
            return
        row, column = self.cursor_coordinate
        if self.grid_columns[column].field == SEND_CODE:  # a box: Enter ticks it
            self.set_cell(row, column, "" if is_yes(self.cells[row][column]) else "yes")
            self.post_message(self.Changed(self))
            return
        self.post_message(self.EditRequested(self, row, column))

    def on_paste(self, event: events.Paste) -> None:
        """One row per pasted line from the cursor's row on; a header line orders them."""
        event.stop()
        pasted = parse_paste(event.text, self.kind)
        if not pasted.rows:
            return
        start = self.cursor_coordinate.row if self.cells else 0
        width = len(self.grid_columns)
        for k, cells in enumerate(pasted.rows):
            at = start + k
            while at >= len(self.cells):
                self.cells.append(self.blank_row())
            row = self.cells[at]
            for j, value in enumerate(cells):
                if pasted.targets is None:
                    target: int | None = j
                else:
                    target = pasted.targets[j] if j < len(pasted.targets) else None
                if target is None or target >= width:
                    continue
                row[target] = value.strip()
        self.redraw()
        self.post_message(self.Changed(self))
