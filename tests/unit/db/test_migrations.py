"""The schema is versioned: a migrated database matches the models, old ones upgrade,
newer ones are refused."""

from __future__ import annotations

import os
import sqlite3
import stat

import pytest
from peewee import SqliteDatabase

from rostertui.db import migrations
from rostertui.db.connection import DatabaseOpenError, close_database, open_database
from rostertui.db.models import MODELS


def _predicate(index) -> str | None:
    """A partial index's condition, as its database words it (None: every row)."""
    sql = index.sql or ""
    return sql.split(" WHERE ", 1)[1] if " WHERE " in sql else None


def _shape(db) -> dict[str, object]:
    """Tables, columns (name, type, nullability, primary key), indexes and foreign keys."""
    shape = {}
    for table in sorted(t for t in db.get_tables() if t != "schema_version"):
        columns = sorted((c.name, c.data_type.upper(), c.null, c.primary_key)
                         for c in db.get_columns(table))
        indexes = sorted((tuple(i.columns), i.unique, _predicate(i))
                         for i in db.get_indexes(table))
        fks = sorted((f.column, f.dest_table, f.dest_column) for f in db.get_foreign_keys(table))
        fk_actions = sorted(tuple(r[2:7]) for r in db.execute_sql(
            f'PRAGMA foreign_key_list("{table}")').fetchall())
        shape[table] = (columns, indexes, fks, fk_actions)
    return shape


def test_migrated_database_matches_the_models(tmp_path):
    migrated = SqliteDatabase(str(tmp_path / "migrated.db"))
    migrations.migrate(migrated)
    direct = SqliteDatabase(str(tmp_path / "direct.db"))
    with direct.bind_ctx(MODELS):
        direct.create_tables(MODELS)
    assert _shape(migrated) == _shape(direct)
    assert migrations.current_version(migrated) == migrations.latest_version()


def test_migrations_are_numbered_without_gaps():
    versions = [m.version for m in migrations.all_migrations()]
    assert versions == list(range(1, len(versions) + 1))


def test_an_older_database_is_upgraded_on_open_and_keeps_its_data(tmp_path):
    """A database left at version 1 reaches the newest version with its rows intact."""
    path = tmp_path / "old.db"
    db = SqliteDatabase(str(path))
    assert migrations.migrate(db, target=1) == [1]
    db.execute_sql("INSERT INTO org_settings (id, name, registration_code_days, is_demo, "
                   "created_at) VALUES (1, 'Old Org', 14, 0, '2024-01-01 00:00:00')")
    db.execute_sql("INSERT INTO user (kind, status, email, first_name, middle_name, last_name, "
                   "profile_type, version, created_at, updated_at, source) VALUES ('client', "
                   "'active', 'old@example.com', 'Old', '', 'Timer', 'individual', 1, "
                   "'2024-01-01 00:00:00', '2024-01-01 00:00:00', 'manual')")
    db.close()
    open_database(str(path))
    try:
        from rostertui.domain.users import find_by_email

        assert find_by_email("old@example.com").last_name == "Timer"
        assert migrations.current_version(SqliteDatabase(str(path))) == \
            migrations.latest_version()
    finally:
        close_database()


def test_a_database_from_a_newer_rostertui_is_refused(tmp_path):
    path = tmp_path / "new.db"
    open_database(str(path))
    close_database()
    con = sqlite3.connect(path)
    con.execute("INSERT INTO schema_version VALUES (999, 'from the future', '2099-01-01')")
    con.commit()
    con.close()
    with pytest.raises(DatabaseOpenError, match="schema version 999.*upgrade rostertui"):
        open_database(str(path))


def test_a_new_database_file_is_private_and_tuned(tmp_path):
    path = tmp_path / "sub" / "roster.db"
    db = open_database(str(path))
    try:
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
        assert db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
        assert db.execute_sql("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
        assert db.execute_sql("PRAGMA busy_timeout").fetchone()[0] >= 5000
    finally:
        close_database()


@pytest.mark.parametrize("target, message", [
    ("mysql://root@localhost/x", "unknown database URL scheme"),
    ("postgresql://user@localhost/", "needs a database name"),
    (":memory:", "in-memory database is not supported"),
])
def test_bad_targets_are_refused_clearly(target, message):
    with pytest.raises(DatabaseOpenError, match=message):
        open_database(target)


def test_a_directory_is_not_a_database(tmp_path):
    with pytest.raises(DatabaseOpenError, match="is a directory"):
        open_database(str(tmp_path))


def test_a_file_that_is_not_a_database_is_refused(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a database\n" * 50)
    with pytest.raises(DatabaseOpenError, match="not a database"):
        open_database(str(path))


def test_sqlite_urls(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    open_database("sqlite:///relative.db")
    close_database()
    assert (tmp_path / "relative.db").exists()
    absolute = tmp_path / "abs.db"
    open_database(f"sqlite:///{absolute}")
    close_database()
    assert absolute.exists()


def _portable_shape(db) -> dict[str, object]:
    shape = {}
    for table in sorted(t for t in db.get_tables() if t != "schema_version"):
        columns = sorted((c.name, c.data_type.upper(), c.null, c.primary_key)
                         for c in db.get_columns(table))
        indexes = sorted((tuple(i.columns), i.unique, _predicate(i))
                         for i in db.get_indexes(table))
        fks = sorted((f.column, f.dest_table, f.dest_column) for f in db.get_foreign_keys(table))
        shape[table] = (columns, indexes, fks)
    return shape


def test_migrated_postgres_matches_the_models():
    from peewee import PostgresqlDatabase

    from rostertui.db.connection import make_database
    from tests.conftest import postgres_schema_url

    first, second = postgres_schema_url(), postgres_schema_url()
    migrated, direct = make_database(next(first)), make_database(next(second))
    try:
        assert isinstance(migrated, PostgresqlDatabase)
        migrations.migrate(migrated)
        with direct.bind_ctx(MODELS):
            direct.create_tables(MODELS)
        assert _portable_shape(migrated) == _portable_shape(direct)
    finally:
        migrated.close()
        direct.close()
        next(first, None)
        next(second, None)
