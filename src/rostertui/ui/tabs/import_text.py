"""What the Import tab says: counts, the commit confirmation, the focused row's details."""

from __future__ import annotations

from rich.text import Text

from rostertui.importing.engine import ImportOptions, ImportSession
from rostertui.importing.rows import CREATE, ERROR, UNCHANGED, UPDATE, Row
from rostertui.ui.tabs.base import plural
from rostertui.ui.widgets.inert import inert


def describe_outcome(out: dict[str, int]) -> str:
    """"create 120, update 30, leave out 5 rows with errors, send 40 emails"."""
    parts = [f"create {out['create']:,}", f"update {out['update']:,}"]
    if out["unchanged"]:
        parts.append(f"leave {plural(out['unchanged'], 'unchanged row')} as they are")
    if out["errors"]:
        parts.append(f"leave out {plural(out['errors'], 'row')} with errors")
    if out["excluded"]:
        parts.append(f"leave out {plural(out['excluded'], 'row')} you excluded")
    parts.append(f"send {plural(out['emails'], 'email')}")
    return ", ".join(parts)


def describe_row_defaults(options: ImportOptions) -> str:
    """What the row options add, for the confirmation: "New users without a status are
    pending. Every user gets the tags VIP, Spring." (or "")."""
    out = ""
    if options.default_status is not None:
        out += f"New users without a status are {options.default_status.value}. "
    if options.extra_tags:
        out += f"Every user gets the tag{'s' if len(options.extra_tags) > 1 else ''} " \
               f"{', '.join(options.extra_tags)}. "
    return out


def row_detail(session: ImportSession, row: Row | None) -> Text:
    """The focused row's errors in full, its warnings, and for an update each change."""
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



def delimiter_name(delimiter: str) -> str:
    return {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}.get(delimiter,
                                                                       repr(delimiter))
