"""The client seat limit over a whole file: which rows take a seat, and which exceed the limit.

A created active client takes a seat; an update that makes a client active takes one and an
update that makes an active client something else gives one back. When the file would make
more clients active than the limit leaves free, the *last* rows that take a seat are the ones
refused, each with the same message. The planner checks the seats after planning every row
(:meth:`rostertui.importing.plan.Planner.plan`), the one-shot dry run
(:mod:`rostertui.importing.oneshot`) while it plans them.
"""

from __future__ import annotations

from collections.abc import Sequence

from rostertui.domain.enums import Status
from rostertui.domain.words import plural
from rostertui.importing.rows import CREATE, ERROR, UPDATE, Issue, Row

_ACTIVE = Status.ACTIVE.value


def seat_effect(row: Row) -> int:
    """+1 when committing the planned row makes a client active, -1 when it makes an active
    client inactive, else 0 (also for a row left out or not written)."""
    if not row.include:
        return 0
    action = row.action
    if action == CREATE:
        return 1 if (row.values.get("status") or _ACTIVE) == _ACTIVE else 0
    if action == UPDATE and "status" in row.changes:
        old, new = row.changes["status"]
        if new == _ACTIVE:
            return 1
        if old == _ACTIVE:
            return -1
    return 0


def over_limit(limit: int, active: int, net: int) -> tuple[int, str]:
    """How many rows taking a seat exceed ``limit`` when ``active`` clients are active and the
    file makes ``net`` more active (0 when none does), and the message those rows get."""
    over = net - max(limit - active, 0)
    if over <= 0:
        return 0, ""
    return over, (f"the client seat limit of {limit:,} is reached: "
                  f"{plural(active, 'client')} active and this file would make {net:,} more "
                  f"active, so {plural(over, 'row')} exceed the limit; archive clients, raise "
                  "the limit (`rostertui org set --seat-limit N`, or Organization in the app), "
                  "or import fewer rows")


def refuse(row: Row, column: str, message: str) -> None:
    """Mark a planned row as one past the seat limit."""
    row.plan_errors = [*row.plan_errors, Issue("status", column, message)]
    row.action = ERROR


def check(rows: Sequence[Row], limit: int | None, active: int, column: str) -> list[int]:
    """Mark the rows past the seat limit as errors; return their positions."""
    if limit is None:
        return []
    taking: list[int] = []
    net = 0
    for i, row in enumerate(rows):
        effect = seat_effect(row)
        if effect > 0:
            taking.append(i)
        net += effect
    over, message = over_limit(limit, active, net)
    if not over:
        return []
    marked = taking[len(taking) - over:]
    for i in marked:
        refuse(rows[i], column, message)
    return marked
