"""Two processes writing one SQLite database at once: no lost update, no "database is
locked" reaching the admin, seat limits that hold under the race."""

from __future__ import annotations

import multiprocessing as mp
import traceback

from rostertui.domain.users import create_clients, edit_user, get_user
from tests.factories import client_data


def _worker(db_path: str, task: str, offset: int, barrier, results) -> None:
    from rostertui.db.connection import open_database
    from rostertui.domain.actor import Actor
    from rostertui.domain.errors import DomainError, SeatLimitExceeded, StaleVersion

    open_database(db_path)
    actor = Actor.system(f"worker {offset}")
    outcome: dict[str, object] = {"ok": 0, "seats": 0, "stale": 0, "other": []}
    user = None
    if task == "edit":
        from rostertui.domain.users import find_by_email

        # Both admins read the user (and its version) before either writes: the race is
        # then the same whichever process the scheduler runs first.
        user = find_by_email("client1@example.com")
    barrier.wait()
    try:
        if task == "seats":
            for i in range(15):
                try:
                    create_clients([client_data(offset + i)], actor)
                    outcome["ok"] += 1
                except SeatLimitExceeded:
                    outcome["seats"] += 1
        elif task == "edit":
            try:
                edit_user(user.id, user.version, {"first_name": f"Writer{offset}"}, actor)
                outcome["ok"] += 1
            except StaleVersion:
                outcome["stale"] += 1
    except DomainError as exc:
        outcome["other"].append(f"{type(exc).__name__}: {exc}")
    except Exception:  # noqa: BLE001 - reported to the test
        outcome["other"].append(traceback.format_exc())
    results.put(outcome)


def _race(db_path: str, task: str, n: int = 2) -> list[dict[str, object]]:
    ctx = mp.get_context("spawn")
    barrier = ctx.Barrier(n)
    results = ctx.Queue()
    procs = [ctx.Process(target=_worker, args=(db_path, task, 100 * (k + 1), barrier, results))
             for k in range(n)]
    for p in procs:
        p.start()
    out = [results.get(timeout=60) for _ in procs]
    for p in procs:
        p.join(timeout=60)
    return out


def test_the_seat_limit_holds_when_two_processes_add_clients(org_db, admin):
    outcomes = _race(org_db, "seats")  # limit 10, 30 attempts in all
    assert all(not o["other"] for o in outcomes), outcomes
    assert sum(o["ok"] for o in outcomes) == 10
    assert sum(o["seats"] for o in outcomes) == 20
    from rostertui.domain import org

    assert org.seat_usage().used == 10


def test_two_admins_editing_one_user_lose_no_update(org_db, admin):
    [c] = create_clients([client_data(1)], admin)
    outcomes = _race(org_db, "edit")
    assert all(not o["other"] for o in outcomes), outcomes
    assert sorted((o["ok"], o["stale"]) for o in outcomes) == [(0, 1), (1, 0)]
    final = get_user(c.id)
    assert final.version == 2 and final.first_name in ("Writer100", "Writer200")
