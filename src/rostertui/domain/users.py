"""Creating, editing, archiving, unarchiving and deleting users."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from peewee import IntegrityError
from pydantic import ValidationError

from rostertui.db.connection import write_transaction
from rostertui.db.models import (
    AuditEntry,
    ImportBatch,
    Invitation,
    OperatorPref,
    OutboxMessage,
    RegistrationCode,
    SignupRequest,
    User,
    UserAttribute,
    UserRole,
    UserTag,
    utcnow,
)
from rostertui.domain import audit, org, passwords, registration, roles, rules, tags
from rostertui.domain.actor import Actor
from rostertui.domain.enums import Kind, ProfileType, Source, Status
from rostertui.domain.errors import (
    Conflict,
    FieldError,
    InvalidState,
    NotFound,
    StaleVersion,
    ValidationFailed,
)
from rostertui.domain.records import SCALAR_FIELDS, UserRecord, load_records
from rostertui.domain.schemas import (
    ClientCreate,
    TeamMemberCreate,
    UserChanges,
    field_errors,
    schema_for,
)
from rostertui.mail import outbox
from rostertui.mail.outbox import MailKind

UNIQUE_FIELDS = ("email", "external_id", "username")
_CHUNK = 500


def get_user(user_id: int) -> UserRecord:
    user = User.get_or_none(User.id == user_id)
    if user is None:
        raise NotFound(f"no user with id {user_id}")
    return load_records([user])[0]


def get_users(user_ids: Sequence[int]) -> list[UserRecord]:
    return load_records(_load_for_change(user_ids))


def find_by_email(email: str) -> UserRecord | None:
    from rostertui.domain import fields

    try:
        key = fields.email(email)
    except ValueError:
        return None
    user = User.get_or_none(User.email == key)
    return load_records([user])[0] if user else None


# --- create -----------------------------------------------------------------

def parse_creates(items: Sequence[Any], kind: Kind) -> list[ClientCreate | TeamMemberCreate]:
    """Validate every item; raise one ValidationFailed listing every problem, by item."""
    schema = schema_for(kind)
    many = len(items) > 1
    parsed, errors = [], []
    for i, item in enumerate(items):
        if isinstance(item, schema):
            parsed.append(item)
            continue
        try:
            data = item.model_dump(exclude_unset=True) if hasattr(item, "model_dump") else item
            parsed.append(schema.model_validate(data))
        except ValidationError as exc:
            errors.extend(field_errors(exc, i if many else None))
    if not errors:
        errors.extend(_duplicates_within(parsed, many))
    if errors:
        raise ValidationFailed(errors)
    return parsed


def _duplicates_within(items: Sequence[Any], many: bool) -> list[FieldError]:
    errors = []
    for field in UNIQUE_FIELDS:
        seen: dict[str, int] = {}
        for i, item in enumerate(items):
            value = getattr(item, field)
            if not value:
                continue
            key = value.casefold() if field != "email" else value
            if key in seen:
                errors.append(FieldError(field, f"{value!r} is also given for item {seen[key] + 1}",
                                         i if many else None))
            else:
                seen[key] = i
    return errors


def taken_values(field: str, values: Sequence[str],
                 exclude_user: int | None = None) -> dict[str, tuple[int, str]]:
    """Which of ``values`` are already used for ``field``: value -> (user id, email)."""
    column = getattr(User, field)
    taken = {}
    for start in range(0, len(values), _CHUNK):
        query = User.select(column, User.id, User.email).where(
            column.in_(values[start:start + _CHUNK]))
        if exclude_user is not None:
            query = query.where(User.id != exclude_user)
        for value, uid, email in query.tuples():
            taken[value] = (uid, email)
    return taken


def _ensure_unique_in_db(items: Sequence[Any]) -> None:
    errors = []
    many = len(items) > 1
    for field in UNIQUE_FIELDS:
        values = [getattr(i, field) for i in items if getattr(i, field)]
        taken = taken_values(field, values)
        for i, item in enumerate(items):
            value = getattr(item, field)
            if value in taken:
                _, email = taken[value]
                who = "another user" if field == "email" else email
                errors.append(FieldError(field, f"{value!r} is already used by {who}",
                                         i if many else None))
    if errors:
        raise Conflict(str(ValidationFailed(errors)))


def create_users(items: Sequence[Any], kind: Kind, actor: Actor, *,
                 source: Source = Source.MANUAL, create_missing_tags: bool = False
                 ) -> list[UserRecord]:
    """Create one or many users of one kind in one transaction: all of them or none."""
    parsed = parse_creates(items, kind)
    if not parsed:
        return []
    hashes = [passwords.hash_password(p.password.get_secret_value()) if p.password else None
              for p in parsed]
    now = utcnow()
    with write_transaction():
        _ensure_unique_in_db(parsed)
        all_tags = [t for p in parsed for t in p.tags]
        tag_ids = tags.resolve(all_tags, create_missing=create_missing_tags, actor=actor)
        if kind is Kind.CLIENT:
            org.ensure_seats(sum(1 for p in parsed if p.status == Status.ACTIVE))
        ids = []
        try:
            for p, pw_hash in zip(parsed, hashes, strict=True):
                row = {f: getattr(p, f) for f in SCALAR_FIELDS}
                row.update(kind=kind.value, status=p.status.value, password_hash=pw_hash,
                           source=source.value, created_at=now, updated_at=now,
                           archived_at=now if p.status == Status.ARCHIVED else None,
                           invited_at=now if p.status == Status.PENDING else None)
                ids.append(User.insert(**row).execute())
        except IntegrityError as exc:
            raise Conflict(f"a user with the same email, external id or username was just added "
                           f"by someone else ({exc}); reload and try again") from None
        for uid, p in zip(ids, parsed, strict=True):
            if p.tags:
                tags.assign([uid], [tag_ids[t.casefold()] for t in p.tags])
            if isinstance(p, TeamMemberCreate):
                UserRole.insert_many([{"user": uid, "role": r.value} for r in p.roles]).execute()
            if p.attributes:
                UserAttribute.insert_many([{"user": uid, "name": k, "value": v}
                                           for k, v in p.attributes.items()]).execute()
        wants_code = [uid for uid, p in zip(ids, parsed, strict=True) if p.send_registration_code]
        if wants_code:
            registration.issue_codes(wants_code, actor)
            outbox.queue_many(MailKind.REGISTRATION_CODE,
                              [(uid, p.email) for uid, p in zip(ids, parsed, strict=True)
                               if p.send_registration_code])
        audit.record_many(actor, f"{kind.value}.created", [
            (uid, p.email, {"source": source.value, "status": p.status.value})
            for uid, p in zip(ids, parsed, strict=True)])
    return get_users(ids)


def create_clients(items: Sequence[Mapping[str, Any] | ClientCreate], actor: Actor,
                   **kwargs: Any) -> list[UserRecord]:
    return create_users(items, Kind.CLIENT, actor, **kwargs)


def create_team_members(items: Sequence[Mapping[str, Any] | TeamMemberCreate], actor: Actor,
                        **kwargs: Any) -> list[UserRecord]:
    return create_users(items, Kind.TEAM_MEMBER, actor, **kwargs)


# --- edit -------------------------------------------------------------------

def edit_user(user_id: int, expected_version: int, changes: Mapping[str, Any] | UserChanges,
              actor: Actor, *, create_missing_tags: bool = False) -> UserRecord:
    """Change the given fields, unless someone else changed the user since ``expected_version``."""
    try:
        parsed = changes if isinstance(changes, UserChanges) else UserChanges.model_validate(
            changes)
    except ValidationError as exc:
        raise ValidationFailed(field_errors(exc)) from None
    data = parsed.model_dump(exclude_unset=True)
    with write_transaction():
        user = User.get_or_none(User.id == user_id)
        if user is None:
            raise NotFound(f"no user with id {user_id}")
        current = load_records([user])[0]
        if user.version != expected_version:
            raise StaleVersion(user_id, expected_version, current.summary())
        diff: dict[str, list[Any]] = {}
        updates: dict[str, Any] = {}
        for field in SCALAR_FIELDS:
            if field in data:
                new = data[field]
                if field in ("middle_name", "last_name") and new is None:
                    new = ""
                old = getattr(current, field)
                if new != old:
                    diff[field] = [_plain(old), _plain(new)]
                    updates[field] = new
        if user.status != Status.PENDING:
            _check_required(current, updates)
        for field in UNIQUE_FIELDS:
            if updates.get(field):
                taken = taken_values(field, [updates[field]], exclude_user=user_id)
                if taken:
                    who = "another user" if field == "email" else taken[updates[field]][1]
                    raise Conflict(f"{field} {updates[field]!r} is already used by {who}")
        if data.get("password") is not None:
            updates["password_hash"] = passwords.hash_password(
                data["password"].get_secret_value())
            diff["password"] = ["(hidden)", "(changed)"]
        if data.get("tags") is not None and sorted(t.casefold() for t in data["tags"]) != sorted(
                t.casefold() for t in current.tags):
            tags.set_user_tags(user_id, data["tags"], create_missing=create_missing_tags,
                               actor=actor)
            diff["tags"] = [list(current.tags), list(data["tags"])]
        if data.get("attributes") is not None and data["attributes"] != current.attributes:
            UserAttribute.delete().where(UserAttribute.user == user_id).execute()
            if data["attributes"]:
                UserAttribute.insert_many([{"user": user_id, "name": k, "value": v}
                                           for k, v in data["attributes"].items()]).execute()
            diff["attributes"] = [current.attributes, data["attributes"]]
        if not diff:
            return current
        count = (User.update(**updates, version=User.version + 1, updated_at=utcnow())
                 .where((User.id == user_id) & (User.version == expected_version)).execute())
        if count != 1:
            raise StaleVersion(user_id, expected_version, get_user(user_id).summary())
        audit.record(actor, "user.edited", user_id, updates.get("email", user.email),
                     {"changes": diff})
    return get_user(user_id)


def _plain(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value.value if hasattr(value, "value") else value


def _check_required(current: UserRecord, updates: Mapping[str, Any]) -> None:
    """An edit may not blank a field the user's kind requires."""
    merged = {f: updates.get(f, getattr(current, f)) for f in SCALAR_FIELDS}
    errors = []
    required = rules.required_on_edit(Kind(current.kind), ProfileType(merged["profile_type"]))
    for field in required:
        if field in updates and not merged[field]:
            errors.append(FieldError(field, f"is required for this {Kind(current.kind).label}"))
    if errors:
        raise ValidationFailed(errors)


