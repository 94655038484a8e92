"""What the Import tab says: the commit confirmation, the file's delimiter."""

from __future__ import annotations

from rostertui.importing.engine import ImportOptions
from rostertui.ui.tabs.base import plural


def describe_outcome(out: dict[str, int]) -> str:
    """"create 120, update 30, leave out 5 rows with errors, send 40 emails"."""
    parts = [f"create {out['create']:,}", f"update {out['update']:,}"]
    if out["unchanged"]:
        parts.append(f"leave {plural(out['unchanged'], 'unchanged row')} as they are")
    if out["error"]:
        parts.append(f"leave out {plural(out['error'], 'row')} with errors")
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


def delimiter_name(delimiter: str) -> str:
    return {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}.get(delimiter,
                                                                       repr(delimiter))
