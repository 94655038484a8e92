"""Write a planned file: every selected row in one transaction, and a batch record to undo it.

All of it or none of it: the users, their tags, roles and attributes, the
batch and its rows and the audit entry are written inside one
:func:`write_transaction`. Any exception rolls everything back.

Audit: one ``import.committed`` entry per batch (with the batch id and the
counts) rather than one entry per user; the batch rows say, per user, what was
created or what each updated field held before.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rostertui.db import lock_wait
from rostertui.db.connection import retrying, write_transaction
from rostertui.db.models import (
    ImportBatch,
    ImportBatchRow,
    Invitation,
    UserTag,
    database,
    utcnow,
)
from rostertui.domain import audit, bulk, org, passwords, roles, tags
from rostertui.domain.actor import Actor
from rostertui.domain.enums import Kind, Role, Source, Status
from rostertui.domain.errors import Conflict, DomainError
from rostertui.domain.words import plural
from rostertui.importing.rows import CREATE, ERROR, UNCHANGED, UPDATE, Row
from rostertui.importing.snapshot import STORED_FIELDS
from rostertui.mail import outbox
from rostertui.mail.outbox import MailKind

# The order of the tuples that _insert builds.
_USER_FIELDS = ("kind", "status", "email", "first_name", "middle_name", "last_name", "birthdate",
                "sex", "external_id", "username", "phone", "phone_country", "office",
                "profile_type", "password_hash", "version", "created_at", "updated_at",
                "invited_at", "archived_at", "source")


class RowsHaveErrors(DomainError):
    """Rows have errors and ``skip_invalid`` was not given: nothing was written."""

    def __init__(self, count: int):
        self.count = count
        super().__init__(f"errors in {plural(count, 'row')}, so nothing was imported; fix "
                         "them, or import the other rows and leave these out")


@dataclass(frozen=True)
class CommitResult:
    batch_id: int | None
    created: int
    updated: int
    unchanged: int
    skipped: int
    emails: int


@dataclass(frozen=True)
class CommitProgress:
    """How far a commit is: ``stage`` is "hashing" (initial passwords, before the write
    transaction), "writing" (inside it; ``done`` rows of ``total`` written) or "done"."""

    stage: str
    done: int
    total: int
    elapsed: float  # seconds since this stage began

    @property
    def eta(self) -> float | None:
        """Seconds left in this stage at the rate so far, when there is a rate."""
        if self.stage != "hashing" or not self.done or self.done >= self.total:
            return None
        return self.elapsed / self.done * (self.total - self.done)


ProgressCallback = Callable[[CommitProgress], None]


class _Progress:
    def __init__(self, callback: ProgressCallback | None, rows: int):
        self.callback, self.rows = callback, rows
        self.started = time.monotonic()
        self.stage = ""

    def _send(self, stage: str, done: int, total: int) -> None:
        if stage != self.stage:
            self.stage, self.started = stage, time.monotonic()
        if self.callback is not None:
            self.callback(CommitProgress(stage, done, total, time.monotonic() - self.started))

    def hashing(self, done: int, total: int) -> None:
        self._send("hashing", done, total)

    def writing(self, done: int) -> None:
        lock_wait.progress(done, self.rows)  # for writers waiting on SQLite
        self._send("writing", done, self.rows)

    def finished(self) -> None:
        self._send("done", self.rows, self.rows)


@dataclass(frozen=True)
class BatchInfo:
    file_name: str
    sha256: str
    kind: Kind
    create_missing_tags: bool = False


def commit_rows(rows: Sequence[Row], info: BatchInfo, actor: Actor, *, skip_invalid: bool = False,
                hook: Callable[[str], None] | None = None,
                progress: ProgressCallback | None = None) -> CommitResult:
    """Write the rows that are included and valid. ``hook(stage)`` is for tests only.

    ``progress(CommitProgress)`` is called as the initial passwords are hashed (on every
    core, before the write transaction) and as the transaction writes; from the calling
    thread. A transaction that PostgreSQL refuses as a deadlock or serialization failure
    runs again (``retrying``), with the same hashes.
    """
    bad = sum(1 for r in rows if r.include and r.action == ERROR)
    if bad and not skip_invalid:
        raise RowsHaveErrors(bad)
    writes = [r for r in rows if r.writes]
    unchanged = sum(1 for r in rows if r.include and r.action == UNCHANGED)
    if not writes:
        return CommitResult(None, 0, 0, unchanged, len(rows) - unchanged, 0)
    report = _Progress(progress, len(writes))
    # argon2 is slow on purpose: only rows that carry a password pay it, on every core, and
    # before the transaction, so the write lock is not held meanwhile.
    with_password = [r for r in writes if r.action == CREATE and r.password]
    hashed = passwords.hash_many([r.password for r in with_password],
                                 progress=report.hashing if with_password else None)
    hashes = {r.number: h for r, h in zip(with_password, hashed, strict=True)}
    return retrying(lambda: _write(rows, writes, info, actor, hashes, hook, report))


def _write(rows: Sequence[Row], writes: list[Row], info: BatchInfo, actor: Actor,
           hashes: dict[int, str], hook: Callable[[str], None] | None,
           report: _Progress) -> CommitResult:
    creates = [r for r in writes if r.action == CREATE]
    updates = [r for r in writes if r.action == UPDATE]
    unchanged = sum(1 for r in rows if r.include and r.action == UNCHANGED)
    skipped = len(rows) - len(writes) - unchanged
    emails = sum(1 for r in writes if r.send_email)
    now = utcnow()
    written = {"checked": 0, "created": len(creates), "updated": len(writes),
               "recorded": len(writes), "queued": len(writes)}

    def step(stage: str) -> None:
        report.writing(written.get(stage, 0))
        if hook is not None:
            hook(stage)

    with write_transaction():
        _check_still_current(updates)
        wanted_tags = list({t.casefold(): t for r in writes if "tags" in r.values
                            for t in r.values["tags"]}.values())
        tag_ids = tags.resolve(wanted_tags, create_missing=info.create_missing_tags,
                               actor=actor)
        if info.kind is Kind.CLIENT:
            org.ensure_seats(_seats_needed(creates, updates))
        else:
            losing = [r.user_id for r in updates if _loses_admin(r)]
            if losing:
                roles.ensure_administrator_remains(losing, "import this file")
        step("checked")
        # A value made unique since the plan (another admin, another import) is refused by
        # the database's unique indexes; then find the row to name it.
        try:
            with database.obj.atomic():  # a savepoint: undo the partial insert before looking
                ids = _insert(creates, hashes, info.kind, now, tag_ids)
        except Conflict:
            _name_taken(creates)
            raise
        step("created")
        _update(updates, now, tag_ids)
        step("updated")
        batch = ImportBatch.create(
            created_at=now, operator=actor.user_id, operator_label=actor.label,
            file_name=info.file_name[:1000], file_sha256=info.sha256, kind=info.kind.value,
            rows=len(rows), created=len(creates), updated=len(updates), unchanged=unchanged,
            skipped=skipped, emails=emails)
        bulk.insert_rows(ImportBatchRow, ("batch", "row_number", "action", "user_id", "email",
                                          "version_after", "before", "send_email"), [
            (batch.id, r.number, r.action, ids[r.values["email"]] if r.action == CREATE
             else r.user_id, r.values["email"], 1 if r.action == CREATE else r.user_version + 1,
             json.dumps(r.before, ensure_ascii=False, default=str) if r.before else "{}",
             r.send_email) for r in writes], converted=True)
        step("recorded")
        # The welcome emails are queued with the users they greet: both commit, or neither.
        outbox.queue_many(MailKind.IMPORT_WELCOME,
                          [(ids[r.values["email"]] if r.action == CREATE else r.user_id,
                            r.values["email"]) for r in writes if r.send_email
                           and not r.invite], {"batch": batch.id})
        _invite([r for r in creates if r.invite], ids, actor, now)
        step("queued")
        audit.record(actor, "import.committed", details={
            "batch": batch.id, "file": info.file_name, "sha256": info.sha256,
            "kind": info.kind.value, "created": len(creates), "updated": len(updates),
            "unchanged": unchanged, "skipped": skipped, "emails": emails})
    report.finished()
    return CommitResult(batch.id, len(creates), len(updates), unchanged, skipped, emails)


def _invite(rows: Sequence[Row], ids: dict[str, int], actor: Actor, now) -> None:
    """The rows created as pending users (``--invite-incomplete``) get an invitation, as
    :func:`rostertui.domain.invitations.invite` gives one, so the Pending tab can resend or
    cancel it; its email is queued for the rows whose email box is ticked."""
    if not rows:
        return
    bulk.insert_rows(Invitation, ("user", "email", "message", "invited_by", "created_at",
                                  "last_sent_at", "send_count", "status"), [
        (ids[r.values["email"]], r.values["email"], "", actor.user_id, bulk.db_value(now),
         bulk.db_value(now) if r.send_email else None, 1 if r.send_email else 0, "pending")
        for r in rows], converted=True)
    for r in rows:
        if r.send_email:
            outbox.queue(MailKind.INVITATION, ids[r.values["email"]], r.values["email"],
                         {"message": ""})


def _check_still_current(updates: Sequence[Row]) -> None:
    """Refuse when a user to update changed since the plan (another admin, another import)."""
    versions = bulk.current_versions([r.user_id for r in updates])
    stale = [r for r in updates if versions.get(r.user_id, (None,))[0] != r.user_version]
    if stale:
        raise Conflict(f"{plural(len(stale), 'user')} changed since the file was checked "
                       f"(first: row {stale[0].number}, {stale[0].email}); check the file again")


def _name_taken(creates: Sequence[Row]) -> None:
    """After the database refused a unique value: say which row it was."""
    for field in ("email", "external_id", "username"):
        values = [r.values[field] for r in creates if field in r.values]
        held = bulk.taken(field, values)
        if held:
            row = next(r for r in creates if r.values.get(field) in held)
            raise Conflict(f"row {row.number}: the {field} {row.values[field]!r} was just "
                           "taken by another user; check the file again")


def _seats_needed(creates: Sequence[Row], updates: Sequence[Row]) -> int:
    net = sum(1 for r in creates if r.values.get("status", Status.ACTIVE) == Status.ACTIVE)
    for r in updates:
        if "status" in r.changes:
            old, new = r.changes["status"]
            net += (new == Status.ACTIVE) - (old == Status.ACTIVE)
    return net


def _loses_admin(row: Row) -> bool:
    if "roles" in row.changes and Role.ADMINISTRATOR.value in row.changes["roles"][0] \
            and Role.ADMINISTRATOR.value not in row.changes["roles"][1]:
        return True
    return "status" in row.changes and row.changes["status"][1] != Status.ACTIVE.value


def _insert(creates: Sequence[Row], hashes: dict[int, str], kind: Kind, now,
            tag_ids: dict[str, int]) -> dict[str, int]:
    stamp = bulk.db_value(now)
    kind_value = kind.value
    dates: dict = {}
    users = []
    for r in creates:
        v = r.values
        get = v.get
        status = get("status", "active")
        born = get("birthdate")
        if born is not None:
            text = dates.get(born)
            if text is None:
                text = dates[born] = born.isoformat()
            born = text
        users.append((kind_value, status, v["email"], v["first_name"], get("middle_name", ""),
                      get("last_name", ""), born, get("sex"), get("external_id"),
                      get("username"), get("phone"), get("phone_country"), get("office"),
                      get("profile_type", "individual"), hashes.get(r.number), 1, stamp, stamp,
                      stamp if status == "pending" else None,
                      stamp if status == "archived" else None,
                      Source.INVITATION.value if r.invite else Source.IMPORT.value))
    ids = bulk.insert_users(_USER_FIELDS, users)
    del users
    bulk.insert_rows(UserTag, ("user", "tag"), [
        (ids[r.values["email"]], tag_ids[t.casefold()])
        for r in creates if "tags" in r.values for t in r.values["tags"]], converted=True)
    if kind is Kind.TEAM_MEMBER:
        bulk.replace_roles({ids[r.values["email"]]: r.values.get("roles", ()) for r in creates})
    keys = [k for k in set().union(*(r.values.keys() for r in creates))
            if k.startswith("attribute:")]
    if keys:
        attrs = {ids[r.values["email"]]: {k[len("attribute:"):]: r.values[k] for k in keys
                                          if k in r.values} for r in creates}
        bulk.set_attributes({u: a for u, a in attrs.items() if a})
    return ids


def _update(updates: Sequence[Row], now, tag_ids: dict[str, int]) -> None:
    groups: dict[tuple[str, ...], list[tuple]] = {}
    for r in updates:
        fields = tuple(f for f in STORED_FIELDS if f in r.changes)
        extra: tuple = ()
        if "status" in fields:
            fields += ("archived_at",)
            extra = (now if r.values["status"] == Status.ARCHIVED else None,)
        values = tuple(r.values[f] for f in fields if f != "archived_at") + extra
        groups.setdefault(fields, []).append((*values, r.user_id, r.user_version))
    for fields, data in groups.items():
        count = bulk.update_users(fields, data, now)
        if count != len(data):
            raise Conflict(f"{plural(len(data) - count, 'user')} changed while the file was being "
                           "imported; nothing was imported; check the file again")
    bulk.replace_tags({r.user_id: [tag_ids[t.casefold()] for t in r.values["tags"]]
                       for r in updates if "tags" in r.changes})
    bulk.replace_roles({r.user_id: r.values["roles"] for r in updates if "roles" in r.changes})
    bulk.set_attributes({r.user_id: {k[len("attribute:"):]: r.values[k] for k in r.changes
                                     if k.startswith("attribute:")}
                         for r in updates if any(k.startswith("attribute:") for k in r.changes)})
