"""Finding 11 of issue 15: on SQLite, imports that start together no longer fail with
"database is locked" when one waits longer than the busy timeout for another that is
working: the waiter says what it waits for and commits after. Run at a small scale, with a
busy timeout of half a second and a holder that takes several seconds."""

from __future__ import annotations

import multiprocessing as mp
import time
import traceback

from rostertui.domain import org
from rostertui.domain.enums import Kind
from rostertui.domain.queries import count_users

ROWS = 200
BUSY_MS = 500


def _csv(offset: int) -> bytes:
    lines = ["email,first_name,last_name,birthdate,sex"]
    lines += [f"w{offset + i}@example.com,W{i},Writer,1980-01-01,f" for i in range(ROWS)]
    return ("\n".join(lines) + "\n").encode()


def _import(target: str, offset: int, slow: bool, started, results) -> None:
    from rostertui.db import connection, lock_wait
    from rostertui.domain.actor import Actor
    from rostertui.importing.engine import load_bytes

    connection.SQLITE_PRAGMAS["busy_timeout"] = BUSY_MS
    said: list[str] = []
    lock_wait.set_wait_reporter(said.append)
    connection.open_database(target)
    outcome: dict[str, object] = {"offset": offset, "error": None, "said": said}
    session = load_bytes(_csv(offset), f"f{offset}.csv")
    session.plan()

    def hook(stage: str) -> None:  # the holder works for several seconds in its transaction
        if slow:
            started.set()
            time.sleep(1.0)

    if not slow:
        started.wait(30)
    try:
        outcome["batch"] = session.commit(Actor.system(f"writer {offset}"), hook=hook).batch_id
    except Exception:  # noqa: BLE001 - reported to the test
        outcome["error"] = traceback.format_exc()
    results.put(outcome)


def test_writers_wait_for_a_working_holder_past_the_busy_timeout(org_db, admin):
    org.update_org(admin, client_seat_limit=None)
    ctx = mp.get_context("spawn")
    started, results = ctx.Event(), ctx.Queue()
    procs = [ctx.Process(target=_import, args=(org_db, k * 1000, k == 0, started, results))
             for k in range(3)]
    for p in procs:
        p.start()
    outcomes = [results.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(timeout=60)
    assert [o["error"] for o in outcomes] == [None, None, None], outcomes
    assert count_users(Kind.CLIENT) == 3 * ROWS
    if "://" not in org_db:  # SQLite: the waiters said what they were waiting for
        said = [line for o in outcomes if o["offset"] != 0 for line in o["said"]]
        assert said and all("waiting for another writer to finish" in s for s in said)
        assert any("process" in s and "running" in s for s in said)


def test_a_dead_or_foreign_holder_still_ends_the_wait(tmp_path):
    """No note, a stale note, or a note from a dead process: no waiting past the timeout."""
    import json
    import os

    from rostertui.db import lock_wait

    db = str(tmp_path / "x.db")
    assert not lock_wait.keep_waiting(db, 0.0)
    note = lock_wait.note_path(db)
    with open(note, "w") as fh:
        json.dump({"pid": os.getpid(), "what": "test", "started": time.time()}, fh)
    assert lock_wait.keep_waiting(db, 1.0)
    assert not lock_wait.keep_waiting(db, lock_wait.MAX_WAIT)
    os.utime(note, (time.time() - 60, time.time() - 60))
    assert not lock_wait.keep_waiting(db, 1.0)
    with open(note, "w") as fh:
        json.dump({"pid": 2**22 + 12345, "what": "gone", "started": time.time()}, fh)
    assert not lock_wait.keep_waiting(db, 1.0)
