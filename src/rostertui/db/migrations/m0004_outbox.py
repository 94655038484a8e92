"""Migration: the mail outbox.

``OutboxMessage`` below is a frozen copy of the model as it stood when this
migration was written. Never edit it; add a new migration instead.
"""

from __future__ import annotations

import datetime as dt

from peewee import (
    AutoField,
    CharField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)

DESCRIPTION = "mail outbox"


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


class User(Model):
    """Only what the foreign key needs: the table name and its primary key."""

    id = AutoField()

    class Meta:
        table_name = "user"


class OutboxMessage(Model):
    id = AutoField()
    kind = CharField(max_length=32)
    user = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    to_addr = CharField(max_length=254)
    context = TextField(default="{}")
    message_id = CharField(max_length=200, unique=True)
    status = CharField(max_length=16, default="queued", index=True)
    attempts = IntegerField(default=0)
    last_error = TextField(null=True)
    next_attempt_at = DateTimeField(default=utcnow, index=True)
    claimed_at = DateTimeField(null=True)
    claim_token = CharField(max_length=32, null=True)
    created_at = DateTimeField(default=utcnow)
    sent_at = DateTimeField(null=True)

    class Meta:
        table_name = "outbox_message"


def apply(db) -> None:
    with db.bind_ctx([User, OutboxMessage]):
        db.create_tables([OutboxMessage])
