"""The Import tab's detail panel: the focused row's errors in full, its warnings, and for an
update each change."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import Static

from rostertui.importing.rows import CREATE, ERROR, UNCHANGED, UPDATE, Row
from rostertui.ui.widgets.inert import inert
from rostertui.ui.widgets.preview_table import PreviewColumn


def row_detail(row: Row | None, columns: Sequence[PreviewColumn] = ()) -> Text:
    """What the panel shows for ``row`` (nothing for None): its errors, warnings, changes,
    and the cells of ``columns`` that hold several lines, line by line (the preview shows
    them on one line, with ⏎). User text is never markup, and each line is inert."""
    text = Text(no_wrap=False, end="")
    if row is None:
        return text
    head = f"Row {row.number}: {row.action}"
    if row.action != ERROR and not row.include:
        head += " (left out)"
    text.append(head, "bold")
    if row.send_email and row.action in (CREATE, UPDATE):
        text.append("  ·  email marked")
    for issue in row.errors:
        text.append("\n✗ ", "bold red")
        text.append_text(inert(str(issue)))
    for issue in row.warnings:
        text.append("\n! ", "bold yellow")
        text.append_text(inert(str(issue)))
    for key, (old, new) in row.changes.items():
        text.append("\n")
        text.append_text(inert(f"{key}: {_show(old)} → {_show(new)}"))
    if row.action == UNCHANGED:
        text.append("\nThe stored user already holds these values.")
    cells = row.cells
    for column in columns:
        cell = cells[column.index] if column.index < len(cells) else ""
        if column.secret or "\n" not in cell:
            continue
        text.append("\n")
        text.append_text(inert(f"{column.header}:", "bold"))
        for line in cell.replace("\r\n", "\n").split("\n"):
            text.append("\n  ")
            text.append_text(inert(line))
    return text


def _show(value: object) -> str:
    if value is None or value == "" or value == []:
        return "(blank)"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


class RowDetail(Static):
    """``show`` one row (or None for nothing)."""

    def show(self, row: Row | None, columns: Sequence[PreviewColumn] = ()) -> None:
        self.update(row_detail(row, columns))
