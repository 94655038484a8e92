"""Read models: what the services hand to the CLI and the UI instead of Peewee rows."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence

from pydantic import BaseModel, ConfigDict

from rostertui.db.models import Tag, User, UserAttribute, UserRole, UserTag
from rostertui.domain.enums import Role

# The user fields that are plain columns (what export writes and edit may change).
SCALAR_FIELDS = ("email", "first_name", "middle_name", "last_name", "birthdate", "sex",
                 "external_id", "username", "phone", "phone_country", "office", "profile_type")


class UserRecord(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    kind: str
    status: str
    email: str
    first_name: str
    middle_name: str
    last_name: str
    birthdate: dt.date | None
    sex: str | None
    external_id: str | None
    username: str | None
    phone: str | None
    phone_country: str | None
    office: str | None
    profile_type: str
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime
    invited_at: dt.datetime | None
    archived_at: dt.datetime | None
    source: str
    has_password: bool
    tags: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    attributes: dict[str, str] = {}

    @property
    def display_name(self) -> str:
        parts = [self.first_name, self.middle_name, self.last_name]
        return " ".join(p for p in parts if p) or self.email

    def summary(self) -> dict[str, object]:
        """The values shown when an edit is refused as stale: no password, no hash."""
        data = self.model_dump(exclude={"has_password"})
        return data


_ROLE_ORDER = {r.value: i for i, r in enumerate(Role)}


def load_records(users: Iterable[User]) -> list[UserRecord]:
    """Records for ``users`` with their tags, roles and attributes: four queries in all."""
    users = list(users)
    ids = [u.id for u in users]
    tags: dict[int, list[str]] = defaultdict(list)
    roles: dict[int, list[str]] = defaultdict(list)
    attrs: dict[int, dict[str, str]] = defaultdict(dict)
    for chunk in _chunks(ids):
        for user_id, name in (UserTag.select(UserTag.user, Tag.name).join(Tag)
                              .where(UserTag.user.in_(chunk)).order_by(Tag.key).tuples()):
            tags[user_id].append(name)
        for user_id, role in (UserRole.select(UserRole.user, UserRole.role)
                              .where(UserRole.user.in_(chunk)).tuples()):
            roles[user_id].append(role)
        for user_id, name, value in (UserAttribute.select(UserAttribute.user, UserAttribute.name,
                                                          UserAttribute.value)
                                     .where(UserAttribute.user.in_(chunk))
                                     .order_by(UserAttribute.name).tuples()):
            attrs[user_id][name] = value
    return [_record(u, tags[u.id], sorted(roles[u.id], key=_ROLE_ORDER.get), attrs[u.id])
            for u in users]


def _record(u: User, tags: list[str], roles: list[str], attrs: dict[str, str]) -> UserRecord:
    return UserRecord(
        id=u.id, kind=u.kind, status=u.status, email=u.email, first_name=u.first_name,
        middle_name=u.middle_name, last_name=u.last_name, birthdate=u.birthdate, sex=u.sex,
        external_id=u.external_id, username=u.username, phone=u.phone,
        phone_country=u.phone_country, office=u.office, profile_type=u.profile_type,
        version=u.version, created_at=u.created_at, updated_at=u.updated_at,
        invited_at=u.invited_at, archived_at=u.archived_at, source=u.source,
        has_password=bool(u.password_hash), tags=tuple(tags), roles=tuple(roles),
        attributes=attrs)


def _chunks(items: Sequence[int], size: int = 500) -> Iterable[Sequence[int]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]
