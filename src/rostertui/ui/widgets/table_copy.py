"""Copying from a :class:`~rostertui.ui.widgets.scroll_table.ScrollTable`: the cell under
the cursor (ctrl+c) or its row as one CSV line (Y; formulas neutralised, as in every CSV
we write), through ``App.copy_to_clipboard``
(OSC 52, so it reaches the admin's clipboard over SSH too), with a notification saying what
was copied. A table says what a cell holds (:meth:`CopiesCells.cell_text`); a cell that
is never shown (a password) is never copied: the row's CSV leaves it empty."""

from __future__ import annotations

import csv
import io
from typing import Any

from rostertui.domain.csv_safety import escape_cell
from rostertui.ui.text import plural

SHOWN = 40  # characters of the copied text the notification quotes


class CopiesCells:
    """Mixed into the table base, before ScrollView."""

    def cell_text(self, row: Any, index: int) -> str | None:
        """The text of scrolling column ``index`` of ``row`` (None: not to be copied)."""
        return None

    def row_label(self, row: Any) -> str:
        """How the notification names ``row``."""
        return "the row"

    def action_copy_cell(self) -> None:
        table: Any = self
        row = table.current_row
        count = len(table.column_widths())
        if row is None or table.cursor_column >= count:
            table.app.bell()
            return
        text = self.cell_text(row, table.cursor_column)
        if text is None:
            table.app.notify("A password is never copied", severity="warning", timeout=4,
                             markup=False)
            return
        table.app.copy_to_clipboard(text)
        table.app.notify(f"Copied {_quoted(text)} to the clipboard", timeout=3, markup=False)

    def action_copy_row(self) -> None:
        table: Any = self
        row = table.current_row
        if row is None:
            table.app.bell()
            return
        # as every CSV we write: a cell that a spreadsheet would run as a formula is not
        cells = [escape_cell(self.cell_text(row, i) or "")
                 for i in range(len(table.column_widths()))]
        line = io.StringIO()
        csv.writer(line, lineterminator="").writerow(cells)
        table.app.copy_to_clipboard(line.getvalue())
        table.app.notify(f"Copied {self.row_label(row)} as a CSV line "
                         f"({plural(len(cells), 'field')}) to the clipboard", timeout=3,
                         markup=False)


def _quoted(text: str) -> str:
    if not text:
        return "an empty cell"
    short = text if len(text) <= SHOWN else text[:SHOWN - 1] + "…"
    return repr(short)


__all__ = ["CopiesCells"]
