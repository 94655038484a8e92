"""Finding 12 of issue 15 (migrations): many processes opening one empty database at once
all succeed, and every migration is applied exactly once (SQLite and PostgreSQL)."""

from __future__ import annotations

import multiprocessing as mp
import traceback

import pytest

from rostertui.db import migrations
from rostertui.db.connection import close_database, open_database
from tests.conftest import postgres_schema_url

PROCESSES = 8


def _open(target: str, barrier, results) -> None:
    from rostertui.db.connection import open_database

    barrier.wait()
    try:
        open_database(target)
        results.put(None)
    except Exception:  # noqa: BLE001 - reported to the test
        results.put(traceback.format_exc()[-1500:])


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_target(request, tmp_path):
    if request.param == "sqlite":
        yield str(tmp_path / "fresh.db")
        return
    gen = postgres_schema_url()
    yield next(gen)
    next(gen, None)


def test_concurrent_first_opens_of_an_empty_database_all_succeed(empty_target):
    ctx = mp.get_context("spawn")
    barrier, results = ctx.Barrier(PROCESSES), ctx.Queue()
    procs = [ctx.Process(target=_open, args=(empty_target, barrier, results))
             for _ in range(PROCESSES)]
    for p in procs:
        p.start()
    errors = [results.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(timeout=60)
    assert [e for e in errors if e] == []
    db = open_database(empty_target)
    try:
        rows = db.execute_sql("SELECT version FROM schema_version ORDER BY version").fetchall()
        assert [v for (v,) in rows] == list(range(1, migrations.latest_version() + 1))
    finally:
        close_database()
