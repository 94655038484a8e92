"""The Peewee models. No database is bound at import time.

``database`` is a proxy that :func:`rostertui.db.connection.open_database`
initialises from a URL. Timestamps are naive UTC datetimes.

When a model changes, add a migration in ``db/migrations/`` that makes the same
change; ``tests/unit/db/test_migrations.py`` fails until both agree.
"""

from __future__ import annotations

import datetime as dt

from peewee import (
    AutoField,
    BlobField,
    BooleanField,
    CharField,
    CompositeKey,
    DatabaseProxy,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)

database = DatabaseProxy()


def utcnow() -> dt.datetime:
    """Now, as a naive UTC datetime with whole seconds (what every timestamp stores)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


class BaseModel(Model):
    class Meta:
        database = database
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
    kind = CharField(max_length=16)  # client | team_member (indexed with status: m0006)
    status = CharField(max_length=16)  # active | pending | archived
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
        indexes = (
            # m0005: the name order, holding every column a search compares too
            (("kind", "status", "last_name", "first_name", "id", "email", "external_id",
              "username"),
             False),
            # m0003: one index behind every column the roster tables sort by.
            (("kind", "status", "email"), False),
            (("kind", "status", "external_id"), False),
            (("kind", "status", "birthdate"), False),
            (("kind", "status", "created_at"), False),
            # m0007: the Pending and Archived tables' sort indexes (partial, added below)
        )


def _status_indexes() -> None:
    """m0007: the Pending and Archived tables' sort indexes hold only the users of their
    status, so that adding an active user (most of an import) maintains none of them."""
    for name, columns, status in (
            ("user_pending_email", ("status", "email"), "pending"),
            ("user_pending_name", ("status", "last_name", "first_name"), "pending"),
            ("user_pending_invited_at", ("status", "invited_at"), "pending"),
            ("user_archived_email", ("status", "email"), "archived"),
            ("user_archived_name", ("status", "last_name", "first_name"), "archived"),
            ("user_archived_archived_at", ("status", "archived_at"), "archived")):
        User.add_index(User.index(*(getattr(User, c) for c in columns), name=name,
                                  where=(User.status == status)))


_status_indexes()


class Tag(BaseModel):
    id = AutoField()
    name = CharField(max_length=50)
    key = CharField(max_length=50, unique=True)  # casefolded name: tags are case-insensitive
    created_at = DateTimeField(default=utcnow)


class UserTag(BaseModel):
    user = ForeignKeyField(User, on_delete="CASCADE", backref="tag_links",
                           index=False)  # the primary key (user, tag) serves it: m0007
    tag = ForeignKeyField(Tag, on_delete="CASCADE", backref="user_links")

    class Meta:
        primary_key = CompositeKey("user", "tag")


class UserRole(BaseModel):
    user = ForeignKeyField(User, on_delete="CASCADE", backref="role_links",
                           index=False)  # the primary key (user, role) serves it: m0007
    role = CharField(max_length=32)  # Practitioner | Billing Administrator | Administrator

    class Meta:
        primary_key = CompositeKey("user", "role")


class UserAttribute(BaseModel):
    id = AutoField()
    user = ForeignKeyField(User, on_delete="CASCADE", backref="attributes",
                           index=False)  # the unique (user, name) serves it: m0007
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
    # m0008: wrong dates of birth; 5 lock the code for 15 minutes, 10 revoke it
    failed_attempts = IntegerField(default=0)
    locked_until = DateTimeField(null=True)
    revoked_at = DateTimeField(null=True)


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


class LoginThrottle(BaseModel):
    """Failed logins per email (m0003): 5 failures lock the email for a while."""

    email = CharField(max_length=254, primary_key=True)  # as typed, stripped and casefolded
    failures = IntegerField(default=0)
    last_failed_at = DateTimeField(null=True)
    locked_until = DateTimeField(null=True)


class OperatorPref(BaseModel):
    """A setting remembered per operator (m0003), e.g. the columns of a roster table."""

    user = ForeignKeyField(User, on_delete="CASCADE", backref="+")
    key = CharField(max_length=64)
    value = TextField()

    class Meta:
        primary_key = CompositeKey("user", "key")


class OutboxMessage(BaseModel):
    """An email waiting to go out, or the record that it went (the transactional outbox).

    Queued in the same transaction as the change that causes it; rendered and
    sent later by ``rostertui.mail.dispatcher``.
    """

    id = AutoField()
    kind = CharField(max_length=32)  # invitation | registration_code | import_welcome
    user = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    to_addr = CharField(max_length=254)
    context = TextField(default="{}")  # JSON: the admin's message and the like; never a password
    message_id = CharField(max_length=200, unique=True)
    status = CharField(max_length=16, default="queued", index=True)  # queued|sending|sent|failed
    attempts = IntegerField(default=0)
    last_error = TextField(null=True)
    next_attempt_at = DateTimeField(default=utcnow, index=True)
    claimed_at = DateTimeField(null=True)
    claim_token = CharField(max_length=32, null=True)
    created_at = DateTimeField(default=utcnow)
    sent_at = DateTimeField(null=True)


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


class ParkedImport(BaseModel):
    """A file on its way in, set aside with everything done to it (m0009): resumed later,
    perhaps by another admin, and re-planned against the database as it is then."""

    id = AutoField()
    parked_at = DateTimeField(default=utcnow, index=True)
    parked_by = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    parked_by_label = CharField(max_length=254)
    file_name = CharField(max_length=1000)
    file_sha256 = CharField(max_length=64)
    kind = CharField(max_length=16)  # client | team_member
    rows = IntegerField(default=0)
    errors = IntegerField(default=0)  # rows with errors when parked
    payload = BlobField()  # zlib-compressed JSON: cells, fixes, choices, options


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
    LoginThrottle,
    OperatorPref,
    OutboxMessage,
    ImportBatch,
    ImportBatchRow,
    ParkedImport,
)
