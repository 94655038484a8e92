"""What live data costs while the app is idle, and how soon another process's change shows.

Prints figures; asserts nothing. Run: ``python benchmarks/live_bench.py [workdir] [N]``
(N clients, default 100,000; the database is built once in workdir and reused).
Target (issue 13): the idle live-data check costs less than 1% of one core; a change
made by another process shows within 2 s.

Figures:
- ``probe_look_us``: one look (``PRAGMA data_version`` on the probe's own connection),
  median over 2,000 looks, and on PostgreSQL when ``ROSTERTUI_TEST_PG`` (or the test
  server at 127.0.0.1) answers.
- ``watcher_cpu_pct_of_core``: CPU time of the watcher's own thread (the thread clock of
  the worker that runs :class:`rostertui.ui.live.LiveData`), over an idle window of the
  real app logged in at N clients, as a share of one core.
- ``app_idle_cpu_pct_*``: the whole process over the same idle window with the watcher and
  without it (Textual's own idle work included), for context.
- ``change_to_screen_ms``: from another process's commit (a new client, written by a child
  process that prints the time of its commit) to the open app's table and header showing
  it; median and max of 5.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bulk_db import ADMIN_EMAIL, build  # noqa: E402

from rostertui.config import Config  # noqa: E402
from rostertui.db.connection import close_database  # noqa: E402

IDLE_SECONDS = 20.0
SIZE = (120, 36)

ADD_CLIENT = """
import sys, time
from rostertui.db.connection import open_database
from rostertui.domain import users
from rostertui.domain.actor import Actor
open_database(sys.argv[1])
n = int(sys.argv[2])
users.create_clients([{"email": f"live{n}@example.com", "first_name": "Aaa", "last_name":
                       f"Live{n}", "birthdate": "1980-01-01", "sex": "female"}],
                     Actor.system("live bench"))
print(time.time(), flush=True)
"""


def probe_look_us(db_target: str | None = None, looks: int = 2000) -> float:
    from rostertui.db.changes import ChangeProbe
    from rostertui.db.connection import make_database

    probe = ChangeProbe(make_database(db_target) if db_target else None)
    try:
        probe.token()
        timings = []
        for _ in range(looks):
            t = time.perf_counter()
            probe.token()
            timings.append(time.perf_counter() - t)
        return statistics.median(timings) * 1e6
    finally:
        probe.close()


def _pg_url() -> str | None:
    url = os.environ.get("ROSTERTUI_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")
    try:
        import psycopg2

        psycopg2.connect(url, connect_timeout=3).close()
    except Exception:
        return None
    return url


async def idle_and_latency(db: Path, *, watch: bool) -> dict[str, float]:
    from rostertui.domain import auth
    from rostertui.ui import live
    from rostertui.ui.app import make_app

    figures: dict[str, float] = {}
    watcher: dict[str, int] = {}
    real_token = live.ChangeProbe.token

    def token(self):
        watcher.setdefault("ident", threading.get_ident())
        return real_token(self)

    live.ChangeProbe.token = token
    real_mount = live.LiveData.on_mount
    if not watch:
        live.LiveData.on_mount = lambda self: None
    try:
        app = make_app(str(db), Config(data_dir=db.parent))
        app.operator = auth.session_for(ADMIN_EMAIL, "bench")
        changes: list[float] = []

        def hook(message) -> None:
            if isinstance(message, live.LiveData.Changed):
                changes.append(time.monotonic())

        async with app.run_test(size=SIZE, message_hook=hook) as pilot:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                tabs = app.screen.query("#clients-tab")
                if tabs and tabs.first().table.row_at(0) is not None:
                    break
                await asyncio.sleep(0.05)
            await asyncio.sleep(3.0)  # let start-up work finish: every worker but the watcher
            while any(not w.is_finished and w.group != "live-data" for w in app.workers):
                await asyncio.sleep(0.05)
            await asyncio.sleep(1.0)
            clock = None
            if watch:
                clock = time.pthread_getcpuclockid(watcher["ident"])
                thread_start = time.clock_gettime(clock)
            wall, cpu = time.monotonic(), time.process_time()
            seen = len(changes)
            await asyncio.sleep(IDLE_SECONDS)
            wall, cpu = time.monotonic() - wall, time.process_time() - cpu
            key = "with" if watch else "without"
            figures[f"app_idle_cpu_pct_{key}_watcher"] = 100 * cpu / wall
            if clock is not None:
                used = time.clock_gettime(clock) - thread_start
                figures["watcher_cpu_pct_of_core"] = 100 * used / wall
                figures["watcher_looks_per_s"] = 1 / live.LiveData.INTERVAL
                figures["changes_seen_while_idle"] = len(changes) - seen
                figures["changes_seen_before_idle"] = seen
                figures.update(await _latency(app, db))
            await pilot.pause()
    finally:
        live.ChangeProbe.token = real_token
        live.LiveData.on_mount = real_mount
        close_database()
    return figures


async def _latency(app, db: Path) -> dict[str, float]:
    from rostertui.ui.widgets.header import RosterHeader

    table = app.screen.query_one("#clients-tab").table
    header = app.screen.query_one(RosterHeader)
    delays = []
    for n in range(5):
        before = table.total
        child = await asyncio.create_subprocess_exec(
            sys.executable, "-c", ADD_CLIENT, str(db), str(time.time_ns() + n),
            stdout=asyncio.subprocess.PIPE)
        committed_line = await child.stdout.readline()
        committed = float(committed_line)
        while not (table.total == before + 1 and f"Clients {before + 1} " in header.text):
            if time.time() - committed > 10:
                raise TimeoutError("the change never showed")
            await asyncio.sleep(0.005)
        delays.append(time.time() - committed)
        await child.wait()
        await asyncio.sleep(1.0)
    return {"change_to_screen_ms_median": statistics.median(delays) * 1000,
            "change_to_screen_ms_max": max(delays) * 1000}


def main() -> None:
    work = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="livebench"))
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
    work.mkdir(parents=True, exist_ok=True)
    db = work / f"live_{n}.db"
    if not db.exists():
        t = time.perf_counter()
        build(db, n)
        print(f"built {n:,} clients in {time.perf_counter() - t:.1f} s", flush=True)
    from rostertui.db.connection import open_database

    open_database(str(db))
    print(f"probe_look_us (SQLite): {probe_look_us():.1f}")
    close_database()
    pg = _pg_url()
    if pg:
        print(f"probe_look_us (PostgreSQL): {probe_look_us(pg):.1f}")
    else:
        print("probe_look_us (PostgreSQL): skipped, no server")
    for watch in (False, True):
        for key, value in asyncio.run(idle_and_latency(db, watch=watch)).items():
            print(f"{key}: {value:.3f}", flush=True)


if __name__ == "__main__":
    main()
