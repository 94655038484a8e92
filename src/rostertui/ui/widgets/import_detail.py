"""The Import tab's detail panel: the focused row's errors in full, its warnings, and for an
update each change."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from rostertui.importing.rows import CREATE, ERROR, UNCHANGED, UPDATE, Row
from rostertui.ui.widgets.inert import inert


def row_detail(row: Row | None) -> Text:
    """What the panel shows for ``row`` (nothing for None); user text is never markup."""
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
    return text


def _show(value: object) -> str:
    if value is None or value == "" or value == []:
        return "(blank)"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


class RowDetail(Static):
    """``show`` one row (or None for nothing)."""

    def show(self, row: Row | None) -> None:
        self.update(row_detail(row))
