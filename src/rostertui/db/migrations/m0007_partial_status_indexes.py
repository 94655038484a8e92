"""Migration 7: the Pending and Archived sort indexes hold only pending or archived users.

The four indexes behind the Pending and Archived tables (``status, email``,
``status, last_name, first_name``, ``status, invited_at``, ``status,
archived_at``: m0003) held every user, so every active user an import or a
form adds paid to keep four indexes it is never read from. They become partial
indexes (``WHERE status = 'pending'`` or ``'archived'``, both SQLite and
PostgreSQL): the same column order, so each tab's page and count still come
from an index, but an active user is in none of them.

The single-column indexes on ``user_tag.user_id``, ``user_role.user_id`` and
``user_attribute.user_id`` go too: each is the leading column of that table's
primary key or unique index, which serves every lookup by user (and the
cascade when a user is deleted).

Measured on PostgreSQL (100,000 new active clients with tags): see
docs/importing.md.
"""

from __future__ import annotations

DESCRIPTION = "partial indexes for the Pending and Archived tables; drop indexes the keys cover"

_DROPPED = ("user_status_last_name_first_name", "user_status_email", "user_status_archived_at",
            "user_status_invited_at", "user_tag_user_id", "user_role_user_id",
            "user_attribute_user_id")

# (name, columns, status): the same names models.py gives them
PARTIAL = (
    ("user_pending_email", ("status", "email"), "pending"),
    ("user_pending_name", ("status", "last_name", "first_name"), "pending"),
    ("user_pending_invited_at", ("status", "invited_at"), "pending"),
    ("user_archived_email", ("status", "email"), "archived"),
    ("user_archived_name", ("status", "last_name", "first_name"), "archived"),
    ("user_archived_archived_at", ("status", "archived_at"), "archived"),
)


def apply(db) -> None:
    for name, columns, status in PARTIAL:
        listed = ", ".join(f'"{c}"' for c in columns)
        db.execute_sql(f'CREATE INDEX IF NOT EXISTS "{name}" ON "user" ({listed}) '
                       f"WHERE (\"status\" = '{status}')")
    for name in _DROPPED:
        db.execute_sql(f'DROP INDEX IF EXISTS "{name}"')
