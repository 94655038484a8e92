"""The transactional outbox: messages are rows, queued with the change that causes them."""

from __future__ import annotations

import datetime as dt
import json
import secrets
import socket
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from rostertui.db.connection import write_transaction
from rostertui.db.models import OutboxMessage, utcnow


class MailKind(StrEnum):
    INVITATION = "invitation"
    REGISTRATION_CODE = "registration_code"
    IMPORT_WELCOME = "import_welcome"


class MailStatus(StrEnum):
    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"


# A claim older than this is taken to belong to a dispatcher that died mid-send.
CLAIM_LEASE = dt.timedelta(minutes=2)
MAX_ATTEMPTS = 8
_FORBIDDEN_CONTEXT = {"password", "password_hash"}


@dataclass(frozen=True)
class OutboxView:
    id: int
    kind: str
    to: str
    user_id: int | None
    status: str
    attempts: int
    last_error: str | None
    created_at: dt.datetime
    next_attempt_at: dt.datetime
    sent_at: dt.datetime | None
    message_id: str
    context: dict[str, Any]

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "to": self.to, "kind": self.kind, "status": self.status,
                "attempts": self.attempts, "last_error": self.last_error}


def _message_id() -> str:
    host = socket.getfqdn() or "localhost"
    if "." not in host:
        host = "rostertui.invalid"
    return f"<{secrets.token_hex(16)}@{host}>"


def _context(context: dict[str, Any] | None) -> str:
    context = dict(context or {})
    if _FORBIDDEN_CONTEXT & context.keys():
        raise ValueError("an email never carries a password")
    return json.dumps(context, ensure_ascii=False, sort_keys=True)


def queue(kind: MailKind, user_id: int | None, to_addr: str,
          context: dict[str, Any] | None = None) -> int:
    """Queue one message. Call inside the transaction that makes the change it reports."""
    return queue_many(kind, [(user_id, to_addr)], context)[0]


def queue_many(kind: MailKind, recipients: Sequence[tuple[int | None, str]],
               context: dict[str, Any] | None = None) -> list[int]:
    """Queue one message per recipient with the same context (set-based, for imports)."""
    now = utcnow()
    text = _context(context)
    rows = [{"kind": kind.value, "user": uid, "to_addr": addr, "context": text,
             "message_id": _message_id(), "status": MailStatus.QUEUED.value,
             "next_attempt_at": now, "created_at": now} for uid, addr in recipients]
    for start in range(0, len(rows), 500):
        OutboxMessage.insert_many(rows[start:start + 500]).execute()
    ids = [i for (i,) in OutboxMessage.select(OutboxMessage.id).where(
        OutboxMessage.message_id.in_([r["message_id"] for r in rows])).tuples()] if rows else []
    return sorted(ids)


def _view(m: OutboxMessage) -> OutboxView:
    return OutboxView(m.id, m.kind, m.to_addr, m.user_id, m.status, m.attempts, m.last_error,
                      m.created_at, m.next_attempt_at, m.sent_at, m.message_id,
                      json.loads(m.context or "{}"))


def list_messages(status: MailStatus | None = None, *, user_id: int | None = None,
                  limit: int | None = None) -> list[OutboxView]:
    query = OutboxMessage.select().order_by(OutboxMessage.id)
    if status is not None:
        query = query.where(OutboxMessage.status == status.value)
    if user_id is not None:
        query = query.where(OutboxMessage.user == user_id)
    if limit:
        query = query.limit(limit)
    return [_view(m) for m in query]


def latest_for_users(user_ids: Sequence[int], kind: MailKind) -> dict[int, OutboxView]:
    """The newest message of ``kind`` for each user (for showing delivery status)."""
    found: dict[int, OutboxView] = {}
    for start in range(0, len(user_ids), 500):
        query = (OutboxMessage.select().where(
            OutboxMessage.user.in_(list(user_ids[start:start + 500]))
            & (OutboxMessage.kind == kind.value)).order_by(OutboxMessage.id))
        for m in query:
            found[m.user_id] = _view(m)
    return found


def due_count(now: dt.datetime | None = None) -> int:
    """Queued messages whose time has come by ``now`` (default: this moment), that is what a
    dispatch would send now."""
    now = now or utcnow()
    return OutboxMessage.select().where(
        (OutboxMessage.status == MailStatus.QUEUED.value)
        & (OutboxMessage.next_attempt_at <= now)).count()


def describe_delivery(view: OutboxView | None) -> str:
    """A message's delivery state in a few words, for lists."""
    if view is None:
        return "no email"
    if view.status == MailStatus.SENT:
        return f"sent {view.sent_at:%Y-%m-%d %H:%M}" if view.sent_at else "sent"
    if view.status == MailStatus.FAILED:
        return f"failed: {view.last_error or 'unknown error'}"
    if view.attempts:
        return f"retrying ({view.attempts} attempts): {view.last_error or ''}".rstrip(": ")
    return "queued"


