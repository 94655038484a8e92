"""Migration 0002 creates the import tables exactly as db/models.py declares them."""

from __future__ import annotations

from peewee import SqliteDatabase

from rostertui.db.connection import open_database
from rostertui.db.migrations import latest_version
from rostertui.db.models import MODELS, ImportBatch, ImportBatchRow


def _schema(db: SqliteDatabase) -> list[tuple[str, str]]:
    return sorted(db.execute_sql("SELECT name, sql FROM sqlite_master WHERE name LIKE "
                                 "'import_batch%'").fetchall())


def test_migrated_import_tables_match_the_models(tmp_path):
    migrated = open_database(str(tmp_path / "migrated.db"))
    assert latest_version() >= 2
    fresh = SqliteDatabase(str(tmp_path / "fresh.db"))
    with fresh.bind_ctx(MODELS):
        fresh.create_tables(MODELS)
    assert ImportBatch in MODELS and ImportBatchRow in MODELS
    assert _schema(migrated) == _schema(fresh)
    assert len(_schema(migrated)) == 6  # two tables, four indexes
    migrated.close()
    fresh.close()
