"""Migration 2: import batches, so that a committed CSV import can be listed and undone.

The models below are a frozen copy of ``ImportBatch`` and ``ImportBatchRow`` in
``db/models.py`` as they stood when this migration was written. ``User`` is a
stub that only gives the foreign key its target (its table exists since
migration 1). Never edit them: add a new migration instead.
"""

from __future__ import annotations

import datetime as dt

from peewee import (
    AutoField,
    BooleanField,
    CharField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)

DESCRIPTION = "import batches and their rows (what each import created or changed)"


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


class BaseModel(Model):
    class Meta:
        database = None  # bound by apply()
        legacy_table_names = False


class User(BaseModel):
    id = AutoField()


class ImportBatch(BaseModel):
    """One committed CSV import: who, which file, what it did. Undone by ``imports revert``."""

    id = AutoField()
    created_at = DateTimeField(default=utcnow, index=True)
    operator = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    operator_label = CharField(max_length=254)
    file_name = CharField(max_length=1000)
    file_sha256 = CharField(max_length=64)
    kind = CharField(max_length=16)  # client | team_member
    rows = IntegerField(default=0)  # records in the file
    created = IntegerField(default=0)
    updated = IntegerField(default=0)
    unchanged = IntegerField(default=0)
    skipped = IntegerField(default=0)  # error rows or rows left out
    emails = IntegerField(default=0)
    status = CharField(max_length=16, default="committed")  # committed | reverted
    reverted_at = DateTimeField(null=True)
    reverted_by_label = CharField(max_length=254, null=True)


class ImportBatchRow(BaseModel):
    """What one committed row did: the user it created, or what the fields it updated held."""

    id = AutoField()
    batch = ForeignKeyField(ImportBatch, on_delete="CASCADE", backref="batch_rows")
    row_number = IntegerField()  # spreadsheet row in the file
    action = CharField(max_length=16)  # create | update
    user_id = IntegerField(index=True)  # no foreign key: the user may be deleted later
    email = CharField(max_length=254)
    version_after = IntegerField()  # the user's version right after the import
    before = TextField(default="{}")  # JSON {field: previous value}; never a password
    send_email = BooleanField(default=False)


NEW_MODELS = (ImportBatch, ImportBatchRow)


def apply(db) -> None:
    with db.bind_ctx((User, *NEW_MODELS)):
        db.create_tables(NEW_MODELS)
