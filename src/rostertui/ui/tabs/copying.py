"""What ctrl+c and Y copy from a roster table: the cell under the cursor as shown, or the
row's shown cells as one CSV line (formulas neutralised, as every CSV we write). The app
sends it through OSC 52 (``App.copy_to_clipboard``), so it reaches the admin's own
clipboard over SSH too."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from rostertui.domain.csv_safety import escape_cell
from rostertui.ui.widgets.roster_table import Column


def cell_text(column: Column, row: Any) -> str:
    value = column.value(row)
    return "" if value is None else str(value)


def row_csv(columns: Sequence[Column], row: Any) -> str:
    """The shown cells of ``row``, in the order shown, as one CSV line (no line end)."""
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(
        [escape_cell(cell_text(c, row)) for c in columns])
    return out.getvalue()
