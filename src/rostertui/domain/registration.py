"""Registration codes: random (from ``secrets``), with an expiry, one current code per user."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from rostertui.db.connection import is_sqlite, write_transaction
from rostertui.db.models import (
    Invitation,
    OrgSettings,
    RegistrationCode,
    SignupRequest,
    User,
    utcnow,
)
from rostertui.domain import audit
from rostertui.domain.actor import Actor
from rostertui.domain.errors import (
    DomainError,
    FieldError,
    InvalidState,
    NotFound,
    ValidationFailed,
)
from rostertui.domain.records import UserRecord

# No 0/O or 1/I/L: codes are read aloud and typed from paper.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
GROUPS, GROUP_LEN = 3, 4  # like K7QM-3WTB-HX9D: 31**12, about 2**59 codes


@dataclass(frozen=True)
class CodeView:
    user_id: int
    email: str
    code: str
    created_at: dt.datetime
    expires_at: dt.datetime
    used_at: dt.datetime | None
    revoked_at: dt.datetime | None = None  # after too many wrong dates of birth
    locked_until: dt.datetime | None = None

    @property
    def expired(self) -> bool:
        return utcnow() >= self.expires_at

    @property
    def locked(self) -> bool:
        return self.locked_until is not None and utcnow() < self.locked_until


def new_code() -> str:
    return "-".join("".join(secrets.choice(ALPHABET) for _ in range(GROUP_LEN))
                    for _ in range(GROUPS))


def normalise(code: str) -> str:
    """What a person types: any case, with or without dashes or spaces."""
    raw = "".join(ch for ch in code.upper() if ch.isalnum())
    return "-".join(raw[i:i + GROUP_LEN] for i in range(0, len(raw), GROUP_LEN))


def _lifetime() -> dt.timedelta:
    row = OrgSettings.get_or_none(OrgSettings.id == 1)
    return dt.timedelta(days=row.registration_code_days if row else 14)


def issue_codes(user_ids: Sequence[int], actor: Actor, *, replace: bool = False) -> None:
    """Give each user a code (inside the caller's transaction). Keeps a valid code unless
    ``replace``."""
    now = utcnow()
    expires = now + _lifetime()
    existing = {c.user_id: c for c in RegistrationCode.select().where(
        RegistrationCode.user.in_(list(user_ids)))}
    emails = dict(User.select(User.id, User.email).where(User.id.in_(list(user_ids))).tuples())
    for uid in user_ids:
        old = existing.get(uid)
        if old is not None and not replace and old.used_at is None and old.expires_at > now \
                and old.revoked_at is None:
            continue
        if old is not None:
            old.delete_instance()
        RegistrationCode.create(user=uid, code=new_code(), created_at=now, expires_at=expires)
        audit.record(actor, "registration_code.regenerated" if old else "registration_code.issued",
                     uid, emails.get(uid, ""), {"expires_at": expires})


def _view(uid: int) -> CodeView:
    row = (RegistrationCode.select(RegistrationCode, User).join(User)
           .where(RegistrationCode.user == uid).first())
    if row is None:
        raise NotFound(f"user {uid} has no registration code; issue one first")
    return CodeView(uid, row.user.email, row.code, row.created_at, row.expires_at, row.used_at,
                    row.revoked_at, row.locked_until)


def _registrable(user_id: int) -> User:
    user = User.get_or_none(User.id == user_id)
    if user is None:
        raise NotFound(f"no user with id {user_id}")
    if user.status == "archived":
        raise InvalidState(f"{user.email} is archived; unarchive it before issuing a code")
    return user


def issue_code(user_id: int, actor: Actor) -> CodeView:
    """The user's valid code, issuing one if there is none (or it expired or was used)."""
    with write_transaction():
        _registrable(user_id)
        issue_codes([user_id], actor)
    return _view(user_id)


def regenerate_code(user_id: int, actor: Actor) -> CodeView:
    """Replace the user's code with a new one; the old one stops working."""
    with write_transaction():
        _registrable(user_id)
        issue_codes([user_id], actor, replace=True)
    return _view(user_id)


def view_code(user_id: int) -> CodeView:
    return _view(user_id)


def codes_for_mail(user_ids: Sequence[int], actor: Actor) -> dict[int, CodeView]:
    """A usable code for each user, issuing new ones where none is valid (for the mailer)."""
    if not user_ids:
        return {}
    with write_transaction():
        issue_codes(list(user_ids), actor)
    rows = (RegistrationCode.select(RegistrationCode, User).join(User)
            .where(RegistrationCode.user.in_(list(user_ids))))
    return {r.user_id: CodeView(r.user_id, r.user.email, r.code, r.created_at, r.expires_at,
                                r.used_at) for r in rows}


def send_code(user_id: int, actor: Actor) -> CodeView:
    """Email the user their registration code (issuing one if needed)."""
    from rostertui.mail import outbox
    from rostertui.mail.outbox import MailKind

    with write_transaction():
        user = _registrable(user_id)
        issue_codes([user_id], actor)
        outbox.queue(MailKind.REGISTRATION_CODE, user_id, user.email)
        audit.record(actor, "registration_code.sent", user_id, user.email)
    return _view(user_id)


class RegistrationRefused(DomainError):
    pass


# Wrong dates of birth for one code: LOCK_AFTER lock it for LOCKOUT, REVOKE_AFTER revoke it.
LOCK_AFTER = 5
LOCKOUT = dt.timedelta(minutes=15)
REVOKE_AFTER = 10


def _minutes(delta: dt.timedelta) -> str:
    minutes = max(1, -(-int(delta.total_seconds()) // 60))
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


def _count_wrong_birthdate(row: RegistrationCode, user: User,
                           now: dt.datetime) -> RegistrationRefused:
    """Count a wrong date of birth against the code (inside the locking transaction), lock
    or revoke it when it has had too many, audit it, and return the refusal to raise."""
    failures = row.failed_attempts + 1
    values: dict[str, object] = {"failed_attempts": failures}
    actor = Actor(user.id, user.email)
    audit.record(actor, "user.registration_refused", user.id, user.email,
                 {"reason": "date of birth does not match", "failed_attempts": failures})
    message = "the date of birth does not match our records"
    if failures >= REVOKE_AFTER:
        values["revoked_at"] = now
        audit.record(Actor.system("registration"), "registration_code.revoked", user.id,
                     user.email, {"reason": f"{failures} wrong dates of birth",
                                  "failed_attempts": failures})
        message += (f"; after {failures} wrong dates of birth this code is revoked: ask the "
                    "organization for a new one")
    elif failures % LOCK_AFTER == 0:
        values["locked_until"] = now + LOCKOUT
        audit.record(Actor.system("registration"), "registration_code.locked", user.id,
                     user.email, {"failed_attempts": failures,
                                  "locked_until": now + LOCKOUT})
        message += (f"; after {failures} wrong dates of birth this code is locked for "
                    f"{_minutes(LOCKOUT)}")
    else:
        left = (LOCK_AFTER if failures < LOCK_AFTER else REVOKE_AFTER) - failures
        then = "locked" if failures < LOCK_AFTER else "revoked"
        message += f" ({left} more wrong date{'s' if left != 1 else ''} and the code is {then})"
    RegistrationCode.update(**values).where(RegistrationCode.id == row.id).execute()
    return RegistrationRefused(message)


_PROFILE_FIELDS = ("first_name", "last_name", "sex")


def register(code: str, birthdate: object, *, profile: dict[str, object] | None = None,
             password: str | None = None) -> UserRecord:
    """Complete a registration as the registration form does.

    The code must be current and unused, and the date of birth must match the
    one on record. A person known only by email (an invitation) gives their
    details here; they and the date of birth are stored. A pending user becomes
    active (a client takes a seat).
    """
    from rostertui.domain import fields, org, passwords, rules
    from rostertui.domain.enums import Kind, ProfileType, Status
    from rostertui.domain.records import load_records

    try:
        born = fields.birthdate(birthdate)
    except ValueError as exc:
        raise ValidationFailed([FieldError("birthdate", str(exc))]) from None
    profile = dict(profile or {})
    # The code's row is locked while the date of birth is compared and a wrong one
    # counted, so parallel guesses cannot get past the throttle. The refusal is raised
    # after the transaction, so the count and the audit entries stay.
    refusal: RegistrationRefused | None = None
    with write_transaction():
        query = RegistrationCode.select().where(RegistrationCode.code == normalise(code))
        if not is_sqlite():
            query = query.for_update()
        row = query.first()
        if row is None:
            raise RegistrationRefused("this registration code is not valid; check it, or ask "
                                      "the organization for a new one")
        user = User.get_by_id(row.user_id)
        now = utcnow()
        if row.used_at is not None:
            raise RegistrationRefused("this registration code has already been used")
        if row.revoked_at is not None:
            raise RegistrationRefused(
                f"this registration code was revoked after {REVOKE_AFTER} wrong dates of birth; "
                "ask the organization for a new one")
        if row.locked_until is not None and row.locked_until > now:
            raise RegistrationRefused(
                f"too many wrong dates of birth for this code; try again in "
                f"{_minutes(row.locked_until - now)}")
        if row.expires_at <= now:
            raise RegistrationRefused("this registration code has expired; ask the "
                                      "organization for a new one")
        if user.status == Status.ARCHIVED:
            raise RegistrationRefused("this account is archived; contact the organization")
        if SignupRequest.select().where(SignupRequest.user == user.id).exists():
            raise RegistrationRefused("this sign-up request is waiting for the organization "
                                      "to accept it")
        if user.birthdate is not None and user.birthdate != born:
            refusal = _count_wrong_birthdate(row, user, now)
    if refusal is not None:
        raise refusal
    with write_transaction():
        user = User.get_by_id(user.id)
        again = RegistrationCode.get_or_none(RegistrationCode.id == row.id)
        if again is None or again.used_at is not None:  # used or replaced meanwhile
            raise RegistrationRefused("this registration code has already been used")
        if again.revoked_at is not None:  # revoked by a parallel guess meanwhile
            raise RegistrationRefused("this registration code was revoked; ask the "
                                      "organization for a new one")
        updates: dict[str, object] = {"birthdate": born}
        errors = []
        for key in _PROFILE_FIELDS:
            if profile.get(key) in (None, ""):
                continue
            try:
                updates[key] = (fields.sex(profile[key]).value if key == "sex"
                                else fields.name(profile[key]))
            except ValueError as exc:
                errors.append(FieldError(key, str(exc)))
        merged = {f: updates.get(f) or getattr(user, f) for f in ("first_name", "last_name",
                                                                  "sex", "email", "birthdate")}
        needed = rules.required_for_create(Kind(user.kind), ProfileType(user.profile_type))
        errors += [FieldError(f, "is required to complete the registration")
                   for f in needed if not merged.get(f)]
        if password:
            problems = passwords.policy_problems(password)
            if problems:
                errors.append(FieldError("password", "needs " + ", ".join(problems)))
        if errors:
            raise ValidationFailed(errors)
        if password:
            updates["password_hash"] = passwords.hash_password(password)
        if user.status == Status.PENDING:
            if user.kind == Kind.CLIENT:
                org.ensure_seats(1)
            updates["status"] = Status.ACTIVE.value
        User.update(**updates, version=User.version + 1, updated_at=now).where(
            User.id == user.id).execute()
        RegistrationCode.update(used_at=now).where(RegistrationCode.id == row.id).execute()
        Invitation.update(status="accepted").where(Invitation.user == user.id).execute()
        audit.record(Actor(user.id, user.email), "user.registered", user.id, user.email,
                     {"status": [user.status, updates.get("status", user.status)]})
    return load_records([User.get_by_id(user.id)])[0]
