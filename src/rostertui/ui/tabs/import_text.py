"""What the Import tab says: the commit confirmation, the file's delimiter."""

from __future__ import annotations

from pathlib import Path

from rostertui.importing.commit import CommitProgress, CommitResult
from rostertui.importing.engine import ImportOptions, ImportSession
from rostertui.ui.text import plural


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


def describe_commit(result: CommitResult) -> str:
    """"Batch 7: 120 users created, 30 users updated, 2 unchanged, 5 left out; 40 emails
    queued"."""
    r = result
    return (f"Batch {r.batch_id}: {plural(r.created, 'user')} created, "
            f"{plural(r.updated, 'user')} updated, {r.unchanged:,} unchanged, "
            f"{r.skipped:,} left out; {plural(r.emails, 'email')} queued")


def describe_fix(number: int, still_errors: bool, changed: int) -> str:
    """"Row 17 fixed; 1 other row checked again"."""
    note = "still has errors" if still_errors else "fixed"
    others = f"; {plural(changed - 1, 'other row')} checked again" if changed > 1 else ""
    return f"Row {number} {note}{others}"


def describe_file(session: ImportSession) -> str:
    """The status line for a file on show: name, encoding, delimiter, rows, ignored columns."""
    mapped = {c.index for c in session.columns.columns}
    ignored = [h for i, h in enumerate(session.header) if i not in mapped]
    sheet, sheets = getattr(session.file, "sheet", ""), getattr(session.file, "sheets", ())
    read = (f"sheet {sheet}" + (f" of {len(sheets)} (S: another)" if len(sheets) > 1 else "")
            if sheet else f"{session.encoding}  ·  {delimiter_name(session.delimiter)}")
    info = f"{Path(session.name).name}  ·  {read}  ·  {plural(len(session.rows), 'row')}"
    return info + ("  ·  ignored: " + ", ".join(ignored) if ignored else "")


def describe_refusal(session: ImportSession, mappable: bool) -> str:
    """The status line for a file refused by its header (``mappable``: mapping may help)."""
    hint = "  (p: map the columns)" if mappable else ""
    return f"{Path(session.name).name}: " + "; ".join(session.file_errors) + hint


def describe_commit_question(session: ImportSession) -> str:
    """The body of the commit confirmation."""
    return (f"Import {Path(session.name).name}: {describe_outcome(session.outcome())}. "
            f"{describe_row_defaults(session.options)}Everything is written in one "
            "transaction, and the import can be undone from the history (h).")


def describe_progress(progress: CommitProgress) -> str:
    """The status line while a commit runs: "Hashing passwords 412 of 1,000, about 9 s left",
    "Writing 412 of 1,000 rows", "Checking the file again against the roster"."""
    if progress.stage == "hashing":
        eta = progress.eta
        left = f", about {max(1, round(eta)):,} s left" if eta is not None else ""
        return f"Hashing passwords {progress.done:,} of {progress.total:,}{left}…"
    if progress.stage == "writing":
        return f"Writing {progress.done:,} of {plural(progress.total, 'row')}…"
    return "Imported; checking the file again against the roster…"
