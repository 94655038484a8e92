"""Set-based writes for many users at once: the importer's commit and undo use these.

Each function runs inside the caller's write transaction and issues one
prepared statement per batch of rows (``executemany``; on PostgreSQL, inserts
stream through ``COPY``), never a query per row built in Python. The rules
stay where they are: callers check values through
:mod:`rostertui.domain.fields`, seats through :func:`org.ensure_seats`, tags
through :func:`tags.resolve`, the last Administrator through
:func:`roles.ensure_administrator_remains`, and they write the audit log.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from peewee import IntegrityError, Model, SqliteDatabase

from rostertui.db.models import User, UserAttribute, UserRole, UserTag, database
from rostertui.db.pg_copy import copy_rows
from rostertui.domain.errors import Conflict

CHUNK = 900


def _db_value(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _column(model: type[Model], field: str) -> str:
    return _quoted(model._meta.fields[field].column_name)


def insert_rows(model: type[Model], fields: Sequence[str], rows: Iterable[Sequence[Any]], *,
                converted: bool = False) -> None:
    """``INSERT`` every row (values in the order of ``fields``) with one prepared statement.

    Dates and datetimes are turned into ISO text unless the caller says the rows
    are ``converted`` already (the fast path for 100,000 rows).
    """
    db = database.obj
    table = _quoted(model._meta.table_name)
    sql = (f"INSERT INTO {table} ({', '.join(_column(model, f) for f in fields)}) "
           f"VALUES ({', '.join([db.param] * len(fields))})")
    data = rows if converted else [tuple(_db_value(v) for v in row) for row in rows]
    if not isinstance(data, list):
        data = list(data)
    if not data:
        return
    if isinstance(db, SqliteDatabase):
        _executemany(sql, data)
    else:
        # PostgreSQL: COPY, not INSERT (see rostertui.db.pg_copy).
        with _unique_values_as_conflict():
            copy_rows(db.cursor(), table, [_column(model, f) for f in fields], data)


def db_value(value: Any) -> Any:
    """What a date or datetime is stored as (ISO text); other values as they are."""
    return _db_value(value)


def select_in(columns: Sequence[str], field: str, values: Sequence[Any],
              model: type[Model] = User, *, lock: bool = False) -> Iterator[tuple[Any, ...]]:
    """Rows of ``columns`` where ``field`` is one of ``values``: raw chunks of ``IN (?, ...)``.

    Built as plain SQL text because building a query object per value costs
    more than running it when there are 100,000 values. ``lock`` takes the rows'
    write locks until the transaction ends (``FOR UPDATE``; SQLite's
    ``BEGIN IMMEDIATE`` already holds the whole database).
    """
    db = database.obj
    table = _quoted(model._meta.table_name)
    cols = ", ".join(_column(model, c) for c in columns)
    where = _column(model, field)
    # Rows are locked in the order of their ids (see current_versions), so two writers
    # locking overlapping sets wait for each other instead of deadlocking.
    suffix = f" ORDER BY {where} FOR UPDATE" if lock and not isinstance(db, SqliteDatabase) \
        else ""
    for start in range(0, len(values), CHUNK):
        chunk = list(values[start:start + CHUNK])
        marks = ", ".join([db.param] * len(chunk))
        yield from db.execute_sql(
            f"SELECT {cols} FROM {table} WHERE {where} IN ({marks}){suffix}", chunk)


def _is_integrity_error(exc: BaseException) -> bool:
    """sqlite3.IntegrityError, psycopg2's UniqueViolation (a subclass) or peewee's."""
    return isinstance(exc, IntegrityError) or any(
        cls.__name__ == "IntegrityError" for cls in type(exc).__mro__)


@contextlib.contextmanager
def _unique_values_as_conflict() -> Iterator[None]:
    """The driver's integrity error (a value taken since the plan) becomes a Conflict."""
    try:
        yield
    except Exception as exc:
        if _is_integrity_error(exc):
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else "unique value"
            raise Conflict(f"a value that must be unique is already taken ({first}); check the "
                           "file again") from None
        raise


def _executemany(sql: str, data: list[tuple[Any, ...]]) -> int:
    """Run a prepared statement for every row, on the raw DB-API cursor (not peewee's wrapper,
    so the driver's own exceptions come here)."""
    db = database.obj
    cursor = db.cursor()
    with _unique_values_as_conflict():
        if isinstance(db, SqliteDatabase):
            cursor.executemany(sql, data)
        else:  # psycopg2's executemany is a round trip per row: pages of statements instead
            from psycopg2.extras import execute_batch

            execute_batch(cursor, sql, data, page_size=1000)
    return cursor.rowcount


