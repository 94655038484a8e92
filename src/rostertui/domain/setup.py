"""Setting up a new database: the organization and its first Administrator."""

from __future__ import annotations

from typing import Any

from rostertui.db.connection import write_transaction
from rostertui.domain import audit, org
from rostertui.domain.actor import Actor
from rostertui.domain.enums import Kind, Role
from rostertui.domain.errors import Conflict, FieldError, ValidationFailed
from rostertui.domain.records import UserRecord
from rostertui.domain.users import create_users


def init_organization(org_name: str, admin: dict[str, Any], actor: Actor, *,
                      client_seat_limit: int | None = None, is_demo: bool = False) -> UserRecord:
    """Create the organization and its first Administrator, who must have a password."""
    if not admin.get("password"):
        raise ValidationFailed([FieldError("password", "the first Administrator needs a "
                                                       "password to log in")])
    with write_transaction():
        if org.is_initialised():
            raise Conflict(f"this database already belongs to {org.get_org().name!r}; "
                           "use another --db to start a new one")
        org.create_org(org_name, client_seat_limit, is_demo=is_demo)
        record = create_users([{**admin, "roles": [Role.ADMINISTRATOR.value]}],
                              Kind.TEAM_MEMBER, actor)[0]
        audit.record(actor, "org.initialised", record.id, record.email, {"org": org_name})
    return record