# --- archive, unarchive, delete ---------------------------------------------

def _load_for_change(user_ids: Sequence[int]) -> list[User]:
    """The users with these ids, in that order, without repeats; NotFound names a missing id."""
    user_ids = list(dict.fromkeys(user_ids))
    found: dict[int, User] = {}
    for start in range(0, len(user_ids), _CHUNK):
        for u in User.select().where(User.id.in_(user_ids[start:start + _CHUNK])):
            found[u.id] = u
    missing = [i for i in user_ids if i not in found]
    if missing:
        raise NotFound(f"no user with id {missing[0]}")
    return [found[i] for i in user_ids]


def _set_status(users: Sequence[User], status: Status, actor: Actor, action: str) -> None:
    now = utcnow()
    ids = [u.id for u in users]
    for start in range(0, len(ids), _CHUNK):
        User.update(status=status.value, version=User.version + 1, updated_at=now,
                    archived_at=now if status == Status.ARCHIVED else None).where(
            User.id.in_(ids[start:start + _CHUNK])).execute()
    audit.record_many(actor, action, [(u.id, u.email, {"changes": {"status": [u.status,
                                                                                status.value]}})
                                      for u in users])


def archive_users(user_ids: Sequence[int], actor: Actor) -> int:
    """Archive active users; returns how many changed (already archived ones are skipped)."""
    with write_transaction():
        users = _load_for_change(user_ids)
        pending = [u for u in users if u.status == Status.PENDING]
        if pending:
            raise InvalidState(f"{pending[0].email} is pending, not active; cancel the "
                               "invitation or reject the request instead of archiving")
        todo = [u for u in users if u.status == Status.ACTIVE]
        roles.ensure_administrator_remains([u.id for u in todo], "archive "
                                           + ("these users" if len(todo) > 1 else todo[0].email
                                              if todo else "nobody"))
        _set_status(todo, Status.ARCHIVED, actor, "user.archived")
    return len(todo)


