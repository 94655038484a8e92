"""Migration 3: login throttling, per-operator preferences, and sort indexes.

* ``login_throttle``: failed logins per email, so a lockout survives a restart;
* ``operator_pref``: settings remembered per operator (the roster tables' columns);
* an index behind every column the roster tables sort by, so a page of 100,000
  users is read from an index instead of sorting the table.

The models below are frozen copies of ``db/models.py`` as this migration wrote
them. Never edit them; add a new migration instead.
"""

from __future__ import annotations

import datetime as dt

from peewee import (
    AutoField,
    CharField,
    CompositeKey,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)

DESCRIPTION = "login throttling, operator preferences, indexes for sorted roster pages"


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


class BaseModel(Model):
    class Meta:
        database = None  # bound by apply()
        legacy_table_names = False


class User(BaseModel):
    id = AutoField()
    kind = CharField(max_length=16, index=True)
    status = CharField(max_length=16, index=True)
    email = CharField(max_length=254, unique=True)
    first_name = CharField(max_length=100, default="")
    middle_name = CharField(max_length=100, default="")
    last_name = CharField(max_length=100, default="")
    birthdate = DateField(null=True)
    sex = CharField(max_length=8, null=True)
    external_id = CharField(max_length=100, null=True, unique=True)
    username = CharField(max_length=100, null=True, unique=True)
    phone = CharField(max_length=10, null=True)
    phone_country = CharField(max_length=3, null=True)
    office = CharField(max_length=100, null=True)
    profile_type = CharField(max_length=16, default="individual")
    password_hash = CharField(max_length=200, null=True)
    version = IntegerField(default=1)
    created_at = DateTimeField(default=utcnow)
    updated_at = DateTimeField(default=utcnow)
    invited_at = DateTimeField(null=True)
    archived_at = DateTimeField(null=True)
    source = CharField(max_length=16, default="manual")

    class Meta:
        indexes = (
            (("kind", "status", "last_name", "first_name"), False),
            (("kind", "status", "email"), False),
            (("kind", "status", "external_id"), False),
            (("kind", "status", "birthdate"), False),
            (("kind", "status", "created_at"), False),
            (("status", "last_name", "first_name"), False),
            (("status", "email"), False),
            (("status", "archived_at"), False),
            (("status", "invited_at"), False),
        )


class LoginThrottle(BaseModel):
    email = CharField(max_length=254, primary_key=True)
    failures = IntegerField(default=0)
    last_failed_at = DateTimeField(null=True)
    locked_until = DateTimeField(null=True)


class OperatorPref(BaseModel):
    user = ForeignKeyField(User, on_delete="CASCADE", backref="+")
    key = CharField(max_length=64)
    value = TextField()

    class Meta:
        primary_key = CompositeKey("user", "key")


def apply(db) -> None:
    with db.bind_ctx((User, LoginThrottle, OperatorPref)):
        db.create_tables((LoginThrottle, OperatorPref))
        # safe=True: the indexes m0001 made already exist; only the new ones are created.
        User._schema.create_indexes(safe=True)
