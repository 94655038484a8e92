"""Team member roles, and the rule that an organization always keeps an active Administrator."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from rostertui.db.connection import write_transaction
from rostertui.db.models import User, UserRole, utcnow
from rostertui.domain import audit, fields
from rostertui.domain.actor import Actor
from rostertui.domain.enums import Kind, Role, Status
from rostertui.domain.errors import (
    FieldError,
    InvalidState,
    LastAdministrator,
    NotFound,
    StaleVersion,
    ValidationFailed,
)
from rostertui.domain.records import load_records


def active_administrator_ids() -> set[int]:
    query = (User.select(User.id).join(UserRole, on=(UserRole.user == User.id))
             .where((User.kind == Kind.TEAM_MEMBER) & (User.status == Status.ACTIVE)
                    & (UserRole.role == Role.ADMINISTRATOR)))
    return {uid for (uid,) in query.tuples()}


def ensure_administrator_remains(losing: Collection[int], what: str) -> None:
    """Refuse when the users in ``losing`` are every active Administrator there is."""
    admins = active_administrator_ids()
    if admins and admins <= set(losing):
        raise LastAdministrator(
            f"cannot {what}: that would leave no active Administrator; give another "
            "active team member the Administrator role first")


def set_roles(user_id: int, roles: Sequence[str | Role], actor: Actor,
              expected_version: int | None = None) -> list[Role]:
    """Replace a team member's roles. At least one role; the last Administrator keeps theirs."""
    try:
        wanted = fields.roles(list(roles))
    except ValueError as exc:
        raise ValidationFailed([FieldError("roles", str(exc))]) from None
    if not wanted:
        raise ValidationFailed([FieldError("roles", "a team member needs at least one role")])
    with write_transaction():
        user = User.get_or_none(User.id == user_id)
        if user is None:
            raise NotFound(f"no user with id {user_id}")
        if user.kind != Kind.TEAM_MEMBER:
            raise InvalidState(f"{user.email} is a client; only team members have roles")
        if expected_version is not None and user.version != expected_version:
            raise StaleVersion(user_id, expected_version, load_records([user])[0].summary())
        before = [r for (r,) in UserRole.select(UserRole.role)
                  .where(UserRole.user == user_id).tuples()]
        if Role.ADMINISTRATOR in before and Role.ADMINISTRATOR not in wanted:
            ensure_administrator_remains([user_id], f"remove the Administrator role from "
                                                    f"{user.email}")
        if set(before) == set(wanted):
            return wanted
        UserRole.delete().where(UserRole.user == user_id).execute()
        UserRole.insert_many([{"user": user_id, "role": r.value} for r in wanted]).execute()
        User.update(version=User.version + 1, updated_at=utcnow()).where(
            User.id == user_id).execute()
        ordered_before = [r.value for r in Role if r.value in before]
        audit.record(actor, "user.roles_changed", user_id, user.email,
                     {"changes": {"roles": [ordered_before, [r.value for r in wanted]]}})
    return wanted
