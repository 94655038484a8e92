"""Shared fixtures: every test that touches the database gets a fresh temporary SQLite file.

A file, not ``:memory:``: Peewee connections are per thread, and a worker thread
would see an empty in-memory database.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from rostertui.db.connection import close_database, open_database
from rostertui.domain.actor import Actor
from rostertui.domain.setup import init_organization

ADMIN_PASSWORD = "Admin-Passw0rd!"


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """No test reads or writes the real user's config or data directories."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    for var in ("ROSTERTUI_DB", "ROSTERTUI_CONFIG", "ROSTERTUI_DATA_DIR"):
        monkeypatch.delenv(var, raising=False)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "roster.db"


PG_URL = os.environ.get("ROSTERTUI_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")


def postgres_schema_url() -> Iterator[str]:
    """A fresh PostgreSQL schema for one test, as a URL; dropped afterwards.

    Skips when PostgreSQL is not reachable, except under CI, where it fails.
    """
    try:
        import psycopg2
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail("psycopg2 is not installed, and CI must run the PostgreSQL tests")
        pytest.skip("psycopg2 is not installed (pip install 'rostertui[postgres]')")
    try:
        con = psycopg2.connect(PG_URL, connect_timeout=3)
    except psycopg2.OperationalError as exc:
        reason = f"PostgreSQL is not reachable at {PG_URL}: {str(exc).strip()}"
        if os.environ.get("CI"):
            pytest.fail(f"{reason} (CI must run the PostgreSQL tests)")
        pytest.skip(reason)
    con.autocommit = True
    schema = f"rt_test_{uuid.uuid4().hex[:12]}"
    con.cursor().execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield f"{PG_URL}?options=-csearch_path%3D{schema}"
    finally:
        close_database()
        con.cursor().execute(f'DROP SCHEMA "{schema}" CASCADE')
        con.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, db_path: Path) -> Iterator[str]:
    """An empty, migrated database (no organization yet), on SQLite and on PostgreSQL.

    Yields its target (a path or a URL) for tests that open it again (the CLI, other
    processes).
    """
    if request.param == "sqlite":
        open_database(str(db_path))
        yield str(db_path)
        close_database()
        return
    gen = postgres_schema_url()
    url = next(gen)
    open_database(url)
    try:
        yield url
    finally:
        close_database()
        next(gen, None)


@pytest.fixture
def org_db(db: str) -> str:
    """A database with an organization (seat limit 10) and its first Administrator."""
    init_organization("Test Org", {"email": "admin@example.com", "first_name": "Ada",
                                   "last_name": "Admin", "password": ADMIN_PASSWORD},
                      Actor.system("tests"), client_seat_limit=10)
    return db


@pytest.fixture
def admin(org_db: str) -> Actor:
    from rostertui.domain.users import find_by_email

    record = find_by_email("admin@example.com")
    assert record is not None
    return Actor(record.id, record.email)


os.environ.setdefault("ROSTERTUI_TESTING", "1")