def unarchive_users(user_ids: Sequence[int], actor: Actor) -> int:
    """Make archived users active again; clients need free seats."""
    with write_transaction():
        users = _load_for_change(user_ids)
        not_archived = [u for u in users if u.status != Status.ARCHIVED]
        if not_archived:
            raise InvalidState(f"{not_archived[0].email} is {not_archived[0].status}, "
                               "not archived")
        org.ensure_seats(sum(1 for u in users if u.kind == Kind.CLIENT))
        _set_status(users, Status.ACTIVE, actor, "user.unarchived")
    return len(users)


@dataclass(frozen=True)
class DeleteResult:
    users: int
    tags: int
    roles: int
    attributes: int
    registration_codes: int
    invitations: int
    signup_requests: int
    audit_entries_kept: int


def delete_users(user_ids: Sequence[int], actor: Actor, *, action: str = "user.deleted"
                 ) -> DeleteResult:
    """Delete pending or archived users for good, with everything that hangs off them.

    The cascade is explicit: tags, roles, attributes, registration codes,
    invitations and sign-up requests are deleted here. Audit entries about the
    users are kept; they keep the email as their target label.
    """
    with write_transaction():
        users = _load_for_change(user_ids)
        active = [u for u in users if u.status == Status.ACTIVE]
        if active:
            raise InvalidState(f"{active[0].email} is active; archive it before deleting it")
        roles.ensure_administrator_remains([u.id for u in users], "delete these users")
        ids = [u.id for u in users]
        audit.record_many(actor, action, [(u.id, u.email, {"kind": u.kind, "status": u.status})
                                          for u in users])
        counts = purge_users(ids)
    return DeleteResult(users=len(ids), **counts)


