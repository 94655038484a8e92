"""Migration 1: the initial schema.

The models below are a frozen copy of ``db/models.py`` as it stood when this
migration was written. Never edit them: change ``db/models.py`` and add a new
migration instead, so that an old database and a new one end in the same shape.
"""

from __future__ import annotations

import datetime as dt

from peewee import (
    AutoField,
    BooleanField,
    CharField,
    CompositeKey,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)

DESCRIPTION = "initial schema: users, tags, roles, attributes, codes, invitations, sign-ups, audit"


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


class BaseModel(Model):
    class Meta:
        database = None  # bound by apply()
        legacy_table_names = False


class OrgSettings(BaseModel):
    """The organization: one row, id 1."""

    id = AutoField()
    name = CharField(max_length=200)
    client_seat_limit = IntegerField(null=True)  # None: no limit
    registration_code_days = IntegerField(default=14)
    is_demo = BooleanField(default=False)
    created_at = DateTimeField(default=utcnow)


class User(BaseModel):
    id = AutoField()
    kind = CharField(max_length=16, index=True)  # client | team_member
    status = CharField(max_length=16, index=True)  # active | pending | archived
    email = CharField(max_length=254, unique=True)  # lowercase, NFC
    first_name = CharField(max_length=100, default="")
    middle_name = CharField(max_length=100, default="")
    last_name = CharField(max_length=100, default="")
    birthdate = DateField(null=True)
    sex = CharField(max_length=8, null=True)  # male | female
    external_id = CharField(max_length=100, null=True, unique=True)
    username = CharField(max_length=100, null=True, unique=True)
    phone = CharField(max_length=10, null=True)
    phone_country = CharField(max_length=3, null=True)
    office = CharField(max_length=100, null=True)
    profile_type = CharField(max_length=16, default="individual")  # individual | facility
    password_hash = CharField(max_length=200, null=True)
    version = IntegerField(default=1)
    created_at = DateTimeField(default=utcnow)
    updated_at = DateTimeField(default=utcnow)
    invited_at = DateTimeField(null=True)
    archived_at = DateTimeField(null=True)
    source = CharField(max_length=16, default="manual")  # manual | import | invitation | signup

    class Meta:
        indexes = ((("kind", "status", "last_name", "first_name"), False),)


class Tag(BaseModel):
    id = AutoField()
    name = CharField(max_length=50)
    key = CharField(max_length=50, unique=True)  # casefolded name: tags are case-insensitive
    created_at = DateTimeField(default=utcnow)


class UserTag(BaseModel):
    user = ForeignKeyField(User, on_delete="CASCADE", backref="tag_links")
    tag = ForeignKeyField(Tag, on_delete="CASCADE", backref="user_links")

    class Meta:
        primary_key = CompositeKey("user", "tag")


class UserRole(BaseModel):
    user = ForeignKeyField(User, on_delete="CASCADE", backref="role_links")
    role = CharField(max_length=32)  # Practitioner | Billing Administrator | Administrator

    class Meta:
        primary_key = CompositeKey("user", "role")


class UserAttribute(BaseModel):
    id = AutoField()
    user = ForeignKeyField(User, on_delete="CASCADE", backref="attributes")
    name = CharField(max_length=100)
    value = TextField()

    class Meta:
        indexes = ((("user", "name"), True),)


class RegistrationCode(BaseModel):
    """The one current registration code of a user; regenerating replaces it."""

    id = AutoField()
    user = ForeignKeyField(User, on_delete="CASCADE", unique=True, backref="registration_codes")
    code = CharField(max_length=32, unique=True)
    created_at = DateTimeField(default=utcnow)
    expires_at = DateTimeField()
    used_at = DateTimeField(null=True)


class Invitation(BaseModel):
    id = AutoField()
    user = ForeignKeyField(User, on_delete="CASCADE", backref="invitations")
    email = CharField(max_length=254)
    message = TextField(default="")
    invited_by = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    created_at = DateTimeField(default=utcnow)
    last_sent_at = DateTimeField(null=True)
    send_count = IntegerField(default=0)
    status = CharField(max_length=16, default="pending")  # pending | accepted


class SignupRequest(BaseModel):
    """A client who registered through the sign-up page and waits to be accepted."""

    id = AutoField()
    user = ForeignKeyField(User, on_delete="CASCADE", unique=True, backref="signup_requests")
    created_at = DateTimeField(default=utcnow)
    message = TextField(default="")


class AuditEntry(BaseModel):
    id = AutoField()
    at = DateTimeField(default=utcnow, index=True)
    actor = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    actor_label = CharField(max_length=254)
    action = CharField(max_length=64, index=True)
    target = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    target_label = CharField(max_length=254, default="")
    details = TextField(default="{}")  # JSON; never holds a password or its hash


MODELS: tuple[type[BaseModel], ...] = (
    OrgSettings,
    User,
    Tag,
    UserTag,
    UserRole,
    UserAttribute,
    RegistrationCode,
    Invitation,
    SignupRequest,
    AuditEntry,
)


def apply(db) -> None:
    with db.bind_ctx(MODELS):
        db.create_tables(MODELS)
