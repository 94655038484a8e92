"""Finding 13 of issue 15: parallel processes guessing one password get at most five
password checks before the email is locked (SQLite and PostgreSQL)."""

from __future__ import annotations

import multiprocessing as mp
import traceback

from rostertui.db.models import AuditEntry, LoginThrottle
from rostertui.domain import auth

PROCESSES = 8
TRIES = 3


def _guess(target: str, offset: int, barrier, results) -> None:
    from rostertui.db.connection import open_database
    from rostertui.domain import auth
    from rostertui.domain.errors import AuthenticationFailed

    open_database(target)
    outcome: dict[str, object] = {"checked": 0, "locked": 0, "other": []}
    barrier.wait()
    for i in range(TRIES):
        try:
            auth.login("admin@example.com", f"Wrong-Guess{offset}-{i}!")
        except auth.LockedOut as exc:
            key = "checked" if "wrong email or password" in str(exc) else "locked"
            outcome[key] += 1
        except AuthenticationFailed:
            outcome["checked"] += 1
        except Exception:  # noqa: BLE001 - reported to the test
            outcome["other"].append(traceback.format_exc())
    results.put(outcome)


def test_parallel_guesses_get_at_most_five_password_checks(admin, org_db):
    ctx = mp.get_context("spawn")
    barrier = ctx.Barrier(PROCESSES)
    results = ctx.Queue()
    procs = [ctx.Process(target=_guess, args=(org_db, k, barrier, results))
             for k in range(PROCESSES)]
    for p in procs:
        p.start()
    outcomes = [results.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(timeout=60)
    assert all(not o["other"] for o in outcomes), outcomes
    checked = sum(o["checked"] for o in outcomes)
    assert checked + sum(o["locked"] for o in outcomes) == PROCESSES * TRIES
    assert checked == auth.MAX_FAILURES, outcomes
    assert AuditEntry.select().where(AuditEntry.action == "login.failed").count() \
        == auth.MAX_FAILURES
    assert LoginThrottle.get(LoginThrottle.email == "admin@example.com").locked_until
