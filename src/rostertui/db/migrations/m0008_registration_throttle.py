"""Migration 8: registration codes count wrong dates of birth (issue 15, finding 14).

``registration_code`` gains ``failed_attempts`` (wrong dates of birth since the
code was issued), ``locked_until`` (set for 15 minutes after 5 of them) and
``revoked_at`` (set after 10: the code stops working for good and the audit log
says so). The columns are frozen here; never edit them, add a migration instead.
"""

from __future__ import annotations

from peewee import DateTimeField, IntegerField
from playhouse.migrate import PostgresqlMigrator, SqliteMigrator, migrate

DESCRIPTION = "registration codes: wrong dates of birth counted, locked, revoked"


def apply(db) -> None:
    from peewee import SqliteDatabase

    migrator = SqliteMigrator(db) if isinstance(db, SqliteDatabase) else PostgresqlMigrator(db)
    migrate(
        migrator.add_column("registration_code", "failed_attempts", IntegerField(default=0)),
        migrator.add_column("registration_code", "locked_until", DateTimeField(null=True)),
        migrator.add_column("registration_code", "revoked_at", DateTimeField(null=True)),
    )
