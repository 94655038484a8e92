"""Sign-up requests: clients who registered themselves and wait to be accepted or rejected."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rostertui.db.connection import write_transaction
from rostertui.db.models import SignupRequest, User, utcnow
from rostertui.domain import audit, fields, org
from rostertui.domain.actor import Actor
from rostertui.domain.enums import Kind, Source, Status
from rostertui.domain.errors import FieldError, InvalidState, ValidationFailed
from rostertui.domain.records import UserRecord, load_records
from rostertui.domain.users import create_users, delete_users


def submit_request(data: Mapping[str, Any], actor: Actor, *, message: str = "") -> UserRecord:
    """Record a sign-up (what the organization's sign-up page does): a pending client."""
    try:
        note = fields.message(message)
    except ValueError as exc:
        raise ValidationFailed([FieldError("message", str(exc))]) from None
    with write_transaction():
        user = create_users([{**data, "status": Status.PENDING.value}], Kind.CLIENT, actor,
                            source=Source.SIGNUP)[0]
        SignupRequest.insert(user=user.id, message=note, created_at=utcnow()).execute()
    return user


def list_requests() -> list[tuple[UserRecord, str]]:
    rows = list(SignupRequest.select(SignupRequest, User).join(User)
                .order_by(SignupRequest.created_at))
    records = load_records(r.user for r in rows)
    return [(rec, r.message) for rec, r in zip(records, rows, strict=True)]


def _requests(user_ids: Sequence[int]) -> list[User]:
    users = list(User.select().join(SignupRequest).where(User.id.in_(list(user_ids))))
    found = {u.id for u in users}
    missing = [i for i in user_ids if i not in found]
    if missing:
        raise InvalidState(f"user {missing[0]} has no sign-up request waiting")
    return users


def accept_requests(user_ids: Sequence[int], actor: Actor) -> int:
    """Accept requests: the clients become active (the seat limit applies)."""
    with write_transaction():
        users = _requests(user_ids)
        org.ensure_seats(len(users))
        ids = [u.id for u in users]
        User.update(status=Status.ACTIVE.value, version=User.version + 1,
                    updated_at=utcnow()).where(User.id.in_(ids)).execute()
        SignupRequest.delete().where(SignupRequest.user.in_(ids)).execute()
        audit.record_many(actor, "signup.accepted", [(u.id, u.email, None) for u in users])
    return len(users)


def reject_requests(user_ids: Sequence[int], actor: Actor) -> int:
    """Reject requests: the pending clients are deleted; the audit log keeps their emails."""
    with write_transaction():
        _requests(user_ids)
        return delete_users(user_ids, actor, action="signup.rejected").users
