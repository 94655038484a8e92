"""Planning one row again after an inline fix, with the rows its fix affects (the Import tab).

Duplicates tie rows together: a row that shares a unique key (email, external id,
username) or a matched stored user with another is planned in the light of the rows
before it. After a fix, :meth:`Replanning.replan_row` finds the rows that shared the
fixed row's old or new keys or user (through an index of the rows by key and by user,
built at the first fix) and plans only those again, in file order, as a whole plan would.
:class:`rostertui.importing.plan.Planner` is a :class:`Replanning`.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Callable, Sequence
from typing import Any

from rostertui.domain.enums import Kind
from rostertui.importing.rows import Row

UNIQUE_KEYS = ("email", "external_id", "username")  # each may appear on one row of a file


def row_keys(row: Row) -> list[tuple[str, str]]:
    """The row's unique keys as (field, casefolded value), as duplicates are found."""
    values = row.values
    return [(key, values[key].casefold()) for key in UNIQUE_KEYS if values.get(key) is not None]


def _discard(index: dict[Any, list[int]], key: Any, i: int) -> None:
    positions = index.get(key)
    if positions is None:
        return
    at = bisect_left(positions, i)
    if at < len(positions) and positions[at] == i:
        del positions[at]
    if not positions:
        del index[key]


class Replanning:
    """The part of the planner that plans rows again (see the module's text); it uses the
    planner's ``snapshot``, ``kind``, ``load_keys``, ``first_rows``, ``plan_row`` and
    ``_check_seats``."""

    snapshot: Any
    kind: Kind

    def copy(self) -> Replanning:
        """A copy (with a copy of its snapshot and of its row indexes) that can plan rows
        again without changing this one; use it with copies of the rows."""
        other = object.__new__(type(self))
        other.__dict__.update(self.__dict__)
        other.snapshot = self.snapshot.copy()
        if "_key_rows" in self.__dict__:
            other._key_rows = {key: list(at) for key, at in self._key_rows.items()}
            other._user_rows = {uid: list(at) for uid, at in self._user_rows.items()}
        other._seat_marked = list(self._seat_marked)
        return other

    # --- planning one row again (the Import tab's inline fix) -----------------------

    _seat_marked: list[int] = []  # positions of the rows the last seat check marked
    _indexed = False

    @property
    def seats_limited(self) -> bool:
        """Whether a seat limit ties every row's action to the others (then plan them all)."""
        return self.kind is Kind.CLIENT and self.snapshot.seat_limit is not None

    def _build_index(self, rows: Sequence[Row]) -> None:
        """Which rows hold each unique key and which rows match each stored user, in file
        order: what :meth:`replan_row` needs to find the rows a fix affects."""
        self._indexed = True
        self._key_rows: dict[tuple[str, str], list[int]] = {}
        self._user_rows: dict[int, list[int]] = {}
        key_rows, user_rows, match_id = self._key_rows, self._user_rows, self.match_id
        for i, row in enumerate(rows):
            for key in row_keys(row):
                key_rows.setdefault(key, []).append(i)
            uid = match_id(row)
            if uid is not None:
                user_rows.setdefault(uid, []).append(i)

    def match_id(self, row: Row) -> int | None:
        """The stored user the row matches first (as :meth:`_match` decides), without errors."""
        snap, values = self.snapshot, row.values
        if "id" in values and values["id"] in snap.users:
            return values["id"]
        for key, index in (("email", snap.by_email), ("external_id", snap.by_external_id)):
            if key in values:
                uid = index.get(values[key])
                if uid is not None:
                    return uid
        return None

    def replan_row(self, rows: Sequence[Row], i: int, old_keys: list[tuple[str, str]],
                   old_user: int | None, before: Callable[[list[int]], None] | None = None
                   ) -> list[int]:
        """Plan again the row at position ``i`` (its cells were just validated again) and
        the rows that share a unique key or a matched user with what it held before or holds
        now. ``old_keys`` and ``old_user`` are :func:`row_keys` and :meth:`match_id` taken
        before the fix; ``before(affected)`` is called before any row changes. Returns the
        positions planned again. Without a seat limit this gives what a whole plan would."""
        row = rows[i]
        if not self._indexed:
            self._build_index(rows)  # from the rows' values now: the fixed row's old keys...
            for key in row_keys(row):  # ...are what the index holds for it, not its new ones
                _discard(self._key_rows, key, i)
            for key in old_keys:
                insort(self._key_rows.setdefault(key, []), i)
            uid = self.match_id(row)
            if uid is not None:
                _discard(self._user_rows, uid, i)
            if old_user is not None:
                insort(self._user_rows.setdefault(old_user, []), i)
        self.load_keys([row])
        new_keys = row_keys(row)
        new_user = self.match_id(row)
        for key in old_keys:
            _discard(self._key_rows, key, i)
        for key in new_keys:
            insort(self._key_rows.setdefault(key, []), i)
        if old_user is not None:
            _discard(self._user_rows, old_user, i)
        if new_user is not None:
            insort(self._user_rows.setdefault(new_user, []), i)
        affected = {i}
        for key in {*old_keys, *new_keys}:
            affected.update(self._key_rows.get(key, ()))
        for uid in {old_user, new_user} - {None}:
            affected.update(self._user_rows.get(uid, ()))  # type: ignore[arg-type]
        affected.update(self._seat_marked)  # their action before the seat check is needed
        ordered = sorted(affected)
        if before is not None:
            before(ordered)
        firsts, claimed = self.first_rows()
        match_id = self.match_id
        for j in ordered:
            for key in row_keys(rows[j]):
                firsts[key[0]][key[1]] = rows[self._key_rows[key][0]].number
            uid = match_id(rows[j])
            if uid is not None:
                claimed[uid] = rows[self._user_rows[uid][0]].number
        for j in ordered:
            self.plan_row(rows[j], firsts, claimed)
        if self.kind is Kind.CLIENT:
            self._check_seats(rows)
        return ordered
