"""Rows to actions: match each row to a stored user, then create, update, unchanged or error.

Matching is by ``id``, then email, then ``external_id``; when those keys point
at different users the row is an error on the key that disagrees with the
first match. Everything here works on the :class:`Snapshot` in memory, so
planning again after the admin fixes one row costs no query for keys already
read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rostertui.domain import rules
from rostertui.domain.enums import Kind, ProfileType, Role, Status
from rostertui.domain.fields import merged_tags
from rostertui.importing import seats
from rostertui.importing.columns import ColumnMap
from rostertui.importing.replan import Replanning
from rostertui.importing.rows import (
    CREATE,
    ERROR,
    NO_CHANGES,
    NO_ISSUES,
    UNCHANGED,
    UPDATE,
    Issue,
    Row,
)
from rostertui.importing.snapshot import (
    EMAIL,
    ID,
    KIND,
    STORED_FIELDS,
    VERSION,
    Snapshot,
    StoredUser,
)

MATCH_KEYS = ("id", "email", "external_id")
# Scalar fields an update may change (the key "id" only matches a user).
_SCALAR = frozenset(STORED_FIELDS)
_KIND_LABEL = {Kind.CLIENT.value: "client", Kind.TEAM_MEMBER.value: "team member"}


@dataclass
class PlanSettings:
    kind: Kind
    default_role: Role | None = None
    create_missing_tags: bool = False
    default_status: Status | None = None  # for new users whose status cell is blank
    extra_tags: tuple[str, ...] = ()  # added to every row's tags (created users and updated)
    invite_incomplete: bool = False  # a new user lacking required fields: invited instead


def plain(value: Any) -> Any:
    """A value as the JSON report shows it."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return list(value)
    return value


def _warn(row: Row, issue: Issue) -> None:
    row.plan_warnings = [*row.plan_warnings, issue]


def _who(user: StoredUser) -> str:
    return f"{_KIND_LABEL.get(user[KIND], user[KIND])} {user[EMAIL]} (id {user[ID]})"


