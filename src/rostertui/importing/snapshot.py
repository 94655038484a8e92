"""What the database holds about the users a file names, read set-based.

The planner needs, for every key in the file (id, email, external_id,
username), the user that holds it and that user's stored values, tags, roles
and attributes. They are read in a handful of queries: the whole user table
when the file is about as large as it, else ``IN`` lists in chunks. Rows come
back as plain tuples from the cursor, without building a model per user.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from rostertui.db.models import OrgSettings, Tag, User, UserAttribute, UserRole, UserTag, database
from rostertui.domain import bulk
from rostertui.domain.enums import Kind, Role, Status
from rostertui.domain.org import ORG_ID

STORED_FIELDS = ("email", "first_name", "middle_name", "last_name", "birthdate", "sex",
                 "external_id", "username", "phone", "phone_country", "office", "profile_type",
                 "status")
# Always read: the keys, and what seats and the last-Administrator rule need.
KEY_COLUMNS = ("id", "kind", "version", "email", "external_id", "username", "status")
ID, KIND, VERSION, EMAIL, EXTERNAL_ID, USERNAME, STATUS = range(len(KEY_COLUMNS))

# A stored user is the row tuple as the cursor returns it, in the order of Snapshot.columns:
# no object is built per user (100,000 of them are read for a file of 100,000 known users).
StoredUser = tuple

_ROLE_ORDER = {r.value: i for i, r in enumerate(Role)}
# Read the whole user table when the file has at least this many keys per stored user;
# else look the keys up in IN lists.
FULL_SCAN_RATIO = 0.5

# Columns whose values repeat from user to user (kinds, statuses, names, dates): the cursor
# gives each row its own string objects, so the snapshot keeps one object per distinct value.
_REPEATING = frozenset({"kind", "status", "first_name", "middle_name", "last_name", "birthdate",
                        "sex", "phone_country", "office", "profile_type"})


def _compactor(columns: Sequence[str]) -> Any:
    """A function ``(row, setdefault) -> row`` sharing the values of the repeating columns."""
    at = columns.index("birthdate") if "birthdate" in columns else -1
    flags = [name in _REPEATING for name in columns]

    def compact(row: Sequence[Any], shared: Any) -> tuple[Any, ...]:
        out = [shared(v, v) if f else v for v, f in zip(row, flags, strict=True)]
        if at >= 0 and out[at].__class__ is str:
            out[at] = _date(out[at])  # stored as text by SQLite; compared as a date
        return tuple(out)
    return compact


_DATES: dict[str, dt.date | None] = {}


def _date(text: str) -> dt.date | None:
    found = _DATES.get(text)
    if found is None:
        try:
            found = dt.date.fromisoformat(text[:10])
        except ValueError:
            return None
        if len(_DATES) < 100_000:
            _DATES[text] = found
    return found


def _distinct_at_least(groups: Iterable[Sequence[Any]], need: float) -> bool:
    """Whether the keys of ``groups`` hold at least ``need`` distinct keys (each group is a
    kind of key, so keys of two groups are distinct), stopping as soon as they do."""
    if sum(len(group) for group in groups) < need:
        return False
    found = 0
    for group in groups:
        seen: set[Any] = set()
        for key in group:
            seen.add(key)
            if found + len(seen) >= need:
                return True
        found += len(seen)
    return False


class Snapshot:
    """The stored users that a file's keys point at, indexed by each key.

    Only the fields the file has are read (besides the keys), to keep 100,000
    stored users small.
    """

    def __init__(self, fields: Iterable[str] = STORED_FIELDS) -> None:
        wanted = set(fields)
        self.columns = KEY_COLUMNS + tuple(f for f in STORED_FIELDS
                                           if f in wanted and f not in KEY_COLUMNS)
        self.pos = {name: i for i, name in enumerate(self.columns)}
        self._shared: dict[Any, Any] = {}
        self._compact = _compactor(self.columns)
        self.users: dict[int, StoredUser] = {}
        self.tags_of: dict[int, list[str]] = {}
        self.roles_of: dict[int, list[str]] = {}
        self.attributes_of: dict[int, dict[str, str]] = {}
        self.by_email: dict[str, int] = {}
        self.by_external_id: dict[str, int] = {}
        self.by_username: dict[str, int] = {}
        self.tag_names: dict[str, str] = {}  # casefolded name -> name, every tag there is
        self.active_clients = 0
        self.seat_limit: int | None = None
        self.active_admins: set[int] = set()
        self._looked_up: dict[str, set[Any]] = {"id": set(), "email": set(),
                                                "external_id": set(), "username": set()}
        self._full = False
        self._org_read = False  # the organization's settings, tags and admins were read

    def covers(self, fields: Iterable[str]) -> bool:
        """Whether this snapshot reads every stored field among ``fields``."""
        return all(f in self.pos for f in fields if f in STORED_FIELDS)

    def copy(self) -> Snapshot:
        """A copy that can read more keys without changing this one (the Import tab plans a
        fix in a worker on a copy while the rows on show keep theirs). Stored users are
        tuples, shared; the indexes and the per-user lists are copied."""
        other = object.__new__(Snapshot)
        other.__dict__.update(self.__dict__)
        other._shared = dict(self._shared)
        other.users = dict(self.users)
        other.tags_of = {uid: list(v) for uid, v in self.tags_of.items()}
        other.roles_of = {uid: list(v) for uid, v in self.roles_of.items()}
        other.attributes_of = {uid: dict(v) for uid, v in self.attributes_of.items()}
        other.by_email = dict(self.by_email)
        other.by_external_id = dict(self.by_external_id)
        other.by_username = dict(self.by_username)
        other.tag_names = dict(self.tag_names)
        other.active_admins = set(self.active_admins)
        other._looked_up = {key: set(seen) for key, seen in self._looked_up.items()}
        return other

    # --- loading -------------------------------------------------------------

    def knows(self, values: dict[str, Any]) -> bool:
        """Whether every key in these row values was read already (planning needs no query)."""
        if self._full:
            return True
        if not any(self._looked_up.values()):
            return False  # nothing read yet: the first load also reads the organization
        return all(values[key] in seen for key, seen in self._looked_up.items()
                   if values.get(key) is not None)

    def load(self, ids: Sequence[int], emails: Sequence[str], external_ids: Sequence[str],
             usernames: Sequence[str]) -> None:
        """Read the users holding any of these keys (only keys not read before)."""
        given = {"id": ids, "email": emails, "external_id": external_ids,
                 "username": usernames}
        first = not self._org_read
        if first:
            self._load_org()
            self._org_read = True
        if self._full:
            return
        if first and _distinct_at_least(given.values(),
                                        max(1, FULL_SCAN_RATIO * User.select().count())):
            # the file names about as many users as there are: read them all (no set of a
            # million keys is built to find that out)
            self._scan_all()
            return
        wanted = {key: set(values) for key, values in given.items()}
        for key, values in wanted.items():
            values -= self._looked_up[key]
        if not any(wanted.values()):
            return
        new_ids: list[int] = []
        for key, values in wanted.items():
            seen = self._looked_up[key]
            if seen:
                seen |= values
            else:
                self._looked_up[key] = values  # the first keys: no second copy of them
            new_ids += self._read_users(bulk.select_in(self.columns, key,
                                                       sorted(values, key=str)))
        self._read_links(new_ids)

    def _cols(self) -> list[Any]:
        return [getattr(User, c) for c in self.columns]

    def _load_org(self) -> None:
        row = OrgSettings.get_or_none(OrgSettings.id == ORG_ID)
        self.seat_limit = row.client_seat_limit if row else None
        self.active_clients = (User.select().where((User.kind == Kind.CLIENT)
                                                   & (User.status == Status.ACTIVE)).count())
        self.tag_names = {key: name for name, key in Tag.select(Tag.name, Tag.key).tuples()}
        self.active_admins = {uid for (uid,) in (
            User.select(User.id).join(UserRole, on=(UserRole.user == User.id))
            .where((User.kind == Kind.TEAM_MEMBER) & (User.status == Status.ACTIVE)
                   & (UserRole.role == Role.ADMINISTRATOR)).tuples())}

    def _read_users(self, rows: Iterable[Sequence[Any]]) -> list[int]:
        users, by_email = self.users, self.by_email
        by_external_id, by_username = self.by_external_id, self.by_username
        ids = []
        compact, shared = self._compact, self._shared.setdefault
        for row in rows:
            uid = row[0]
            if uid in users:
                continue
            users[uid] = row = compact(row, shared)
            by_email[row[EMAIL]] = uid
            if row[EXTERNAL_ID] is not None:
                by_external_id[row[EXTERNAL_ID]] = uid
            if row[USERNAME] is not None:
                by_username[row[USERNAME]] = uid
            ids.append(uid)
        return ids

    def _scan_all(self) -> None:
        self._full = True
        self._read_users(database.obj.execute(User.select(*self._cols())))
        self._read_links(None)

    def _read_links(self, ids: list[int] | None) -> None:
        """Tags, roles and attributes of the users read (all users when ``ids`` is None)."""
        if ids == []:
            return
        tag_name = dict(Tag.select(Tag.id, Tag.name).tuples())
        if ids is None:
            execute = database.obj.execute
            tag_rows = execute(UserTag.select(UserTag.user, UserTag.tag))
            role_rows = execute(UserRole.select(UserRole.user, UserRole.role))
            attr_rows = execute(UserAttribute.select(UserAttribute.user, UserAttribute.name,
                                                     UserAttribute.value))
        else:
            tag_rows = bulk.select_in(("user", "tag"), "user", ids, model=UserTag)
            role_rows = bulk.select_in(("user", "role"), "user", ids, model=UserRole)
            attr_rows = bulk.select_in(("user", "name", "value"), "user", ids,
                                       model=UserAttribute)
        tags, roles, attributes = self.tags_of, self.roles_of, self.attributes_of
        for uid, tag in tag_rows:
            tags.setdefault(uid, []).append(tag_name[tag])
        for uid, role in role_rows:
            roles.setdefault(uid, []).append(role)
        for uid, name, value in attr_rows:
            attributes.setdefault(uid, {})[name] = value
        for found in tags.values():
            if len(found) > 1:
                found.sort(key=str.casefold)
        for found in roles.values():
            if len(found) > 1:
                found.sort(key=_ROLE_ORDER.get)

    def value(self, user: StoredUser, field: str) -> Any:
        """A scalar field of a stored user (one the file has, or a key), birthdates as dates."""
        return user[self.pos[field]]

    def tags(self, uid: int) -> list[str]:
        return self.tags_of.get(uid, [])

    def roles(self, uid: int) -> list[str]:
        return self.roles_of.get(uid, [])

    def attributes(self, uid: int) -> dict[str, str]:
        return self.attributes_of.get(uid, {})