def insert_users(fields: Sequence[str], rows: Sequence[tuple[Any, ...]]) -> dict[str, int]:
    """Insert users (tuples in the order of ``fields``, already converted, with ``email``
    among them); returns email -> new id."""
    if not rows:
        return {}
    at = list(fields).index("email")
    if not isinstance(database.obj, SqliteDatabase):
        return _insert_users_with_ids(fields, rows, at)
    before = User.select(User.id).order_by(User.id.desc()).limit(1).scalar() or 0
    insert_rows(User, fields, rows, converted=True)
    wanted = {row[at] for row in rows}
    ids: dict[str, int] = {}
    table = _quoted(User._meta.table_name)
    cursor = database.obj.execute_sql(
        f"SELECT {_column(User, 'id')}, {_column(User, 'email')} FROM {table} "
        f"WHERE {_column(User, 'id')} > {database.obj.param}", (before,))
    for uid, email in cursor:
        if email in wanted:
            ids[email] = uid
    if len(ids) != len(wanted):  # pragma: no cover - only if ids were not increasing
        missing = [e for e in wanted if e not in ids]
        ids.update({email: uid for email, uid in select_in(("email", "id"), "email", missing)})
    return ids


def _insert_users_with_ids(fields: Sequence[str], rows: Sequence[tuple[Any, ...]],
                           at: int) -> dict[str, int]:
    """PostgreSQL: take the ids from the table's sequence first (one query), then COPY the
    users with them; COPY cannot return the ids it assigned."""
    db = database.obj
    table = _quoted(User._meta.table_name)
    ids = [uid for uid, in db.execute_sql(
        "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
        (table, User._meta.fields["id"].column_name, len(rows)))]
    insert_rows(User, ("id", *fields), [(uid, *row) for uid, row in zip(ids, rows, strict=True)],
                converted=True)
    return {row[at]: uid for uid, row in zip(ids, rows, strict=True)}


def update_users(fields: Sequence[str], rows: Sequence[tuple[Any, ...]],
                 now: dt.datetime) -> int:
    """Set ``fields`` for many users and bump their version, if it is still the expected one.

    Each row is ``(value for each field..., user id, expected version)``. Returns
    how many users were updated: fewer than ``len(rows)`` means some changed since.
    """
    if not rows:
        return 0
    db = database.obj
    table = _quoted(User._meta.table_name)
    sets = [f"{_column(User, f)} = {db.param}" for f in fields]
    version = _column(User, "version")
    sets += [f"{version} = {version} + 1", f"{_column(User, 'updated_at')} = {db.param}"]
    sql = (f"UPDATE {table} SET {', '.join(sets)} "
           f"WHERE {_column(User, 'id')} = {db.param} AND {version} = {db.param}")
    stamp = _db_value(now)
    data = [tuple(_db_value(v) for v in row[:-2]) + (stamp, row[-2], row[-1]) for row in rows]
    count = _executemany(sql, data)
    if not isinstance(db, SqliteDatabase) or count < 0:
        # The row count of a batch is not reliable outside SQLite; the callers locked these
        # rows (current_versions) after checking their versions, so every update applies.
        return len(rows)
    return count


def current_versions(user_ids: Sequence[int]) -> dict[int, tuple[int, str, str]]:
    """user id -> (version, kind, email) for the users that exist, locked until the
    transaction ends, so the versions checked are the versions the update finds."""
    return {uid: (version, kind, email) for uid, version, kind, email in
            select_in(("id", "version", "kind", "email"), "id", sorted(set(user_ids)),
                      lock=True)}


def taken(field: str, values: Sequence[str]) -> dict[str, int]:
    """Which of ``values`` some user already holds for ``field``: value -> user id."""
    return dict(select_in((field, "id"), field, values))


def _delete_where_user(model: type[Model], user_ids: Sequence[int]) -> None:
    db = database.obj
    table = _quoted(model._meta.table_name)
    column = _column(model, "user")
    for start in range(0, len(user_ids), CHUNK):
        chunk = list(user_ids[start:start + CHUNK])
        marks = ", ".join([db.param] * len(chunk))
        db.execute_sql(f"DELETE FROM {table} WHERE {column} IN ({marks})", chunk)


def replace_tags(links: Mapping[int, Iterable[int]]) -> None:
    """Give each user exactly these tag ids."""
    _delete_where_user(UserTag, list(links))
    insert_rows(UserTag, ("user", "tag"), ((u, t) for u, ts in links.items() for t in set(ts)))


def replace_roles(links: Mapping[int, Iterable[str]]) -> None:
    """Give each team member exactly these roles."""
    _delete_where_user(UserRole, list(links))
    insert_rows(UserRole, ("user", "role"), ((u, r) for u, rs in links.items() for r in set(rs)))


def set_attributes(values: Mapping[int, Mapping[str, str | None]]) -> None:
    """Set (or, for None, remove) the named attributes of each user; others are kept."""
    db = database.obj
    table = _quoted(UserAttribute._meta.table_name)
    sql = (f"DELETE FROM {table} WHERE {_column(UserAttribute, 'user')} = {db.param} "
           f"AND {_column(UserAttribute, 'name')} = {db.param}")
    pairs = [(u, name) for u, attrs in values.items() for name in attrs]
    if pairs:
        _executemany(sql, pairs)
    insert_rows(UserAttribute, ("user", "name", "value"),
                ((u, name, v) for u, attrs in values.items() for name, v in attrs.items()
                 if v is not None))
