"""Undo a committed import: delete the users it created, restore the fields it updated.

A user whose ``version`` moved on since the import (someone edited it, or a
later import changed it) is left alone and named in the result, so an undo
never throws away work done after the import. The undo is one transaction.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from rostertui.db.connection import write_transaction
from rostertui.db.models import ImportBatch, ImportBatchRow, utcnow
from rostertui.domain import audit, bulk, org, roles, tags
from rostertui.domain.actor import Actor
from rostertui.domain.enums import Kind, Role, Status
from rostertui.domain.errors import InvalidState, NotFound
from rostertui.domain.users import purge_users
from rostertui.importing.snapshot import STORED_FIELDS


@dataclass(frozen=True)
class BatchView:
    id: int
    created_at: dt.datetime
    operator: str
    file_name: str
    sha256: str
    kind: str
    rows: int
    created: int
    updated: int
    unchanged: int
    skipped: int
    emails: int
    status: str
    reverted_at: dt.datetime | None


@dataclass
class RevertResult:
    batch_id: int
    deleted: int = 0
    restored: int = 0
    left_alone: list[str] = field(default_factory=list)  # "row 5: a@b.c (id 7) changed since"


def list_batches(limit: int = 100) -> list[BatchView]:
    query = ImportBatch.select().order_by(ImportBatch.id.desc()).limit(limit)
    return [BatchView(b.id, b.created_at, b.operator_label, b.file_name, b.file_sha256, b.kind,
                      b.rows, b.created, b.updated, b.unchanged, b.skipped, b.emails, b.status,
                      b.reverted_at) for b in query]


def _date(value: Any) -> Any:
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def revert_batch(batch_id: int, actor: Actor) -> RevertResult:
    result = RevertResult(batch_id)
    now = utcnow()
    with write_transaction():
        batch = ImportBatch.get_or_none(ImportBatch.id == batch_id)
        if batch is None:
            raise NotFound(f"there is no import batch {batch_id}; see `rostertui imports list`")
        if batch.status == "reverted":
            raise InvalidState(f"import batch {batch_id} was already undone on "
                               f"{batch.reverted_at:%Y-%m-%d %H:%M} UTC")
        rows = list(ImportBatchRow.select(ImportBatchRow.row_number, ImportBatchRow.action,
                                          ImportBatchRow.user_id, ImportBatchRow.email,
                                          ImportBatchRow.version_after, ImportBatchRow.before)
                    .where(ImportBatchRow.batch == batch_id).order_by(ImportBatchRow.row_number)
                    .tuples())
        current = bulk.current_versions([r[2] for r in rows])
        delete: list[int] = []
        restore: list[tuple[int, int, dict[str, Any]]] = []
        for number, action, uid, email, version_after, before in rows:
            now_at = current.get(uid)
            if now_at is None:
                result.left_alone.append(f"row {number}: {email} (id {uid}) was deleted since "
                                         "the import")
            elif now_at[0] != version_after:
                result.left_alone.append(
                    f"row {number}: {now_at[2]} (id {uid}) was changed since the import "
                    f"(version {now_at[0]}, the import left version {version_after}); "
                    "it is left as it is")
            elif action == "create":
                delete.append(uid)
            else:
                restore.append((uid, now_at[0], json.loads(before)))
        _check_rules(batch.kind, delete, restore)
        _restore(restore, now, actor)
        if delete:
            purge_users(delete)
        batch.status, batch.reverted_at, batch.reverted_by_label = "reverted", now, actor.label
        batch.save()
        result.deleted, result.restored = len(delete), len(restore)
        audit.record(actor, "import.reverted", details={
            "batch": batch_id, "file": batch.file_name, "deleted": len(delete),
            "restored": len(restore), "left_alone": len(result.left_alone)})
    return result


def _check_rules(kind: str, delete: Sequence[int],
                 restore: Sequence[tuple[int, int, dict[str, Any]]]) -> None:
    if kind == Kind.CLIENT:
        # Restoring a status of "active" takes a seat; deleting an active client frees one.
        adding = sum(1 for _, _, before in restore if before.get("status") == Status.ACTIVE)
        freed = sum(1 for _, _, before in restore
                    if "status" in before and before["status"] != Status.ACTIVE)
        org.ensure_seats(adding - freed - _active(delete))
    else:
        losing = list(delete) + [uid for uid, _, before in restore
                                 if ("roles" in before
                                     and Role.ADMINISTRATOR.value not in before["roles"])
                                 or before.get("status") not in (None, Status.ACTIVE.value)]
        if losing:
            roles.ensure_administrator_remains(losing, "undo this import")


def _active(user_ids: Sequence[int]) -> int:
    from rostertui.db.models import User

    n = 0
    for start in range(0, len(user_ids), bulk.CHUNK):
        n += User.select().where(User.id.in_(list(user_ids[start:start + bulk.CHUNK]))
                                 & (User.status == Status.ACTIVE)).count()
    return n


def _restore(restore: Sequence[tuple[int, int, dict[str, Any]]], now: dt.datetime,
             actor: Actor) -> None:
    groups: dict[tuple[str, ...], list[tuple]] = {}
    for uid, version, before in restore:
        fields = tuple(f for f in STORED_FIELDS if f in before)
        values = tuple(_date(before[f]) if f == "birthdate" else before[f] for f in fields)
        if "status" in before:
            fields += ("archived_at",)
            values += (now if before["status"] == Status.ARCHIVED else None,)
        groups.setdefault(fields, []).append((*values, uid, version))
    for fields, data in groups.items():
        bulk.update_users(fields, data, now)
    tag_rows = {uid: before["tags"] for uid, _, before in restore if "tags" in before}
    if tag_rows:
        ids = tags.resolve([t for names in tag_rows.values() for t in names],
                           create_missing=True, actor=actor)
        bulk.replace_tags({uid: [ids[t.casefold()] for t in names]
                           for uid, names in tag_rows.items()})
    bulk.replace_roles({uid: before["roles"] for uid, _, before in restore if "roles" in before})
    bulk.set_attributes({uid: {k[len("attribute:"):]: v for k, v in before.items()
                               if k.startswith("attribute:")}
                         for uid, _, before in restore
                         if any(k.startswith("attribute:") for k in before)})
