"""The audit log: who did what to whom, when, and what changed.

Entries are only ever added. ``details`` is JSON and never holds a password,
its hash or a registration code.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from rostertui.db.models import AuditEntry, utcnow
from rostertui.domain.actor import Actor

_SECRET_KEYS = {"password", "password_hash", "code"}


def _clean(details: dict[str, Any] | None) -> str:
    details = dict(details or {})
    for key in _SECRET_KEYS & details.keys():
        details[key] = "(changed)" if key.startswith("password") else "(hidden)"
    changes = details.get("changes")
    if isinstance(changes, dict):
        details["changes"] = {k: (["(hidden)", "(changed)"] if k in _SECRET_KEYS else v)
                              for k, v in changes.items()}
    return json.dumps(details, default=str, ensure_ascii=False, sort_keys=True)


def record(actor: Actor, action: str, target_id: int | None = None, target_label: str = "",
           details: dict[str, Any] | None = None) -> None:
    AuditEntry.insert(at=utcnow(), actor=actor.user_id, actor_label=actor.label, action=action,
                      target=target_id, target_label=target_label,
                      details=_clean(details)).execute()


def record_many(actor: Actor, action: str,
                targets: Iterable[tuple[int | None, str, dict[str, Any] | None]]) -> None:
    """One entry per ``(target_id, target_label, details)``, in batched inserts."""
    now = utcnow()
    rows = [{"at": now, "actor": actor.user_id, "actor_label": actor.label, "action": action,
             "target": tid, "target_label": label, "details": _clean(details)}
            for tid, label, details in targets]
    for start in range(0, len(rows), 500):
        AuditEntry.insert_many(rows[start:start + 500]).execute()


@dataclass(frozen=True)
class AuditView:
    id: int
    at: dt.datetime
    actor: str
    action: str
    target: str
    target_id: int | None
    details: dict[str, Any]


def entries(*, target_id: int | None = None, action: str | None = None,
            limit: int = 200) -> list[AuditView]:
    query = AuditEntry.select().order_by(AuditEntry.id.desc()).limit(limit)
    if target_id is not None:
        query = query.where(AuditEntry.target == target_id)
    if action:
        query = query.where(AuditEntry.action.startswith(action))
    return [AuditView(e.id, e.at, e.actor_label, e.action, e.target_label,
                      e.target_id, json.loads(e.details)) for e in query]


ACTION_GROUPS = ("client", "team_member", "user", "invitation", "signup", "registration_code",
                 "tag", "import", "login", "org")


def search(*, person: str = "", action: str = "", limit: int = 500) -> tuple[list[AuditView], int]:
    """Entries whose actor or target contains ``person`` (any case) and whose action starts
    with ``action``: the newest ``limit`` of them, and how many match in all."""
    query = AuditEntry.select()
    if person.strip():  # contains() matches without regard to case on both databases
        query = query.where(AuditEntry.actor_label.contains(person.strip())
                            | AuditEntry.target_label.contains(person.strip()))
    if action:
        query = query.where(AuditEntry.action.startswith(action))
    total = query.count()
    rows = query.order_by(AuditEntry.id.desc()).limit(limit)
    return [AuditView(e.id, e.at, e.actor_label, e.action, e.target_label, e.target_id,
                      json.loads(e.details)) for e in rows], total
