"""The organization's settings and the client seat limit."""

from __future__ import annotations

from dataclasses import dataclass

from rostertui.db.connection import is_sqlite
from rostertui.db.models import OrgSettings, User
from rostertui.domain import audit, fields
from rostertui.domain.actor import Actor
from rostertui.domain.enums import Kind, Status
from rostertui.domain.errors import (
    DomainError,
    FieldError,
    NotFound,
    SeatLimitExceeded,
    SeatLimitTooLow,
    ValidationFailed,
)

ORG_ID = 1


@dataclass(frozen=True)
class OrgRecord:
    name: str
    client_seat_limit: int | None
    registration_code_days: int
    is_demo: bool


@dataclass(frozen=True)
class SeatUsage:
    used: int
    limit: int | None

    @property
    def free(self) -> int | None:
        return None if self.limit is None else max(self.limit - self.used, 0)

    def __str__(self) -> str:
        return f"Clients {self.used} / {self.limit}" if self.limit is not None \
            else f"Clients {self.used} (no limit)"


class NotInitialised(DomainError):
    pass


def _row() -> OrgSettings:
    row = OrgSettings.get_or_none(OrgSettings.id == ORG_ID)
    if row is None:
        raise NotInitialised("this database has no organization yet; run "
                             "`rostertui init` (or `rostertui demo` for a demo database)")
    return row


def is_initialised() -> bool:
    return OrgSettings.select().where(OrgSettings.id == ORG_ID).exists()


def get_org() -> OrgRecord:
    row = _row()
    return OrgRecord(row.name, row.client_seat_limit, row.registration_code_days, row.is_demo)


def validate_seat_limit(value: int | None) -> int | None:
    if value is not None and value < 0:
        raise ValidationFailed([FieldError("client_seat_limit", "cannot be negative")])
    return value


def create_org(name: str, client_seat_limit: int | None, *, is_demo: bool = False) -> None:
    """Create the settings row (inside the caller's transaction)."""
    try:
        clean = fields.clean_text(name, max_length=fields.MAX_ORG_NAME)
    except ValueError as exc:
        raise ValidationFailed([FieldError("org", str(exc))]) from None
    if not clean:
        raise ValidationFailed([FieldError("org", "the organization needs a name")])
    OrgSettings.create(id=ORG_ID, name=clean, is_demo=is_demo,
                       client_seat_limit=validate_seat_limit(client_seat_limit))


def update_org(actor: Actor, *, name: str | None = None,
               client_seat_limit: int | None | type[...] = ...) -> OrgRecord:
    from rostertui.db.connection import write_transaction

    """Change the organization's name and/or client seat limit (``None``: no limit), audited
    as ``org.updated`` with each change as ``[before, after]``. A limit below the clients
    already active is refused, saying by how many."""
    with write_transaction():
        query = OrgSettings.select().where(OrgSettings.id == ORG_ID)
        if not is_sqlite():
            query = query.for_update()  # seats are checked against this row's limit
        row = query.first()
        if row is None:
            _row()  # raises NotInitialised
        changes: dict[str, list[object]] = {}
        if name is not None:
            try:
                clean = fields.clean_text(name, max_length=fields.MAX_ORG_NAME)
            except ValueError as exc:
                raise ValidationFailed([FieldError("name", str(exc))]) from None
            if not clean:
                raise ValidationFailed([FieldError("name", "is required")])
            if clean != row.name:
                changes["name"] = [row.name, clean]
                row.name = clean
        if client_seat_limit is not ...:
            limit = validate_seat_limit(client_seat_limit)  # type: ignore[arg-type]
            if limit != row.client_seat_limit:
                used = active_clients()
                if limit is not None and used > limit:
                    raise SeatLimitTooLow(limit, used)
                changes["client_seat_limit"] = [row.client_seat_limit, limit]
                row.client_seat_limit = limit
        if changes:
            row.save()
            audit.record(actor, "org.updated", details={"changes": changes})
    return get_org()


def active_clients() -> int:
    return (User.select().where((User.kind == Kind.CLIENT) & (User.status == Status.ACTIVE))
            .count())


def seat_usage() -> SeatUsage:
    row = OrgSettings.get_or_none(OrgSettings.id == ORG_ID)
    return SeatUsage(active_clients(), row.client_seat_limit if row else None)


def ensure_seats(adding: int) -> None:
    """Refuse to make ``adding`` more clients active beyond the limit.

    Call inside a write transaction. On PostgreSQL the settings row is locked so
    that two admins adding clients at once cannot both pass the check.
    """
    if adding <= 0:
        return
    query = OrgSettings.select().where(OrgSettings.id == ORG_ID)
    if not is_sqlite():
        query = query.for_update()
    row = query.first()
    if row is None:
        raise NotFound("this database has no organization yet; run `rostertui init`")
    if row.client_seat_limit is None:
        return
    used = active_clients()
    if used + adding > row.client_seat_limit:
        raise SeatLimitExceeded(row.client_seat_limit, used, adding)