def undelivered_count() -> int:
    return OutboxMessage.select().where(
        OutboxMessage.status.in_([MailStatus.QUEUED.value, MailStatus.SENDING.value,
                                  MailStatus.FAILED.value])).count()


# --- what the dispatcher uses ------------------------------------------------

def claim(limit: int, *, now: dt.datetime, ignore_backoff: bool = False,
          exclude: Sequence[int] = (), lease: dt.timedelta = CLAIM_LEASE
          ) -> tuple[str, list[OutboxView]]:
    """Take up to ``limit`` due messages for this dispatcher; returns its token and them.

    A message is due when queued and its next attempt time has come, or when a
    claim on it has outlived the lease (its dispatcher died: a live one renews
    its claims with :func:`renew` while it sends). The UPDATE re-checks the
    status, so two dispatchers never claim the same message.
    """
    token = secrets.token_hex(8)
    stale = now - lease
    due = ((OutboxMessage.status == MailStatus.QUEUED.value)
           | ((OutboxMessage.status == MailStatus.SENDING.value)
              & (OutboxMessage.claimed_at < stale)))
    with write_transaction():
        query = OutboxMessage.select(OutboxMessage.id).where(due)
        if not ignore_backoff:
            query = query.where(OutboxMessage.next_attempt_at <= now)
        if exclude:
            query = query.where(OutboxMessage.id.not_in(list(exclude)))
        ids = [i for (i,) in query.order_by(OutboxMessage.id).limit(limit).tuples()]
        if not ids:
            return token, []
        (OutboxMessage.update(status=MailStatus.SENDING.value, claimed_at=now, claim_token=token)
         .where(OutboxMessage.id.in_(ids) & due).execute())
    claimed = OutboxMessage.select().where(OutboxMessage.claim_token == token).order_by(
        OutboxMessage.id)
    return token, [_view(m) for m in claimed]


def renew(token: str, *, now: dt.datetime) -> int:
    """Extend this dispatcher's claims (those it has not finished): returns how many."""
    with write_transaction():
        return (OutboxMessage.update(claimed_at=now)
                .where((OutboxMessage.claim_token == token)
                       & (OutboxMessage.status == MailStatus.SENDING.value)).execute())


def _finish(message_id: int, token: str, **values: Any) -> None:
    with write_transaction():
        (OutboxMessage.update(claim_token=None, claimed_at=None, **values)
         .where((OutboxMessage.id == message_id) & (OutboxMessage.claim_token == token))
         .execute())


def mark_sent(message_id: int, token: str, *, now: dt.datetime, attempts: int) -> None:
    _finish(message_id, token, status=MailStatus.SENT.value, sent_at=now, attempts=attempts,
            last_error=None)


def mark_failed(message_id: int, token: str, *, attempts: int, error: str) -> None:
    _finish(message_id, token, status=MailStatus.FAILED.value, attempts=attempts,
            last_error=error[:1000])


def backoff(attempts: int) -> dt.timedelta:
    """30 s after the first failure, doubling, at most an hour."""
    return dt.timedelta(seconds=min(30 * 2 ** max(attempts - 1, 0), 3600))


def mark_retry(message_id: int, token: str, *, now: dt.datetime, attempts: int,
               error: str) -> bool:
    """Schedule another attempt; after MAX_ATTEMPTS the message fails. True if it will retry."""
    if attempts >= MAX_ATTEMPTS:
        mark_failed(message_id, token, attempts=attempts,
                    error=f"gave up after {attempts} attempts: {error}")
        return False
    _finish(message_id, token, status=MailStatus.QUEUED.value, attempts=attempts,
            last_error=error[:1000], next_attempt_at=now + backoff(attempts))
    return True


def release(message_ids: Sequence[int], token: str) -> None:
    """Give back claimed messages that were not attempted (no attempt is counted)."""
    if not message_ids:
        return
    with write_transaction():
        (OutboxMessage.update(status=MailStatus.QUEUED.value, claim_token=None, claimed_at=None)
         .where(OutboxMessage.id.in_(list(message_ids)) & (OutboxMessage.claim_token == token))
         .execute())


def requeue_failed(message_ids: Sequence[int] | None = None) -> int:
    """Queue failed messages again (after the admin fixed the address, say)."""
    query = OutboxMessage.update(status=MailStatus.QUEUED.value, next_attempt_at=utcnow(),
                                 attempts=0).where(
        OutboxMessage.status == MailStatus.FAILED.value)
    if message_ids is not None:
        query = query.where(OutboxMessage.id.in_(list(message_ids)))
    with write_transaction():
        return query.execute()
