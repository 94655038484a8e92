"""Migration 5: the roster search reads an index instead of the user table.

The index on ``(kind, status, last_name, first_name)`` (m0001) becomes
``(kind, status, last_name, first_name, id, email, external_id, username)``: the
same order for sorted pages (``id`` breaks ties, as it did as the implicit last
column), and it now holds every column a search compares,
so a search walks this index in name order (stopping once a page is found)
without reading the table's rows. At 100,000 users that is about a quarter of
the time of a scan of the table. The index is replaced, not added, so writes
keep the same number of indexes to maintain.
"""

from __future__ import annotations

DESCRIPTION = "a covering index for roster searches, in place of the name-order index"

OLD = "user_kind_status_last_name_first_name"
NEW = "user_kind_status_last_name_first_name_id_email_external_id_username"


def apply(db) -> None:
    db.execute_sql(f'CREATE INDEX IF NOT EXISTS "{NEW}" ON "user" '
                   '("kind", "status", "last_name", "first_name", "id", "email",'
                   ' "external_id", "username")')
    db.execute_sql(f'DROP INDEX IF EXISTS "{OLD}"')
