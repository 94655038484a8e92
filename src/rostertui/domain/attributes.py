"""Custom attributes: a name and a value per user."""

from __future__ import annotations

from rostertui.db.models import User, UserAttribute
from rostertui.domain.enums import Kind, Status


def attribute_names(kind: Kind | None = None, status: Status | None = None) -> list[str]:
    query = UserAttribute.select(UserAttribute.name).join(User).distinct()
    if kind is not None:
        query = query.where(User.kind == kind.value)
    if status is not None:
        query = query.where(User.status == status.value)
    return sorted({name for (name,) in query.tuples()}, key=str.casefold)
