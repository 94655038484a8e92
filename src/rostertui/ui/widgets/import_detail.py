"""The Import tab's detail panel: the focused row's errors in full, its warnings, for an
update each change, the cells fixed since the file was read, its multi-line cells line by
line, and what the whole file is read with (value mappings, fills, date format)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import Static

from rostertui.importing.options import ImportOptions
from rostertui.importing.rows import CREATE, ERROR, UNCHANGED, UPDATE, Row
from rostertui.ui.widgets.inert import inert
from rostertui.ui.widgets.preview_table import PreviewColumn, one_line

HOW = {"fix": "fixed", "value": "value mapping", "set": "fill", "fill": "fill",
       "replace": "replaced"}  # importing.edits: how a cell was changed


def describe_triage(options: ImportOptions) -> str:
    """What the file is read with beyond its cells, for the detail panel: "Applied to the
    file: sex M→male, U→female; office blank→Paris; dates DD/MM/YYYY" (or "")."""
    parts = []
    for key, pairs in sorted(options.values.items()):
        parts.append(f"{key} " + ", ".join(f"{old or '(blank)'}→{new or '(blank)'}"
                                           for old, new in pairs.items()))
    parts += [f"{key} blank→{value}" for key, value in sorted(options.fills.items())]
    if options.date_format:
        parts.append(f"dates {options.date_format}")
    if options.invite_incomplete:
        parts.append("incomplete new users invited")
    if options.sheet:
        parts.append(f"sheet {options.sheet}")
    return "Applied to the file: " + "; ".join(parts) if parts else ""


def row_detail(row: Row | None, columns: Sequence[PreviewColumn] = (), triage: str = ""
               ) -> Text:
    """What the panel shows for ``row`` (nothing for None): its errors, warnings, changes,
    the cells changed since the file was read (and how), the cells of ``columns`` that
    hold several lines, line by line (the preview shows them on one line, with ⏎), and
    ``triage``: what the whole file is read with. User text is never markup, and each line
    is inert."""
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
    headers = {c.index: c for c in columns}
    for index, (before, how) in sorted((row.fixes or {}).items()):
        column = headers.get(index)
        if column is None or column.secret:
            continue
        now = cells[index] if index < len(cells) else ""
        text.append("\n~ ", "bold")
        text.append_text(inert(f"{column.header}: {_show(one_line(before))} → "
                               f"{_show(one_line(now))} ({HOW.get(how, how)})"))
    for column in columns:
        cell = cells[column.index] if column.index < len(cells) else ""
        if column.secret or "\n" not in cell:
            continue
        text.append("\n")
        text.append_text(inert(f"{column.header}:", "bold"))
        for line in cell.replace("\r\n", "\n").split("\n"):
            text.append("\n  ")
            text.append_text(inert(line))
    if triage:
        text.append("\n")
        text.append_text(inert(triage, "italic"))
    return text


def _show(value: object) -> str:
    if value is None or value == "" or value == []:
        return "(blank)"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


class RowDetail(Static):
    """``show`` one row (or None for nothing)."""

    def show(self, row: Row | None, columns: Sequence[PreviewColumn] = (), triage: str = ""
             ) -> None:
        self.update(row_detail(row, columns, triage))
