"""Versioned schema migrations, applied in order when a database is opened.

Each module ``mNNNN_<name>.py`` has a ``DESCRIPTION`` and an ``apply(db)``.
The ``schema_version`` table records what has been applied. A database whose
version is newer than the newest migration here is refused: it was written by a
newer rostertui.
"""

from __future__ import annotations

import contextlib
import importlib
import pkgutil
from collections.abc import Iterator
from dataclasses import dataclass
from types import ModuleType

from peewee import (
    Database,
    IntegerField,
    Model,
    PostgresqlDatabase,
    SqliteDatabase,
    TextField,
)

from rostertui.db.models import utcnow


class SchemaTooNew(RuntimeError):
    """The database was written by a newer version of rostertui."""


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    module: ModuleType


def _schema_version_model(db: Database) -> type[Model]:
    class SchemaVersion(Model):
        version = IntegerField(primary_key=True)
        description = TextField()
        applied_at = TextField()

        class Meta:
            database = db
            table_name = "schema_version"

    return SchemaVersion


def all_migrations() -> list[Migration]:
    found = []
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("m") and info.name[1:5].isdigit():
            module = importlib.import_module(f"{__name__}.{info.name}")
            found.append(Migration(int(info.name[1:5]), info.name, module))
    found.sort(key=lambda m: m.version)
    versions = [m.version for m in found]
    if versions != list(range(1, len(found) + 1)):
        raise RuntimeError(f"migrations are not numbered 1..N without gaps: {versions}")
    return found


def latest_version() -> int:
    return all_migrations()[-1].version


def current_version(db: Database) -> int:
    schema_version = _schema_version_model(db)
    if not schema_version.table_exists():
        return 0
    row = schema_version.select(schema_version.version).order_by(
        schema_version.version.desc()).first()
    return row.version if row else 0


# pg_advisory_lock key for migrations: any constant shared by every rostertui
_PG_LOCK_KEY = 0x526F737465720001


def migrate(db: Database, target: int | None = None) -> list[int]:
    """Bring ``db`` up to the newest schema (or to ``target``). Returns the versions applied.

    Each migration runs in its own transaction together with its
    ``schema_version`` row, so a crash leaves the database at a known version.
    Processes opening one database at once do not collide: on PostgreSQL the
    migrations run under an advisory lock, on SQLite each one in ``BEGIN
    IMMEDIATE``, and the version is read again once the lock is held.
    """
    migrations = all_migrations()
    newest = migrations[-1].version
    want = newest if target is None else min(target, newest)
    have = current_version(db)  # without a lock: the usual case is "up to date"
    if have > newest:
        raise SchemaTooNew(
            f"this database has schema version {have}, but this rostertui only knows "
            f"versions up to {newest}; upgrade rostertui to open it")
    if have >= want and have > 0:
        return []
    with _migration_lock(db):
        return _migrate_locked(db, migrations, target)


def _migrate_locked(db: Database, migrations: list[Migration], target: int | None) -> list[int]:
    schema_version = _schema_version_model(db)
    with _atomic(db):
        db.create_tables([schema_version])
    applied = []
    for migration in migrations:
        if target is not None and migration.version > target:
            continue
        with _atomic(db):
            if current_version(db) >= migration.version:  # another process applied it
                continue
            migration.module.apply(db)
            schema_version.create(version=migration.version,
                                  description=migration.module.DESCRIPTION,
                                  applied_at=utcnow().isoformat(sep=" "))
        applied.append(migration.version)
    return applied


def _atomic(db: Database):
    """A transaction that holds the write lock from its start (SQLite: BEGIN IMMEDIATE,
    waiting while another process migrates: ``db/lock_wait.py``)."""
    if isinstance(db, SqliteDatabase) and db.transaction_depth() == 0:
        from rostertui.db import lock_wait

        return lock_wait.immediate(db)
    return db.atomic()


@contextlib.contextmanager
def _migration_lock(db: Database) -> Iterator[None]:
    if not isinstance(db, PostgresqlDatabase):
        yield
        return
    db.execute_sql("SELECT pg_advisory_lock(%s)", (_PG_LOCK_KEY,))
    try:
        yield
    finally:
        db.execute_sql("SELECT pg_advisory_unlock(%s)", (_PG_LOCK_KEY,))
