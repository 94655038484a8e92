"""Inviting people by email: each invitation creates a pending user.

The invitation email is queued in the outbox in the same transaction, and the
mail dispatcher delivers it. ``Invitation.send_count`` counts the emails asked
for (the first and every resend) and ``last_sent_at`` is when the last one was
queued; whether it was delivered is the outbox message's status.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rostertui.db.connection import write_transaction
from rostertui.db.models import Invitation, User, UserRole, utcnow
from rostertui.domain import audit, fields
from rostertui.domain.actor import Actor
from rostertui.domain.enums import Kind, Role, Source, Status
from rostertui.domain.errors import Conflict, FieldError, InvalidState, ValidationFailed
from rostertui.domain.records import UserRecord
from rostertui.domain.users import delete_users, get_users, taken_values
from rostertui.domain.words import with_article
from rostertui.mail import outbox
from rostertui.mail.outbox import MailKind

DEFAULT_MESSAGE = "You have been invited to join {org}."


@dataclass(frozen=True)
class InvitationView:
    id: int
    user_id: int
    email: str
    kind: str
    message: str
    created_at: object
    last_sent_at: object
    send_count: int
    delivery: str = "not sent"  # queued | sending | sent | failed | not sent
    delivery_error: str | None = None


def invite(emails: Sequence[str], kind: Kind, actor: Actor, *, message: str = "",
           roles: Sequence[str | Role] = ()) -> list[UserRecord]:
    """Invite each address; each becomes a pending user of ``kind``."""
    errors: list[FieldError] = []
    cleaned: list[str] = []
    many = len(emails) > 1
    for i, raw in enumerate(emails):
        try:
            address = fields.email(raw)
        except ValueError as exc:
            errors.append(FieldError("email", str(exc), i if many else None))
            continue
        if address in cleaned:
            errors.append(FieldError("email", f"{address} is listed twice", i if many else None))
        cleaned.append(address)
    if not emails:
        errors.append(FieldError("email", "give at least one email address"))
    try:
        text = fields.message(message)
    except ValueError as exc:
        errors.append(FieldError("message", str(exc)))
        text = ""
    role_list: list[Role] = []
    if kind is Kind.TEAM_MEMBER:
        try:
            role_list = fields.roles(list(roles))
        except ValueError as exc:
            errors.append(FieldError("roles", str(exc)))
        if not role_list and not any(e.field == "roles" for e in errors):
            errors.append(FieldError("roles", "choose at least one role for the team member"))
    if errors:
        raise ValidationFailed(errors)
    now = utcnow()
    with write_transaction():
        taken = taken_values("email", cleaned)
        if taken:
            address = next(iter(taken))
            uid = taken[address][0]
            state = User.get_by_id(uid).status
            hint = "resend the invitation instead" if state == Status.PENDING else \
                "they already have an account"
            raise Conflict(f"{address} is already {with_article(str(state))} user; {hint}")
        ids = []
        for address in cleaned:
            uid = User.insert(kind=kind.value, status=Status.PENDING.value, email=address,
                              source=Source.INVITATION.value, created_at=now, updated_at=now,
                              invited_at=now).execute()
            Invitation.insert(user=uid, email=address, message=text, invited_by=actor.user_id,
                              created_at=now, last_sent_at=now, send_count=1).execute()
            outbox.queue(MailKind.INVITATION, uid, address, {"message": text})
            if role_list:
                UserRole.insert_many([{"user": uid, "role": r.value} for r in role_list]).execute()
            ids.append(uid)
        audit.record_many(actor, "invitation.created", [
            (uid, address, {"kind": kind.value, "roles": [r.value for r in role_list]})
            for uid, address in zip(ids, cleaned, strict=True)])
    return get_users(ids)


def list_invitations(kind: Kind | None = None) -> list[InvitationView]:
    query = (Invitation.select(Invitation, User).join(User)
             .where(User.status == Status.PENDING).order_by(Invitation.created_at.desc()))
    if kind is not None:
        query = query.where(User.kind == kind.value)
    rows = list(query)
    mails = outbox.latest_for_users([i.user_id for i in rows], MailKind.INVITATION)
    views = []
    for i in rows:
        mail = mails.get(i.user_id)
        views.append(InvitationView(i.id, i.user_id, i.email, i.user.kind, i.message,
                                    i.created_at, i.last_sent_at, i.send_count,
                                    mail.status if mail else "not sent",
                                    mail.last_error if mail else None))
    return views


def resend_invitations(user_ids: Sequence[int], actor: Actor) -> int:
    """Queue the invitation email again for pending, invited users."""
    with write_transaction():
        rows = list(Invitation.select(Invitation, User).join(User).where(
            Invitation.user.in_(list(user_ids))))
        found = {i.user_id for i in rows}
        missing = [u for u in user_ids if u not in found]
        if missing:
            raise InvalidState(f"user {missing[0]} has no invitation to resend")
        stale = [i for i in rows if i.user.status != Status.PENDING]
        if stale:
            raise InvalidState(f"{stale[0].user.email} has already registered")
        now = utcnow()
        for inv in rows:
            outbox.queue(MailKind.INVITATION, inv.user_id, inv.user.email,
                         {"message": inv.message})
            Invitation.update(send_count=Invitation.send_count + 1, last_sent_at=now).where(
                Invitation.id == inv.id).execute()
        audit.record_many(actor, "invitation.resent", [(i.user_id, i.user.email, None)
                                                       for i in rows])
    return len(rows)


def cancel_invitations(user_ids: Sequence[int], actor: Actor) -> int:
    """Withdraw invitations: the pending users are deleted."""
    with write_transaction():
        users = list(User.select().where(User.id.in_(list(user_ids))))
        wrong = [u for u in users if u.status != Status.PENDING or u.source != Source.INVITATION]
        if wrong:
            raise InvalidState(f"{wrong[0].email} has no open invitation")
        return delete_users(user_ids, actor, action="invitation.cancelled").users
