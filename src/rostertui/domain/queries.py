"""Reading users for lists and exports: filtered, ordered, in pages, set-based."""

from __future__ import annotations

from collections.abc import Iterator

from rostertui.db.models import User
from rostertui.domain.enums import Kind, Status
from rostertui.domain.records import UserRecord, load_records


def _base(kind: Kind | None, status: Status | None):
    query = User.select()
    if kind is not None:
        query = query.where(User.kind == kind.value)
    if status is not None:
        query = query.where(User.status == status.value)
    return query


def count_users(kind: Kind | None = None, status: Status | None = None) -> int:
    return _base(kind, status).count()


def iter_users(kind: Kind | None = None, status: Status | None = None, *,
               page: int = 1000) -> Iterator[UserRecord]:
    """Every matching user in id order, a page at a time (keyset pagination)."""
    last = 0
    while True:
        rows = list(_base(kind, status).where(User.id > last).order_by(User.id).limit(page))
        if not rows:
            return
        yield from load_records(rows)
        last = rows[-1].id


def list_users(kind: Kind | None = None, status: Status | None = None, *,
               limit: int = 100, offset: int = 0) -> list[UserRecord]:
    rows = _base(kind, status).order_by(User.last_name, User.first_name, User.id)
    return load_records(rows.limit(limit).offset(offset))
