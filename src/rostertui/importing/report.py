"""What an import tells the admin: the JSON report, a readable summary, the errors-out CSV.

The password column's value never appears here: rows keep it apart from their
values, its errors only say what the policy needs, and the errors-out file
leaves its cells empty.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from typing import Any, TextIO

from rostertui.domain.csv_safety import escape_cell
from rostertui.domain.enums import Kind
from rostertui.domain.words import plural
from rostertui.importing.commit import CommitResult
from rostertui.importing.engine import ImportSession
from rostertui.importing.hints import with_cli_hint
from rostertui.importing.plan import plain
from rostertui.importing.reader import DELIMITER_NAMES
from rostertui.importing.rows import Row


def row_dict(row: Row, session: ImportSession | None = None) -> dict[str, Any]:
    out = {"row": row.number, "action": row.action, "email": row.email,
           "errors": [e.as_dict() for e in row.errors],
           "warnings": [w.as_dict() for w in row.warnings],
           "changes": {k: [plain(v[0]), plain(v[1])] for k, v in row.changes.items()}}
    if row.fixes and session is not None:
        out["fixes"] = fixes_of(row, session)
    return out


def fixes_of(row: Row, session: ImportSession) -> list[dict[str, str]]:
    """The row's fixed cells: the column, what the file wrote, what it holds now, and how it
    was fixed (fix, value, set, fill, replace). Password cells are not shown."""
    header = session.header
    hidden = {c.index for c in session.columns.columns if c.field == "password"}
    out = []
    for index, (before, how) in sorted(row.fixes.items()) if row.fixes else ():
        if index in hidden:
            continue
        column = header[index] if index < len(header) else ""
        now = row.cells[index] if index < len(row.cells) else ""
        out.append({"column": column, "from": before, "to": now, "how": how})
    return out


def _head(session: ImportSession | None, *, name: str, committed: CommitResult | None,
          file_errors: list[str], kind: Kind | None = None) -> dict[str, Any]:
    summary = session.summary() if session is not None else {
        "rows": 0, "create": 0, "update": 0, "unchanged": 0, "error": 0, "emails": 0}
    if committed is not None and session is not None:
        summary["emails"] = committed.emails
    return {
        "file": name,
        "encoding": session.encoding if session else "",
        "delimiter": session.delimiter if session else "",
        "sheet": getattr(session.file, "sheet", None) or None if session else None,
        "kind": session.kind.value if session else (kind or Kind.CLIENT).value,
        "committed": committed is not None and committed.batch_id is not None,
        "batch_id": committed.batch_id if committed is not None else None,
        "summary": summary,
        "file_errors": [{"message": m} for m in file_errors],
        "file_warnings": [{"message": m} for m in (session.file_warnings if session else [])],
    }


def report(session: ImportSession | None, *, name: str = "",
           committed: CommitResult | None = None, refused: str | None = None,
           kind: Kind | None = None) -> dict[str, Any]:
    """The whole report as one dict (the shape of ``rostertui import --json``)."""
    file_errors = [refused] if refused else (session.file_errors if session else [])
    out = _head(session, name=name or (session.name if session else ""), committed=committed,
                file_errors=file_errors, kind=kind)
    out["rows"] = [row_dict(r, session) for r in session.rows] if session else []
    return out


def write_json(out: TextIO, session: ImportSession | None, *, name: str = "",
               committed: CommitResult | None = None, refused: str | None = None,
               kind: Kind | None = None, delivery: dict[str, int] | None = None,
               parked_id: int | None | bool = False) -> None:
    """The same report, written row by row so that 100,000 rows need no second copy.

    ``delivery`` ({"sent": n, "failed": n}) is added when the import's emails were sent;
    ``parked_id`` (the parked import's id, or null when nothing needed parking) when the
    import was asked to park (``--park``).
    """
    file_errors = [refused] if refused else (session.file_errors if session else [])
    head = _head(session, name=name or (session.name if session else ""), committed=committed,
                 file_errors=file_errors, kind=kind)
    if delivery is not None:
        head["delivery"] = delivery
    if parked_id is not False:
        head["parked_id"] = parked_id
    text = json.dumps(head, ensure_ascii=False)
    out.write(text[:-1] + ', "rows": [')
    for i, row in enumerate(session.rows if session else []):
        if i:
            out.write(", ")
        out.write(json.dumps(row_dict(row, session), ensure_ascii=False))
    out.write("]}\n")


def _describe_delimiter(delimiter: str) -> str:
    return DELIMITER_NAMES.get(delimiter, repr(delimiter))


def text_lines(session: ImportSession, *, committed: CommitResult | None = None,
               dry_run: bool = False, max_rows_shown: int = 200,
               emails: str | None = None) -> Iterator[str]:
    """A readable summary, then the errors grouped by row. ``emails`` says what became of
    the emails a commit queued (when they were sent right after it)."""
    s = session.summary()
    sheet = getattr(session.file, "sheet", "")
    how = (f"sheet {sheet!r} of an .{session.encoding} workbook" if sheet else
           f"{session.encoding}, {_describe_delimiter(session.delimiter)}-separated")
    yield f"{session.name}: {plural(s['rows'], 'row')}, {how}, {session.kind.label} import"
    for message in session.file_warnings:
        yield f"  warning: {message}"
    for message in session.file_errors:
        yield f"  error: {with_cli_hint(message)}"
    if session.file_errors:
        return
    yield (f"  create {s['create']}, update {s['update']}, unchanged {s['unchanged']}, "
           f"error {s['error']}, emails {s['emails']}")
    shown = 0
    for row in session.rows:
        if not (row.errors or row.warnings):
            continue
        shown += 1
        if shown > max_rows_shown:
            yield "  ... and more rows with errors or warnings (use --json or --errors-out)"
            break
        who = f" ({row.email})" if row.email else ""
        yield f"Row {row.number}{who}:"
        for issue in row.errors:
            yield f"  error: {_where(issue.column, issue.field)}{with_cli_hint(issue.message)}"
        for issue in row.warnings:
            yield f"  warning: {_where(issue.column, issue.field)}{issue.message}"
    if committed is not None and committed.batch_id is not None:
        yield (f"Imported: {committed.created} created, {committed.updated} updated, "
               f"{committed.unchanged} unchanged, {committed.skipped} left out. Batch "
               f"{committed.batch_id}; undo it with `rostertui imports revert "
               f"{committed.batch_id}`.")
        if committed.emails:
            yield emails or (f"{plural(committed.emails, 'email')} queued in the outbox with "
                             "the import; deliver them with `rostertui outbox send`.")
    elif committed is not None:
        yield "Nothing to write: every row is unchanged or left out."
    elif dry_run:
        yield "Dry run: nothing was written."


def _where(column: str, field: str) -> str:
    if column and column != field and field:
        return f"column {column!r} ({field}): "
    if column:
        return f"column {column!r}: "
    return f"{field}: " if field else ""


def write_errors_csv(out: TextIO, session: ImportSession) -> int:
    """The error rows as CSV: their cells plus an ``errors`` column and a ``source_row``
    column (the row's number in the file imported). Returns rows written.

    Cells a spreadsheet would run are escaped as our export does (the importer
    reads them back as written); password cells are left empty, so type the
    password again when you fix a row.
    """
    password_columns = {c.index for c in session.columns.columns if c.field == "password"}
    width = len(session.header)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([escape_cell(h) for h in session.header] + ["errors", "source_row"])
    n = 0
    for row in session.rows:
        if not row.errors:
            continue
        cells = (list(row.cells) + [""] * width)[:width]
        for index in password_columns:
            cells[index] = ""
        messages = [f"{_where(e.column, e.field)}{e.message}" for e in row.errors]
        if any(i < len(row.cells) and row.cells[i].strip() for i in password_columns):
            messages.append("the password was left out of this file; type it again")
        writer.writerow([escape_cell(c) for c in cells] + [escape_cell("; ".join(messages)),
                                                           str(row.number)])
        n += 1
    return n
