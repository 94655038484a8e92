"""SIGKILL a 20,000-row import at 20 random moments: after each kill the database passes
an integrity check and holds the whole batch or none of it."""

from __future__ import annotations

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


def _file(path) -> None:
    lines = ["email,first_name,last_name,birthdate,sex,external_id"]
    lines += [f"k{i}@example.com,K{i},Kill,1980-01-01,f,KX-{i}" for i in range(ROWS)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


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

    # How long a whole import takes here, so the kills spread over all of it.
    full = tmp_path / "full.db"
    shutil.copy(base, full)
    start = time.perf_counter()
    done = subprocess.run([c.replace("{db}", str(full)) for c in command], capture_output=True,
                          text=True, check=False)
    duration = time.perf_counter() - start
    assert done.returncode == 0, done.stderr
    assert _counts(full) == (ROWS, 1)

    seed = random.randrange(1_000_000)
    rng = random.Random(seed)
    outcomes = []
    for n in range(KILLS):
        target = tmp_path / f"kill{n}.db"
        shutil.copy(base, target)
        proc = subprocess.Popen([c.replace("{db}", str(target)) for c in command],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.05, duration))
        proc.kill()
        proc.wait()
        users, batches = _counts(target)
        assert (users, batches) in ((0, 0), (ROWS, 1)), f"seed {seed}, kill {n}: {users} users"
        outcomes.append(users)
        for suffix in ("", "-wal", "-shm"):
            (tmp_path / f"kill{n}.db{suffix}").unlink(missing_ok=True)
    # The kills landed before the commit and, with luck, some after: say which, for the log.
    print(f"seed {seed}: import takes {duration:.2f} s; kills left "
          f"{outcomes.count(0)} empty, {outcomes.count(ROWS)} complete")
