"""Logging in to the app: only an active team member with the Administrator role gets in.

Five failed attempts for one email lock that email for five minutes. The
count lives in the database (``login_throttle``), so restarting the app does
not reset it. Every login and every refusal goes to the audit log; the
password itself is never stored, logged or echoed.
"""

from __future__ import annotations

import datetime as dt

from rostertui.db.connection import write_transaction
from rostertui.db.models import LoginThrottle, User, UserRole, utcnow
from rostertui.domain import audit, passwords
from rostertui.domain.actor import Actor
from rostertui.domain.enums import Kind, Role, Status
from rostertui.domain.errors import AuthenticationFailed
from rostertui.domain.words import plural

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


def _whole_minutes(delta: dt.timedelta) -> int:
    return max(1, -(-int(delta.total_seconds()) // 60))


def _minutes(delta: dt.timedelta) -> str:
    return plural(_whole_minutes(delta), "minute")


def login(email: str, password: str, *, now: dt.datetime | None = None) -> Actor:
    """The operator for ``email`` if the password is right and they may use the app.

    Raises :class:`LockedOut` or :class:`AuthenticationFailed` with a message
    fit to show. A wrong password and an unknown email get the same message.
    """
    now = now or utcnow()
    key = _key(email)
    if not key or not password:
        raise AuthenticationFailed("enter your email and password")
    throttle = LoginThrottle.get_or_none(LoginThrottle.email == key)
    if throttle is not None and throttle.locked_until and throttle.locked_until > now:
        with write_transaction():
            audit.record(_LOGIN, "login.refused", None, key, {"reason": "locked out"})
        raise LockedOut(f"too many failed attempts for {key}; try again in "
                        f"{_minutes(throttle.locked_until - now)}")
    user = User.get_or_none(User.email == key)
    ok = passwords.verify_password(password, user.password_hash if user else None)
    # The refusal is raised after the transaction: raising inside would roll back
    # the failure count and the audit entry with it.
    refusal: AuthenticationFailed | None = None
    with write_transaction():
        if not ok:
            failures = _record_failure(key, now)
            audit.record(_LOGIN, "login.failed", user.id if user else None, key,
                         {"failures": failures})
            if failures >= MAX_FAILURES:
                refusal = LockedOut(f"wrong email or password; {key} is now locked for "
                                    f"{_minutes(LOCKOUT)} after {failures} failed attempts")
            else:
                left = MAX_FAILURES - failures
                refusal = AuthenticationFailed(
                    f"wrong email or password ({plural(left, 'attempt')} left before a "
                    f"{_whole_minutes(LOCKOUT)}-minute lockout)")
        else:
            assert user is not None
            reason = _refusal_reason(user)
            if reason:
                audit.record(_LOGIN, "login.refused", user.id, user.email, {"reason": reason})
                refusal = AuthenticationFailed(f"{user.email} {reason}")
            else:
                LoginThrottle.delete().where(LoginThrottle.email == key).execute()
                actor = Actor(user.id, user.email)
                audit.record(actor, "login.succeeded", user.id, user.email,
                             {"method": "password"})
    if refusal is not None:
        raise refusal
    return actor


def _record_failure(key: str, now: dt.datetime) -> int:
    row = LoginThrottle.get_or_none(LoginThrottle.email == key)
    if row is None:
        LoginThrottle.insert(email=key, failures=1, last_failed_at=now).execute()
        return 1
    failures = 1 if row.locked_until and row.locked_until <= now else row.failures + 1
    locked = now + LOCKOUT if failures >= MAX_FAILURES else None
    LoginThrottle.update(failures=failures, last_failed_at=now, locked_until=locked).where(
        LoginThrottle.email == key).execute()
    return failures


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
