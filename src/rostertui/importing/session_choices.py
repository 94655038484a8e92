"""The admin's per-row choices in an import session and the counts they move.

Leaving a row out (``include``) and ticking its email box (``send_email``) only flip a
flag and adjust the kept :meth:`SessionChoices.summary` counts, so the Import tab can
toggle rows of a file of 100,000 without counting them again; with a client seat limit,
leaving a row in or out plans the seats again (from memory).
:class:`rostertui.importing.engine.ImportSession` is a :class:`SessionChoices`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rostertui.importing.options import gc_paused
from rostertui.importing.replan import row_keys
from rostertui.importing.rows import ACTIONS, ERROR, UNCHANGED, Issue, Row


class SessionChoices:
    """Row choices and counts of an import session (see the module's text)."""

    # what these methods use of the session
    rows: list[Row]
    planned: bool
    _planner: Any
    _counts: dict[str, int] | None
    # and the session's own _position(row), _recount(rows) and plan()

    def set_included(self, row: Row, included: bool) -> None:
        """Leave a row out of the commit, or take it back in."""
        if row.include == included:
            return
        planner = self._planner
        if self.planned and planner is not None and planner.seats_limited:
            # the seat count depends on which rows are in: check the seats again
            row.include = included
            keys = row_keys(row)
            with gc_paused():
                changed = planner.replan_row(self.rows, self._position(row), keys,
                                             planner.match_id(row))
            self._recount([self.rows[j] for j in changed])
            return
        self._count(row, -1)
        row.include = included
        self._count(row, +1)

    def set_all_included(self, included: bool = True) -> None:
        """Take every row in (or leave every row out); rows with errors stay out of a commit
        all the same until they are fixed."""
        for r in self.rows:
            r.include = included
        if self.planned and self._planner is not None and self._planner.seats_limited:
            self.plan()
        self._counts = None

    def set_send_email(self, row: Row | None, send: bool) -> None:
        """Tick one row's email box, or every row's when ``row`` is None."""
        if row is None:
            for r in self.rows:
                r.send_email = send
            self._counts = None
            return
        self._count(row, -1)
        row.send_email = send
        self._count(row, +1)

    def add_errors(self, row: Row, issues: Sequence[Issue]) -> None:
        """Refuse ``row`` for reasons of the caller's own (the add grid's rules), after the
        plan: its errors and action change, and the summary counts it so."""
        if not issues:
            return
        self._count(row, -1)
        row.plan_errors = [*row.plan_errors, *issues]
        row.action = ERROR
        self._count(row, +1)

    def _count(self, row: Row, sign: int) -> None:
        """Take a row's share out of (-1) or back into (+1) the kept summary."""
        counts = self._counts
        if counts is None:
            return
        counts[row.action] += sign
        if row.send_email and row.writes:
            counts["emails"] += sign

    def summary(self) -> dict[str, int]:
        """Counts of each action (every row) and of the emails a commit would queue. Kept up
        to date by the toggles and fixes, so reading it costs nothing after the first time."""
        if self._counts is None:
            counts = dict.fromkeys(ACTIONS, 0)
            emails = 0
            for row in self.rows:
                counts[row.action] += 1
                if row.send_email and row.writes:
                    emails += 1
            self._counts = {**counts, "emails": emails}
        return {"rows": len(self.rows), **self._counts}

    def outcome(self) -> dict[str, int]:
        """What a commit leaving out the rows with errors would do: rows to create and to
        update, rows unchanged, rows left out because of errors (``error``, the same key as
        in :meth:`summary`), rows left out by the admin (``excluded``), emails to queue."""
        out = dict.fromkeys(("create", "update", "unchanged", "error", "excluded", "emails"), 0)
        for row in self.rows:
            if row.action == ERROR:
                out["error"] += 1
            elif not row.include:
                out["excluded"] += 1
            else:
                out[row.action] += 1
                if row.send_email and row.action != UNCHANGED:
                    out["emails"] += 1
        return out