def purge_users(ids: Sequence[int]) -> dict[str, int]:
    """Delete users and everything that hangs off them (inside the caller's transaction).

    The callers check the rules first (state, last Administrator) and write the
    audit entries; this is the cascade alone, set-based, shared with the
    importer's undo.
    """
    counts = dict.fromkeys(("tags", "roles", "attributes", "registration_codes",
                            "invitations", "signup_requests", "audit_entries_kept"), 0)
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start:start + _CHUNK]
        counts["tags"] += UserTag.delete().where(UserTag.user.in_(chunk)).execute()
        counts["roles"] += UserRole.delete().where(UserRole.user.in_(chunk)).execute()
        counts["attributes"] += UserAttribute.delete().where(
            UserAttribute.user.in_(chunk)).execute()
        counts["registration_codes"] += RegistrationCode.delete().where(
            RegistrationCode.user.in_(chunk)).execute()
        counts["invitations"] += Invitation.delete().where(
            Invitation.user.in_(chunk)).execute()
        counts["signup_requests"] += SignupRequest.delete().where(
            SignupRequest.user.in_(chunk)).execute()
        counts["audit_entries_kept"] += AuditEntry.update(target=None).where(
            AuditEntry.target.in_(chunk)).execute()
        AuditEntry.update(actor=None).where(AuditEntry.actor.in_(chunk)).execute()
        ImportBatch.update(operator=None).where(ImportBatch.operator.in_(chunk)).execute()
        OperatorPref.delete().where(OperatorPref.user.in_(chunk)).execute()
        # Mail keeps its record; an unsent message then fails with "no longer exists".
        OutboxMessage.update(user=None).where(OutboxMessage.user.in_(chunk)).execute()
        User.delete().where(User.id.in_(chunk)).execute()
    return counts
