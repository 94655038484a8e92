"""The Import tab's detail panel: the focused row's errors in full, its warnings, and for an
update each change."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from rostertui.importing.engine import ImportSession
from rostertui.importing.report import fixes_of
from rostertui.importing.rows import CREATE, ERROR, UNCHANGED, UPDATE, Row
from rostertui.ui.widgets.inert import inert

HOW = {"fix": "fixed", "value": "value mapped", "set": "blank filled", "fill": "blank filled",
       "replace": "replaced"}  # how a cell was fixed (importing.edits), in words


def row_detail(row: Row | None, fixes: list[dict[str, str]] | None = None) -> Text:
    """What the panel shows for ``row`` (nothing for None), with its fixed cells (``fixes``,
    as :func:`rostertui.importing.report.fixes_of` gives them); user text is never markup."""
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
    for fix in fixes or ():
        text.append("\n~ ", "bold")
        text.append_text(inert(f"{fix['column']}: {_show(fix['from'])} → {_show(fix['to'])} "
                               f"({HOW.get(fix['how'], fix['how'])})"))
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
    """``show`` one row (or None for nothing), of ``session`` (its fixed cells shown)."""

    def show(self, row: Row | None, session: ImportSession | None = None) -> None:
        fixes = fixes_of(row, session) if row is not None and session is not None else None
        self.update(row_detail(row, fixes))
