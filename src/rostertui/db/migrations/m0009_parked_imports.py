"""Migration 9: parked imports (issue 14).

``ParkedImport`` below is a frozen copy of the model as it stood when this
migration was written. Never edit it; add a new migration instead.
"""

from __future__ import annotations

import datetime as dt

from peewee import (
    AutoField,
    BlobField,
    CharField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
)

DESCRIPTION = "parked imports"


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


class User(Model):
    """Only what the foreign key needs: the table name and its primary key."""

    id = AutoField()

    class Meta:
        table_name = "user"


class ParkedImport(Model):
    id = AutoField()
    parked_at = DateTimeField(default=utcnow, index=True)
    parked_by = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    parked_by_label = CharField(max_length=254)
    file_name = CharField(max_length=1000)
    file_sha256 = CharField(max_length=64)
    kind = CharField(max_length=16)
    rows = IntegerField(default=0)
    errors = IntegerField(default=0)
    payload = BlobField()

    class Meta:
        table_name = "parked_import"


def apply(db) -> None:
    with db.bind_ctx([User, ParkedImport]):
        db.create_tables([ParkedImport])
