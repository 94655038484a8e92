"""Tags: a tag must exist before it can be assigned (unless the caller asks to create it)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from peewee import JOIN, fn

from rostertui.db.connection import write_transaction
from rostertui.db.models import Tag, User, UserTag, utcnow
from rostertui.domain import audit, fields
from rostertui.domain.actor import Actor
from rostertui.domain.errors import Conflict, FieldError, NotFound, ValidationFailed


def _clean(name: str, field: str = "tag") -> str:
    try:
        return fields.tag_name(name)
    except ValueError as exc:
        raise ValidationFailed([FieldError(field, str(exc))]) from None


def list_tags() -> list[tuple[str, int]]:
    """Every tag with the number of users holding it, by name."""
    query = (Tag.select(Tag.name, fn.COUNT(UserTag.user).alias("n"))
             .join(UserTag, on=(UserTag.tag == Tag.id), join_type=JOIN.LEFT_OUTER)
             .group_by(Tag.id, Tag.name).order_by(Tag.key))
    return [(t.name, t.n) for t in query]


def create_tag(name: str, actor: Actor) -> str:
    clean = _clean(name)
    with write_transaction():
        taken = Conflict(f"the tag {clean!r} already exists")
        if Tag.select().where(Tag.key == clean.casefold()).exists():
            raise taken
        if Tag.insert(name=clean, key=clean.casefold(),
                      created_at=utcnow()).on_conflict_ignore().execute() is None:
            raise taken  # PostgreSQL: created meanwhile by another transaction
        audit.record(actor, "tag.created", details={"tag": clean})
    return clean


def rename_tag(old: str, new: str, actor: Actor) -> str:
    clean = _clean(new, "new name")
    with write_transaction():
        tag = Tag.get_or_none(Tag.key == _clean(old).casefold())
        if tag is None:
            raise NotFound(f"there is no tag {old!r}")
        other = Tag.get_or_none(Tag.key == clean.casefold())
        if other is not None and other.id != tag.id:
            raise Conflict(f"the tag {other.name!r} already exists; choose another name")
        before = tag.name
        Tag.update(name=clean, key=clean.casefold()).where(Tag.id == tag.id).execute()
        audit.record(actor, "tag.renamed", details={"changes": {"name": [before, clean]}})
    return clean


def delete_tag(name: str, actor: Actor) -> int:
    """Delete a tag and its assignments; returns how many users held it."""
    with write_transaction():
        tag = Tag.get_or_none(Tag.key == _clean(name).casefold())
        if tag is None:
            raise NotFound(f"there is no tag {name!r}")
        held = UserTag.delete().where(UserTag.tag == tag.id).execute()
        tag.delete_instance()
        audit.record(actor, "tag.deleted", details={"tag": tag.name, "users": held})
    return held


def resolve(names: Iterable[str], *, create_missing: bool, actor: Actor | None = None,
            field: str = "tags") -> dict[str, int]:
    """Map each tag name (case-insensitively) to its id, inside the caller's transaction.

    Unknown tags are an error naming them, or are created when ``create_missing``.
    """
    wanted = {fields.tag_key(n): fields.tag_name(n) for n in names}
    if not wanted:
        return {}
    found = {}
    keys = list(wanted)
    for start in range(0, len(keys), 500):
        for tag_id, key in (Tag.select(Tag.id, Tag.key).where(Tag.key.in_(keys[start:start + 500]))
                            .tuples()):
            found[key] = tag_id
    missing = [wanted[k] for k in keys if k not in found]
    if missing and not create_missing:
        listed = ", ".join(repr(m) for m in sorted(missing))
        raise ValidationFailed([FieldError(
            field, f"no such tag {listed}; create it first or ask for missing tags to be created")])
    now = utcnow()
    for name in missing:
        key = name.casefold()
        # ON CONFLICT DO NOTHING: another transaction may be creating the same tag (on
        # PostgreSQL this waits for it, then takes its tag instead of failing).
        new_id = Tag.insert(name=name, key=key, created_at=now).on_conflict_ignore().execute()
        tag_id = Tag.select(Tag.id).where(Tag.key == key).scalar()
        found[key] = tag_id
        if actor is not None and new_id == tag_id:
            audit.record(actor, "tag.created", details={"tag": name})
    return found


def assign(user_ids: Sequence[int], tag_ids: Iterable[int]) -> int:
    """Give every user every tag, skipping pairs that exist; returns pairs added."""
    tag_ids = list(set(tag_ids))
    if not user_ids or not tag_ids:
        return 0
    existing = set()
    for start in range(0, len(user_ids), 500):
        chunk = user_ids[start:start + 500]
        existing |= set(UserTag.select(UserTag.user, UserTag.tag)
                        .where(UserTag.user.in_(chunk) & UserTag.tag.in_(tag_ids)).tuples())
    rows = [{"user": u, "tag": t} for u in user_ids for t in tag_ids if (u, t) not in existing]
    for start in range(0, len(rows), 500):
        UserTag.insert_many(rows[start:start + 500]).execute()
    return len(rows)


def _existing_users(user_ids: Sequence[int]) -> dict[int, str]:
    found = {}
    for start in range(0, len(user_ids), 500):
        chunk = user_ids[start:start + 500]
        found.update(User.select(User.id, User.email).where(User.id.in_(chunk)).tuples())
    missing = [i for i in user_ids if i not in found]
    if missing:
        raise NotFound(f"no user with id {missing[0]}" + (
            f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""))
    return found


def add_tags(user_ids: Sequence[int], names: Sequence[str], actor: Actor, *,
             create_missing: bool = False) -> int:
    """Add tags to users in bulk; returns how many (user, tag) pairs were added."""
    user_ids = list(dict.fromkeys(user_ids))
    with write_transaction():
        emails = _existing_users(user_ids)
        try:
            ids = resolve(names, create_missing=create_missing, actor=actor)
        except ValueError as exc:
            raise ValidationFailed([FieldError("tags", str(exc))]) from None
        added = assign(user_ids, ids.values())
        _bump(user_ids)
        audit.record_many(actor, "user.tags_added",
                          [(u, emails[u], {"tags": list(names)}) for u in user_ids])
    return added


def remove_tags(user_ids: Sequence[int], names: Sequence[str], actor: Actor) -> int:
    user_ids = list(dict.fromkeys(user_ids))
    with write_transaction():
        emails = _existing_users(user_ids)
        try:
            keys = [fields.tag_key(n) for n in names]
        except ValueError as exc:
            raise ValidationFailed([FieldError("tags", str(exc))]) from None
        tag_ids = [t for (t,) in Tag.select(Tag.id).where(Tag.key.in_(keys)).tuples()]
        removed = 0
        for start in range(0, len(user_ids), 500):
            chunk = user_ids[start:start + 500]
            removed += UserTag.delete().where(UserTag.user.in_(chunk)
                                              & UserTag.tag.in_(tag_ids)).execute()
        _bump(user_ids)
        audit.record_many(actor, "user.tags_removed",
                          [(u, emails[u], {"tags": list(names)}) for u in user_ids])
    return removed


def set_user_tags(user_id: int, names: Sequence[str], *, create_missing: bool,
                  actor: Actor) -> None:
    """Replace one user's tags (inside the caller's transaction)."""
    ids = resolve(names, create_missing=create_missing, actor=actor)
    UserTag.delete().where(UserTag.user == user_id).execute()
    assign([user_id], ids.values())


def _bump(user_ids: Sequence[int]) -> None:
    """A tag change is a change to the user: later stale edits must notice it."""
    now = utcnow()
    for start in range(0, len(user_ids), 500):
        chunk = user_ids[start:start + 500]
        User.update(version=User.version + 1, updated_at=now).where(User.id.in_(chunk)).execute()
