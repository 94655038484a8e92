"""A dry run that is checked once and then only reported (``rostertui import --dry-run``).

The Import tab keeps a full :class:`Row` per record (cells, values, errors, plan) because
the admin fixes cells, toggles rows and commits afterwards. A one-shot dry run does none of
that, so it keeps far less (a dry run of 1,000,000 rows fits in 600 MB):

* the file's keys are read first, checking only the key columns (id, email, external id,
  username), and the users they name are read from the database in one set-based pass;
* then each record is checked (every column), planned and turned into its result at once,
  and the record is dropped;
* a row that plans clean (no error, no warning, no change, no fix) is kept as a
  :class:`SettledRow` of four fields (row number, action, email, email box); any other row
  stays a whole :class:`Row`, whose cells are dropped all the same.

The seat limit is counted while the rows are planned and the rows past it are marked at
the end, as :mod:`rostertui.importing.seats` says. The report, the counts and the exit code
are those of a session planned row by row (``tests/unit/importing/test_oneshot.py``).
"""

from __future__ import annotations

from array import array
from collections.abc import Mapping
from typing import Any

from rostertui.importing import seats
from rostertui.importing.plan import MATCH_KEYS, Planner
from rostertui.importing.replan import UNIQUE_KEYS
from rostertui.importing.rows import (
    CREATE,
    NO_CELLS,
    NO_CHANGES,
    UPDATE,
    Row,
)
from rostertui.importing.validate import RowValidator

Record = tuple[int, list[str]]  # (row number, cells) as the reader gives them


class SettledRow:
    """A row of a one-shot dry run that planned clean: what its report line needs, and the
    read-only face of a :class:`Row` that the report, the counts and the exit code use."""

    __slots__ = ("number", "action", "email", "send_email")  # 64 bytes, like a record's tuple

    include = True
    fixes = None
    password = None
    cells = NO_CELLS
    changes: Mapping[str, Any] = NO_CHANGES

    def __init__(self, number: int, action: str, email: str, send_email: bool):
        self.number = number
        self.action = action
        self.email = email
        self.send_email = send_email

    @property
    def errors(self) -> list[Any]:
        return []

    @property
    def warnings(self) -> list[Any]:
        return []

    @property
    def writes(self) -> bool:
        return self.action in (CREATE, UPDATE)

    def as_row(self) -> Row:
        """The whole :class:`Row` this one stands for, without its cells and values."""
        row = Row(self.number, NO_CELLS)
        row.action = self.action
        row.raw_email = self.email
        row.send_email = self.send_email
        return row

    def __repr__(self) -> str:
        return f"SettledRow({self.number}, action={self.action!r}, email={self.email!r})"


def _settled(row: Row) -> Row | SettledRow:
    """The row as a dry run's report needs it: a :class:`SettledRow` when it planned clean."""
    if (row.cell_errors or row.plan_errors or row.cell_warnings or row.plan_warnings
            or row.changes or row.fixes):
        row.cells = NO_CELLS
        return row
    return SettledRow(row.number, row.action, row.email, row.send_email)


def plan_records(records: list[Record], validator: RowValidator, planner: Planner, *,
                 send_email: bool) -> list[Row | SettledRow]:
    """Check and plan every record (``records`` is emptied as it goes): the rows of a
    planned session, in file order, for a report."""
    keys = validator.only({*MATCH_KEYS, *UNIQUE_KEYS})
    planner.read_keys(keys.key_values(number, cells) for number, cells in records)
    firsts, claimed = planner.first_rows()
    validate, plan_row = validator.validate, planner.plan_row
    limited = planner.seats_limited
    taking = array("q")  # positions of the rows that take a seat
    net = 0
    rows: list[Row | SettledRow] = []
    for i, (number, cells) in enumerate(records):
        records[i] = None  # type: ignore[call-overload]  # planned: its cells may go
        row = Row(number, cells)
        row.send_email = send_email
        validate(row)
        plan_row(row, firsts, claimed)
        if limited:
            effect = seats.seat_effect(row)
            if effect > 0:
                taking.append(i)
            net += effect
        rows.append(_settled(row))
    if limited:
        snapshot = planner.snapshot
        over, message = seats.over_limit(snapshot.seat_limit, snapshot.active_clients, net)
        for i in taking[len(taking) - over:] if over else ():
            row = rows[i]
            if isinstance(row, SettledRow):
                row = rows[i] = row.as_row()
            seats.refuse(row, planner.column("status"), message)
    return rows
