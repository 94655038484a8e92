"""Parked imports: a file set aside with everything done to it, resumed later or by someone
else sharing the database.

A parked import keeps the rows' cells (with their fixes and what each fixed cell held),
each row's include and email choices, and the options (kind, header and value mappings,
fills, date format, defaults): everything :meth:`ImportSession.with_options` needs to
build the session again. It keeps no plan: a resumed session is planned against the
database as it is then. The cells are stored as zlib-compressed JSON in one row of
``parked_import`` (m0009); password cells are kept, as the file held them, so that a
resumed import can still create those users, and are never shown.

    parked_id = park(session, actor)                  # the whole file, or rows=[...]
    views = list_parked()                             # id, file, who, when, rows, errors
    session = resume(parked_id)                       # unplanned; .parked_id is set
    session.plan(); session.commit(actor)             # the commit drops the parked import
    drop(parked_id, actor)                            # discard it
"""

from __future__ import annotations

import datetime as dt
import json
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, fields

from rostertui.db.connection import write_transaction
from rostertui.db.models import ParkedImport
from rostertui.domain import audit
from rostertui.domain.actor import Actor
from rostertui.domain.enums import Kind, Role, Status
from rostertui.domain.errors import NotFound
from rostertui.importing.edits import CELL_EDITS
from rostertui.importing.engine import ImportOptions, ImportSession, gc_paused
from rostertui.importing.reader import ParsedFile
from rostertui.importing.spreadsheet import WorkbookFile

FORMAT = 1
_OPTION_FIELDS = ("kind", "default_role", "create_missing_tags", "send_email", "mapping",
                  "default_status", "extra_tags", "values", "fills", "date_format", "suggest",
                  "invite_incomplete", "sheet")


@dataclass(frozen=True)
class ParkedView:
    id: int
    file: str
    parked_by: str
    parked_at: dt.datetime
    kind: str
    rows: int
    errors: int

    def as_json(self) -> dict:
        return {"id": self.id, "file": self.file, "parked_by": self.parked_by,
                "parked_at": self.parked_at.isoformat(), "kind": self.kind, "rows": self.rows,
                "errors": self.errors}


def _options(options: ImportOptions) -> dict:
    out = {}
    for name in _OPTION_FIELDS:
        value = getattr(options, name)
        if isinstance(value, (Kind, Role, Status)):
            value = value.value
        elif isinstance(value, tuple):
            value = list(value)
        out[name] = value
    return out


def _payload(session: ImportSession, rows: list) -> bytes:
    file = session.file
    header = file.header
    data = {
        "format": FORMAT,
        "file": {"name": file.name, "sha256": file.sha256, "encoding": file.encoding,
                 "delimiter": file.delimiter, "header": header, "header_row": file.header_row,
                 "sheet": getattr(file, "sheet", ""), "sheets": getattr(file, "sheets", [])},
        "options": _options(session.options),
        "rows": [[r.number, r.original_cells(CELL_EDITS),
                  [[i, before, how] for i, (before, how) in r.fixes.items()
                   if how in CELL_EDITS] if r.fixes else 0,
                  (0 if r.include else 1) | (2 if r.send_email else 0)] for r in rows],
    }
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)
    return zlib.compress(text.encode("utf-8"), 6)


def park(session: ImportSession, actor: Actor, *, rows: Iterable[int] | None = None) -> int:
    """Store the session (or only the rows with these numbers) as a parked import; returns
    its id. Counts the rows with errors as the session last saw them."""
    if session.file_errors:
        raise ValueError("a file whose header is refused cannot be parked; map its columns "
                         "first")
    wanted = set(rows) if rows is not None else None
    chosen = [r for r in session.rows if wanted is None or r.number in wanted]
    with gc_paused():
        payload = _payload(session, chosen)
    errors = sum(1 for r in chosen if r.errors)
    with write_transaction():
        parked = ParkedImport.create(
            parked_by=actor.user_id, parked_by_label=actor.label,
            file_name=session.file.name[:1000], file_sha256=session.file.sha256,
            kind=session.kind.value, rows=len(chosen), errors=errors, payload=payload)
        audit.record(actor, "import.parked", details={
            "parked": parked.id, "file": session.file.name, "rows": len(chosen),
            "errors": errors})
    return parked.id


def list_parked() -> list[ParkedView]:
    """The parked imports, newest first."""
    query = (ParkedImport.select(ParkedImport.id, ParkedImport.file_name,
                                 ParkedImport.parked_by_label, ParkedImport.parked_at,
                                 ParkedImport.kind, ParkedImport.rows, ParkedImport.errors)
             .order_by(ParkedImport.id.desc()))
    return [ParkedView(p.id, p.file_name, p.parked_by_label, p.parked_at, p.kind, p.rows,
                       p.errors) for p in query]


def _get(parked_id: int) -> ParkedImport:
    found = ParkedImport.get_or_none(ParkedImport.id == parked_id)
    if found is None:
        raise NotFound(f"there is no parked import {parked_id}; see `rostertui imports "
                       "parked`")
    return found


def resume(parked_id: int, *, today: dt.date | None = None) -> ImportSession:
    """The parked session as it was when parked (cells, fixes, choices, options), checked
    again and unplanned: plan it to see it against the database as it is now. Its
    ``parked_id`` is set, so committing it drops the parked import."""
    blob = _get(parked_id).payload
    with gc_paused():
        data = json.loads(zlib.decompress(bytes(blob)).decode("utf-8"))
        if data.get("format") != FORMAT:
            raise ValueError(f"parked import {parked_id} was stored by another version of "
                             "rostertui")
        stored = data["options"]
        known = {f.name for f in fields(ImportOptions)}
        options = ImportOptions(**{**{k: v for k, v in stored.items() if k in known},
                                   "kind": Kind(stored["kind"])}, today=today)
        info = data["file"]
        # one pass over the stored rows: the records, the admin's cell edits (which remember
        # what each edited cell held) and the include/email flags
        records: list[tuple[int, list[str]]] = []
        fixes: dict[int, dict[int, tuple[str, str]]] = {}
        flags: dict[int, int] = {}
        for n, cells, kept, f in data.pop("rows"):
            records.append((n, cells))
            if kept:
                fixes[n] = {i: (before, how) for i, before, how in kept}
            if f:
                flags[n] = f
        common = {"name": info["name"], "sha256": info["sha256"], "encoding": info["encoding"],
                  "delimiter": info["delimiter"], "header": info["header"],
                  "header_row": info["header_row"], "records": records}
        parsed: ParsedFile = WorkbookFile(**common, sheet=info["sheet"],
                                          sheets=info["sheets"]) if info.get("sheet") else \
            ParsedFile(**common)
        # the cells as the file wrote them but with the admin's cell edits; the option
        # edits are made again from the options
        session = ImportSession(parsed, options, fixes=fixes)
        if flags:
            for row in session.rows:
                f = flags.get(row.number)
                if f:
                    row.include = not f & 1
                    row.send_email = bool(f & 2)
    session.parked_id = parked_id
    return session


def drop(parked_id: int, actor: Actor, *, reason: str = "dropped") -> None:
    """Discard a parked import (NotFound if there is none)."""
    with write_transaction():
        parked = _get(parked_id)
        ParkedImport.delete().where(ParkedImport.id == parked_id).execute()
        audit.record(actor, f"import.parked_{reason}", details={
            "parked": parked_id, "file": parked.file_name})