class Planner(Replanning):
    def __init__(self, columns: ColumnMap, snapshot: Snapshot, settings: PlanSettings):
        self.columns = columns
        self.snapshot = snapshot
        self.settings = settings
        self.kind = settings.kind
        self.kind_value = settings.kind.value
        self._header = {c.key: columns.header_for(c.key) for c in columns.columns}

    def column(self, key: str) -> str:
        return self._header.get(key, "")

    # --- the whole file -----------------------------------------------------------

    def load_keys(self, rows: Sequence[Row]) -> None:
        """Read from the database the users that the rows' keys name (set-based)."""
        self.read_keys(row.values for row in rows)

    def read_keys(self, values: Iterable[Mapping[str, Any]]) -> None:
        """Read from the database the users that these row values' keys name (set-based)."""
        # lists, not sets: the snapshot makes the sets; 1,000,000 keys need one copy, not two
        ids: list[int] = []
        emails: list[str] = []
        external_ids: list[str] = []
        usernames: list[str] = []
        for v in values:
            if "id" in v:
                ids.append(v["id"])
            if "email" in v:
                emails.append(v["email"])
            if "external_id" in v:
                external_ids.append(v["external_id"])
            if "username" in v:
                usernames.append(v["username"])
        self.snapshot.load(ids, emails, external_ids, usernames)

    @staticmethod
    def first_rows() -> tuple[dict[str, dict[Any, int]], dict[int, int]]:
        """What planning the rows in file order remembers (see :meth:`plan_row`): the first
        row of each unique key, and the first row matching each stored user."""
        return {"email": {}, "external_id": {}, "username": {}}, {}

    def plan(self, rows: Sequence[Row]) -> None:
        """Give every row its action, changes and plan errors (cell errors are already set)."""
        self.load_keys(rows)
        firsts, claimed = self.first_rows()
        for row in rows:
            self.plan_row(row, firsts, claimed)
        if self.kind is Kind.CLIENT:
            self._check_seats(rows)
        self._indexed = False  # built by the first replan_row: a dry run never needs it

    def plan_row(self, row: Row, firsts: dict[str, dict[Any, int]],
                 claimed: dict[int, int]) -> None:
        """Plan one row; ``firsts`` and ``claimed`` (:meth:`first_rows`) hold what the rows
        before it, in file order, took."""
        row.plan_errors = errors = []
        row.plan_warnings = NO_ISSUES
        row.changes = row.before = NO_CHANGES
        row.user_id = row.user_version = None
        row.invite = False
        values = row.values
        for key, seen in firsts.items():
            value = values.get(key)
            if value is None:
                continue
            fold = value.casefold()
            if fold == value:
                fold = value  # one string, not two, for each of 100,000 keys
            earlier = seen.get(fold)
            if earlier is None or earlier == row.number:
                seen[fold] = row.number
            else:
                errors.append(Issue(key, self.column(key),
                                    f"{value!r} is also given on row {earlier}; each user may "
                                    "appear only once in a file (remove or correct one of them)"))
        if "email" not in values and not self._has_cell_error(row, "email"):
            column = self.column("email")
            errors.append(Issue("email", column, "is required; fill in this cell"))
        user = self._match(row)
        if user is not None:
            earlier = claimed.get(user[ID])
            if earlier is not None and earlier != row.number:
                errors.append(Issue("email", self.column("email"),
                                    f"this row and row {earlier} both update {_who(user)}; keep "
                                    "only one of them"))
            else:
                claimed[user[ID]] = row.number
        self._check_unique("username", user, row)
        if user is None:
            self._plan_create(row)
        elif user[KIND] != self.kind_value:
            key = next(k for k in MATCH_KEYS if k in values)
            errors.append(Issue(key, self.column(key),
                                f"{plain(values[key])!r} belongs to the {_who(user)}; this is a "
                                f"{_KIND_LABEL[self.kind.value]} import, so that user cannot be "
                                "changed here"))
        else:
            self._plan_update(row, user)
        self._check_tags(row)
        if row.cell_errors or errors:
            row.action = ERROR
        if not errors:
            row.plan_errors = NO_ISSUES

    def _match(self, row: Row) -> StoredUser | None:
        snap, values = self.snapshot, row.values
        found: list[tuple[str, StoredUser]] = []
        if "id" in values:
            user = snap.users.get(values["id"])
            if user is None:
                row.plan_errors.append(Issue("id", self.column("id"),
                                             f"there is no user with id {values['id']}; leave "
                                             "the id blank to create a new user"))
            else:
                found.append(("id", user))
        for key, index in (("email", snap.by_email), ("external_id", snap.by_external_id)):
            if key in values:
                uid = index.get(values[key])
                if uid is not None:
                    found.append((key, snap.users[uid]))
        if not found:
            return None
        first_key, first = found[0]
        for key, user in found[1:]:
            if user[ID] != first[ID]:
                row.plan_errors.append(Issue(
                    key, self.column(key),
                    f"{plain(row.values[key])!r} belongs to {_who(user)}, but the row's "
                    f"{first_key} {plain(row.values[first_key])!r} belongs to {_who(first)}; "
                    f"correct the {key} or the {first_key}"))
        return first

    def _check_unique(self, key: str, user: StoredUser | None, row: Row) -> None:
        value = row.values.get(key)
        if value is None:
            return
        holder = getattr(self.snapshot, f"by_{key}").get(value)
        if holder is not None and (user is None or holder != user[ID]):
            row.plan_errors.append(Issue(key, self.column(key),
                                         f"{value!r} is already used by "
                                         f"{_who(self.snapshot.users[holder])}; choose another"))

    def _check_tags(self, row: Row) -> None:
        wanted = row.values.get("tags")
        if not wanted:
            return
        missing = [t for t in wanted if t.casefold() not in self.snapshot.tag_names]
        if not missing:
            return
        listed = ", ".join(repr(t) for t in missing)
        if self.settings.create_missing_tags:
            _warn(row, Issue("tags", self.column("tags"),
                             f"{'the tag' if len(missing) == 1 else 'the tags'} {listed} "
                             f"{'does' if len(missing) == 1 else 'do'} not exist yet and will "
                             "be created"))
        else:
            row.plan_errors.append(Issue("tags", self.column("tags"),
                                         f"no such tag {listed}; create the tag first, or allow "
                                         "missing tags to be created"))

    # --- one row -------------------------------------------------------------------

    def _plan_create(self, row: Row) -> None:
        values = row.values
        profile = ProfileType(values.get("profile_type", ProfileType.INDIVIDUAL.value))
        needed = rules.required_for_create(self.kind, profile)
        label = _KIND_LABEL[self.kind.value]
        lacking = [f for f in needed if f not in values and not self._has_cell_error(row, f)]
        if lacking and self.settings.invite_incomplete and "email" in values \
                and values.get("status", Status.PENDING.value) != Status.ARCHIVED.value \
                and not self._has_cell_error(row, "status"):
            row.invite = True
            _warn(row, Issue(lacking[0], self.column(lacking[0]),
                             f"lacks {' and '.join(lacking)}: created as a pending {label} "
                             "with an invitation, who gives them when registering"
                             + (" (the file says active)" if values.get("status")
                                == Status.ACTIVE.value else "")))
            values["status"] = Status.PENDING.value
            lacking = []
        for field in lacking:
            column = self.column(field)
            how = "fill in this cell" if column else f"add a {field} column"
            row.plan_errors.append(Issue(field, column,
                                         f"is required to create a {label}; {how}"))
        if self.settings.default_status is not None and "status" not in values \
                and not self._has_cell_error(row, "status"):
            values["status"] = self.settings.default_status.value
        if self.settings.extra_tags and not self._has_cell_error(row, "tags"):
            values["tags"] = merged_tags(values.get("tags", ()), self.settings.extra_tags)
        if self.kind is Kind.TEAM_MEMBER and "roles" not in values \
                and not self._has_cell_error(row, "roles"):
            if self.settings.default_role is not None:
                values["roles"] = [self.settings.default_role.value]
            else:
                row.plan_errors.append(Issue("roles", self.column("roles"),
                                             "a new team member needs a role; fill in the "
                                             "role, or give a default role"))
        row.action = CREATE

    def _plan_update(self, row: Row, user: StoredUser) -> None:
        uid = row.user_id = user[ID]
        row.user_version = user[VERSION]
        snap = self.snapshot
        pos = snap.pos
        changes: dict[str, list[Any]] = {}
        before: dict[str, Any] = {}
        values = row.values
        if self.settings.extra_tags and not self._has_cell_error(row, "tags"):
            # added to the tags the row names, or else to those the user has
            base = values["tags"] if "tags" in values else snap.tags(uid)
            values["tags"] = merged_tags(base, self.settings.extra_tags)
        for key, new in values.items():
            if key in _SCALAR:
                old = user[pos[key]]
                if new != old:
                    changes[key] = [plain(old), plain(new)]
                    before[key] = plain(old)
            elif key == "tags" or key == "roles":
                old = snap.tags(uid) if key == "tags" else snap.roles(uid)
                if new != old and (len(new) != len(old) or {v.casefold() for v in new}
                                   != {v.casefold() for v in old}):
                    changes[key] = [list(old), list(new)]
                    before[key] = list(old)
            elif key.startswith("attribute:"):
                old = snap.attributes(uid).get(key[10:])
                if new != old:
                    changes[key] = [old, new]
                    before[key] = old
        if changes:
            row.changes, row.before = changes, before
        if row.password is not None:
            _warn(row, Issue("password", self.column("password"),
                             "a password is only set when a user is created; it was not used "
                             "for this existing user"))
        if self.kind is Kind.TEAM_MEMBER and uid in self.snapshot.active_admins:
            loses = ("roles" in changes and Role.ADMINISTRATOR.value not in values["roles"]) \
                or ("status" in changes and values["status"] != Status.ACTIVE.value)
            if loses and len(self.snapshot.active_admins) == 1:
                field = "roles" if "roles" in changes else "status"
                row.plan_errors.append(Issue(field, self.column(field),
                                             f"{user[EMAIL]} is the only active Administrator; "
                                             "give another active team member the "
                                             "Administrator role first"))
        row.action = UPDATE if changes else UNCHANGED

    @staticmethod
    def _has_cell_error(row: Row, field: str) -> bool:
        """Whether the row already has an error on ``field`` (so as not to say it twice)."""
        return any(e.field == field for e in row.cell_errors) or any(
            e.field == field for e in row.plan_errors)

    def _check_seats(self, rows: Sequence[Row]) -> None:
        """Mark the rows past the client seat limit as errors (see :mod:`seats`)."""
        self._seat_marked = seats.check(rows, self.snapshot.seat_limit,
                                        self.snapshot.active_clients, self.column("status"))
