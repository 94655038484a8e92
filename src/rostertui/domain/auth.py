"""Logging in to the app: only an active team member with the Administrator role gets in.

Five failed attempts for one email lock that email for five minutes. The
count lives in the database (``login_throttle``), so restarting the app does
not reset it. Every login and every refusal goes to the audit log; the
password itself is never stored, logged or echoed.
"""

from __future__ import annotations

import datetime as dt

from rostertui.db.connection import is_sqlite, write_transaction
from rostertui.db.models import LoginThrottle, User, UserRole, utcnow
from rostertui.domain import audit, passwords
from rostertui.domain.actor import Actor
from rostertui.domain.enums import Kind, Role, Status
from rostertui.domain.errors import AuthenticationFailed

MAX_FAILURES = 5
LOCKOUT = dt.timedelta(minutes=5)
_LOGIN = Actor(None, "login")


class LockedOut(AuthenticationFailed):
    """Too many failed attempts for this email; try again later."""


def _key(email: str) -> str:
    return email.strip().casefold()[:254]


def _is_admin(user: User) -> bool:
    return (UserRole.select().where((UserRole.user == user.id)
                                    & (UserRole.role == Role.ADMINISTRATOR)).exists())


def _refusal_reason(user: User) -> str | None:
    if user.kind != Kind.TEAM_MEMBER:
        return "is a client; only Administrators can use rostertui"
    if user.status != Status.ACTIVE:
        return f"is {user.status}; only active Administrators can use rostertui"
    if not _is_admin(user):
        return "does not have the Administrator role; only Administrators can use rostertui"
    return None


def _minutes(delta: dt.timedelta) -> str:
    minutes = max(1, -(-int(delta.total_seconds()) // 60))
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


def login(email: str, password: str, *, now: dt.datetime | None = None) -> Actor:
    """The operator for ``email`` if the password is right and they may use the app.

    Raises :class:`LockedOut` or :class:`AuthenticationFailed` with a message
    fit to show. A wrong password and an unknown email get the same message.

    The attempt is counted, and the lock checked, in one write transaction
    before the password is checked (the throttle row locked on PostgreSQL,
    ``BEGIN IMMEDIATE`` on SQLite): however many processes try at once, at most
    ``MAX_FAILURES`` password checks run before the email is locked. A right
    password then clears the count.
    """
    now = now or utcnow()
    key = _key(email)
    if not key or not password:
        raise AuthenticationFailed("enter your email and password")
    with write_transaction():
        locked_until, failures = _count_attempt(key, now)
        if locked_until is not None and failures is None:
            audit.record(_LOGIN, "login.refused", None, key, {"reason": "locked out"})
    if failures is None:
        assert locked_until is not None
        raise LockedOut(f"too many failed attempts for {key}; try again in "
                        f"{_minutes(locked_until - now)}")
    user = User.get_or_none(User.email == key)
    stored = user.password_hash if user else None
    ok = passwords.verify_password(password, stored)
    fresh = passwords.hash_password(password) if ok and passwords.needs_rehash(stored) else None
    # The refusal is raised after the transaction: raising inside would roll back
    # the audit entry with it.
    refusal: AuthenticationFailed | None = None
    with write_transaction():
        if not ok:
            audit.record(_LOGIN, "login.failed", user.id if user else None, key,
                         {"failures": failures})
            if failures >= MAX_FAILURES:
                refusal = LockedOut(f"wrong email or password; {key} is now locked for "
                                    f"{_minutes(LOCKOUT)} after {failures} failed attempts")
            else:
                left = MAX_FAILURES - failures
                refusal = AuthenticationFailed(
                    f"wrong email or password ({left} attempt{'s' if left != 1 else ''} "
                    f"left before a {_minutes(LOCKOUT)} lockout)")
        else:
            assert user is not None
            LoginThrottle.delete().where(LoginThrottle.email == key).execute()
            reason = _refusal_reason(user)
            if reason:
                audit.record(_LOGIN, "login.refused", user.id, user.email, {"reason": reason})
                refusal = AuthenticationFailed(f"{user.email} {reason}")
            else:
                details: dict[str, object] = {"method": "password"}
                if fresh is not None:  # an older, weaker hash: replaced now that we know it
                    User.update(password_hash=fresh).where(
                        (User.id == user.id) & (User.password_hash == stored)).execute()
                    details["password_rehashed"] = True
                actor = Actor(user.id, user.email)
                audit.record(actor, "login.succeeded", user.id, user.email, details)
    if refusal is not None:
        raise refusal
    return actor


def _count_attempt(key: str, now: dt.datetime) -> tuple[dt.datetime | None, int | None]:
    """Inside a write transaction: ``(locked_until, None)`` when the email is locked;
    otherwise count this attempt as a failure (a right password clears it) and return
    ``(locked_until or None, failures)``."""
    LoginThrottle.insert(email=key, failures=0).on_conflict_ignore().execute()
    query = LoginThrottle.select().where(LoginThrottle.email == key)
    if not is_sqlite():
        query = query.for_update()
    row = query.get()
    if row.locked_until and row.locked_until > now:
        return row.locked_until, None
    failures = 1 if row.locked_until and row.locked_until <= now else row.failures + 1
    locked = now + LOCKOUT if failures >= MAX_FAILURES else None
    LoginThrottle.update(failures=failures, last_failed_at=now, locked_until=locked).where(
        LoginThrottle.email == key).execute()
    return locked, failures


def session_for(email: str, method: str) -> Actor:
    """Log in without a password, for ``rostertui demo`` (the CLI already trusts the caller).

    The same access rule applies, and the login is audited with its method.
    """
    user = User.get_or_none(User.email == _key(email))
    if user is None:
        raise AuthenticationFailed(f"there is no user {email}")
    reason = _refusal_reason(user)
    actor = Actor(user.id, user.email)
    with write_transaction():
        if reason:
            audit.record(_LOGIN, "login.refused", user.id, user.email,
                         {"reason": reason, "method": method})
        else:
            audit.record(actor, "login.succeeded", user.id, user.email, {"method": method})
    if reason:
        raise AuthenticationFailed(f"{user.email} {reason}")
    return actor
