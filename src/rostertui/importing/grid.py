"""Rows typed (or pasted) into the "add several users" grid, as a small file for the engine.

The grid of the Clients and Team Members tabs is a spreadsheet of new users. Its rows go
through the import engine like any file: :func:`session_from_rows` builds an
:class:`~rostertui.importing.engine.ImportSession` from a header and rows held in memory,
so the same rules (``domain/fields.py``, ``domain/rules.py``) check each cell, the planner
finds duplicates within the grid and against the database and checks the seat limit for the
whole batch, and the commit writes them in one transaction that the import history can undo.

Two rules are the grid's own, because it only adds: a field the form requires may not be
blank, and a row whose email (or external id) is already a user's is an error, not an update.

:func:`parse_paste` reads a block copied from a spreadsheet (tab- or comma-separated lines,
maybe with a header line naming the columns).
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from rostertui.domain.enums import Kind
from rostertui.importing.columns import lookup, normalise
from rostertui.importing.engine import ImportOptions, ImportSession, gc_paused
from rostertui.importing.reader import ParsedFile
from rostertui.importing.rows import CREATE, ERROR, Issue

SEND_CODE = "send_code"  # the grid's column for the per-row email box (row.send_email)


@dataclass(frozen=True)
class GridColumn:
    field: str  # the engine's field name, or SEND_CODE
    label: str
    width: int
    required: bool = False


CLIENT_COLUMNS = (
    GridColumn("first_name", "First name", 12, True),
    GridColumn("last_name", "Last name", 12, True),
    GridColumn("email", "Email", 24, True),
    GridColumn("birthdate", "Date of birth", 13, True),
    GridColumn("sex", "Sex at birth", 12, True),
    GridColumn("tags", "Tags", 14),
    GridColumn("external_id", "External ID", 11),
    GridColumn(SEND_CODE, "Send code", 9),
)
TEAM_COLUMNS = (
    GridColumn("first_name", "First name", 12, True),
    GridColumn("last_name", "Last name", 12, True),
    GridColumn("email", "Email", 24, True),
    GridColumn("roles", "Roles", 26, True),
    GridColumn(SEND_CODE, "Send code", 9),
)
_SEND_NAMES = {normalise(n) for n in ("send_code", "send registration code",
                                      "registration code", "send_email", "send email")}
_YES = {"y", "yes", "true", "1", "x", "✓"}


def grid_columns(kind: Kind) -> tuple[GridColumn, ...]:
    return CLIENT_COLUMNS if kind is Kind.CLIENT else TEAM_COLUMNS


def is_yes(text: str) -> bool:
    return text.strip().casefold() in _YES


def is_blank(cells: Sequence[str]) -> bool:
    return not any(c.strip() for c in cells)


def session_from_rows(kind: Kind, rows: Sequence[Sequence[str]], *,
                      name: str = "") -> ImportSession:
    """An unplanned session of the grid's rows (cells in :func:`grid_columns` order). Row
    ``i`` of the grid is row number ``i + 1``; blank rows are left out (the grid keeps them
    as room to type). The send-code column becomes each row's email box."""
    columns = grid_columns(kind)
    data = [i for i, c in enumerate(columns) if c.field != SEND_CODE]
    send = next((i for i, c in enumerate(columns) if c.field == SEND_CODE), None)
    header = [columns[i].field for i in data]
    records: list[tuple[int, list[str]]] = []
    ticked: set[int] = set()
    digest = hashlib.sha256()
    for number, cells in enumerate(rows, start=1):
        padded = [*cells, *[""] * (len(columns) - len(cells))]
        if is_blank(padded):
            continue
        values = [padded[i] for i in data]
        records.append((number, values))
        digest.update("\t".join(values).encode("utf-8", "surrogatepass") + b"\n")
        if send is not None and is_yes(padded[send]):
            ticked.add(number)
    noun = "clients" if kind is Kind.CLIENT else "team members"
    parsed = ParsedFile(name=name or f"added in the grid ({len(records)} {noun})",
                        sha256=digest.hexdigest(), encoding="utf-8", delimiter="\t",
                        header=header, header_row=0, records=records)
    options = ImportOptions(kind=kind, create_missing_tags=True, max_rows=10_000)
    with gc_paused():
        session = ImportSession(parsed, options)
    for row in session.rows:
        row.send_email = row.number in ticked
    return session


def check_grid(session: ImportSession) -> None:
    """Plan the session (reads the database) and add the grid's own rules: required fields,
    and no row may match an existing user (the grid adds; it does not update)."""
    session.plan()
    columns = {c.field: c for c in grid_columns(session.kind)}
    for row in session.rows:
        extra: list[Issue] = []
        for name, column in columns.items():
            if column.required and name not in row.values and not any(
                    issue.field == name for issue in row.cell_errors):
                extra.append(Issue(name, column.label, "is required; fill it in"))
        if row.action != ERROR and row.action != CREATE:
            extra.append(Issue("email", "Email", "is already a user's; the grid only adds "
                               "new users (edit that user on the tab instead)"))
        session.add_errors(row, extra)


def errors_by_cell(session: ImportSession) -> dict[tuple[int, str], str]:
    """(grid row number, field) -> the message(s) for that cell; a row-wide error (no field
    of the grid) goes to the email cell."""
    known = {c.field for c in grid_columns(session.kind)}
    out: dict[tuple[int, str], str] = {}
    for row in session.rows:
        for issue in row.errors:
            name = issue.field if issue.field in known else "email"
            key = (row.number, name)
            out[key] = f"{out[key]}; {issue.message}" if key in out else issue.message
    return out


@dataclass(frozen=True)
class Pasted:
    """A pasted block: its rows as cells, and for each pasted column the grid column it goes
    to (None: a header named a column the grid does not have, so it is dropped)."""

    rows: list[list[str]]
    targets: list[int | None] | None  # None: no header line; columns in the grid's order
    header: bool


def parse_paste(text: str, kind: Kind) -> Pasted:
    """Tab-separated lines (a spreadsheet's copy) or, without any tab, comma-separated ones.
    A first line whose every cell names a grid column (by the importer's alias table, or
    "send registration code") is a header: it orders the columns."""
    lines = [line for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
             if line.strip()]
    if not lines:
        return Pasted([], None, False)
    delimiter = "\t" if any("\t" in line for line in lines) else ","
    rows = [list(r) for r in csv.reader(lines, delimiter=delimiter)]
    columns = grid_columns(kind)
    fields = [c.field for c in columns]
    first = rows[0]
    targets: list[int | None] = []
    for cell in first:
        name = SEND_CODE if normalise(cell) in _SEND_NAMES else lookup(cell)
        if name is None:
            break
        targets.append(fields.index(name) if name in fields else None)
    else:
        if any(t is not None for t in targets):
            return Pasted(rows[1:], targets, True)
    return Pasted(rows, None, False)
