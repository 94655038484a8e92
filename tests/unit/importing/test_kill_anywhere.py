"""SIGKILL a 20,000-row import at 20 moments (a fixed seed, so a failure can be replayed),
half of them while the write transaction is open (seen from outside: the database's write
lock is taken): after each kill the database passes an integrity check and holds the whole
batch or none of it, and the test fails unless kills are seen to land inside the write."""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import subprocess
import sys
import time

import pytest

from rostertui.db.connection import close_database
from rostertui.domain import org

ROWS = 20_000
KILLS = 20
SEED = int(os.environ.get("ROSTERTUI_KILL_SEED", "20261130"))


def _file(path) -> None:
    lines = ["email,first_name,last_name,birthdate,sex,external_id"]
    lines += [f"k{i}@example.com,K{i},Kill,1980-01-01,f,KX-{i}" for i in range(ROWS)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _write_locked(db) -> bool:
    """Whether another connection holds the write lock (an open write transaction)."""
    con = sqlite3.connect(db, timeout=0, isolation_level=None)
    try:
        con.execute("BEGIN IMMEDIATE")
        con.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError:
        return True
    finally:
        con.close()


def _run_until_locked(proc, db, start) -> float | None:
    """Poll until the import takes the write lock; the moment it did, or None if it ended."""
    while proc.poll() is None:
        if _write_locked(db):
            return time.perf_counter() - start
        time.sleep(0.001)
    return None


def _counts(db) -> tuple[int, int]:
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        users = con.execute("SELECT count(*) FROM user WHERE kind = 'client'").fetchone()[0]
        batches = con.execute("SELECT count(*) FROM import_batch").fetchone()[0]
    finally:
        con.close()
    return users, batches


@pytest.mark.parametrize("db", ["sqlite"], indirect=True)  # PRAGMA integrity_check, file copy
def test_a_kill_at_any_moment_leaves_all_or_nothing(tmp_path, org_db, admin):
    org.update_org(admin, client_seat_limit=None)
    close_database()
    csv_path = tmp_path / "big.csv"
    _file(csv_path)
    base = tmp_path / "base.db"
    shutil.copy(org_db, base)
    command = [sys.executable, "-m", "rostertui", "--db", "{db}", "import", str(csv_path)]

    # How long a whole import takes here, and when its write transaction opens and for how
    # long, so the kills spread over the reading and the writing.
    full = tmp_path / "full.db"
    shutil.copy(base, full)
    start = time.perf_counter()
    proc = subprocess.Popen([c.replace("{db}", str(full)) for c in command],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    write_start = _run_until_locked(proc, full, start)
    proc.wait()
    duration = time.perf_counter() - start
    assert proc.returncode == 0
    assert _counts(full) == (ROWS, 1)
    assert write_start is not None, "the import never took the write lock"
    write_time = duration - write_start

    rng = random.Random(SEED)
    outcomes = []
    inside_write = 0
    for n in range(KILLS):
        target = tmp_path / f"kill{n}.db"
        shutil.copy(base, target)
        start = time.perf_counter()
        proc = subprocess.Popen([c.replace("{db}", str(target)) for c in command],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        locked = False
        if n % 2 == 0:  # even kills: at a random moment, mostly while reading and planning
            time.sleep(rng.uniform(0.02, duration))
        else:  # odd kills: once the write lock is taken, somewhere inside the transaction
            locked = _run_until_locked(proc, target, start) is not None
            time.sleep(rng.uniform(0, write_time / 2))
            locked = locked and _write_locked(target)
        proc.kill()
        proc.wait()
        users, batches = _counts(target)
        assert (users, batches) in ((0, 0), (ROWS, 1)), f"seed {SEED}, kill {n}: {users} users"
        inside_write += locked and batches == 0
        outcomes.append(users)
        for suffix in ("", "-wal", "-shm"):
            (tmp_path / f"kill{n}.db{suffix}").unlink(missing_ok=True)
    print(f"seed {SEED}: import takes {duration:.2f} s, writes from {write_start:.2f} s; kills "
          f"left {outcomes.count(0)} empty ({inside_write} with the write lock held), "
          f"{outcomes.count(ROWS)} complete")
    assert inside_write >= KILLS // 4, (
        f"seed {SEED}: only {inside_write} kills landed inside the write transaction "
        f"(import {duration:.2f} s, writes from {write_start:.2f} s)")
