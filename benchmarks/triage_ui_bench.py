"""The Import tab's value map on 100,000 rows, driven as a person would (the app headless at
80x24). Prints figures; asserts nothing.

    python benchmarks/triage_ui_bench.py [--rows N] [--runs K]

Each run loads an HR file whose sex column is coded M / F / U (one row in 50 is ``U``),
presses ``v`` (each column's invalid values counted in a worker), maps ``U`` to ``female``
and applies it (``triage.map_values`` and the counts, in a worker), and measures:

* **count**: from the key to the value map on screen;
* **apply**: from applying to the new session swapped in, its counts drawn (issue 14's
  target: <= 1 s to apply, the counts updated);
* **UI stall**: the longest the UI's event loop went without running meanwhile (a timer
  asks every 10 ms), which is what a person feels as a frozen screen.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from import_bench import TAGS, make_file  # noqa: E402
from triage_bench import hr_file  # noqa: E402


class Stalls:
    """The longest gap between two ticks of a 10 ms timer on the UI's event loop."""

    def __init__(self) -> None:
        self.worst = 0.0
        self._last = time.perf_counter()
        self._task: asyncio.Task | None = None

    async def _tick(self) -> None:
        while True:
            await asyncio.sleep(0.01)
            now = time.perf_counter()
            self.worst = max(self.worst, now - self._last - 0.01)
            self._last = now

    def start(self) -> None:
        self.worst, self._last = 0.0, time.perf_counter()
        self._task = asyncio.get_running_loop().create_task(self._tick())

    def stop(self) -> float:
        if self._task is not None:
            self._task.cancel()
        return self.worst


async def one_run(db: str, folder: Path, name: str) -> dict[str, float]:
    from textual.widgets import Select

    from rostertui.config import Config
    from rostertui.domain import prefs
    from rostertui.domain.actor import Actor
    from rostertui.domain.users import find_by_email
    from rostertui.importing import edits
    from rostertui.ui.app import make_app
    from rostertui.ui.screens.value_map import ValueMapScreen
    from rostertui.ui.tabs.import_tab import ImportTab

    record = find_by_email("bench.admin@example.com")
    operator = Actor(record.id, record.email)
    prefs.set_pref(operator, edits.PREF_KEY, {})  # the last run's mapping is remembered
    app = make_app(db, Config(data_dir=folder), operator, import_path=str(folder / name),
                   import_dir=str(folder))
    out: dict[str, float] = {}
    async with app.run_test(size=(80, 24)) as pilot:
        tab = app.screen.query_one("#import-tab", ImportTab)
        while tab.session is None or tab.controller.busy:
            await pilot.pause(0.05)
        errors_before = tab.session.summary()["error"]
        # the load's own garbage collection (it builds 100,000 rows with the collector
        # paused) is not the value map's: let it run before measuring
        gc.collect()
        await pilot.pause(0.2)
        stalls = Stalls()
        stalls.start()
        start = time.perf_counter()
        await pilot.press("v")
        while not isinstance(app.screen, ValueMapScreen):
            await pilot.pause(0.005)
        out["count"] = time.perf_counter() - start
        out["stall_count"] = stalls.stop()
        stalls.start()
        screen = app.screen
        await pilot.pause()
        screen.query_one(".value-target", Select).value = "female"
        session = tab.session
        start = time.perf_counter()
        await pilot.press("ctrl+s")
        while tab.session is session or tab.controller.busy:
            await pilot.pause(0.005)
        await pilot.pause()  # the counters drawn
        out["apply"] = time.perf_counter() - start
        out["stall"] = stalls.stop()
        out["errors_before"] = errors_before
        out["errors_after"] = tab.session.summary()["error"]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    from rostertui.db.connection import close_database, open_database
    from rostertui.domain import tags
    from rostertui.domain.actor import Actor
    from rostertui.domain.setup import init_organization

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        plain = folder / "plain.csv"
        make_file(plain, args.rows)
        hr_file(plain, folder / "hr.csv")
        db = str(folder / "bench.db")
        open_database(db)
        init_organization("Bench", {"email": "bench.admin@example.com", "first_name": "Bench",
                                    "last_name": "Admin", "password": "Bench-admin-pass-9!"},
                          Actor.system("bench"), client_seat_limit=None)
        for tag in TAGS:  # the tags the file names
            if tag:
                tags.create_tag(tag, Actor.system("bench"))
        close_database()
        runs = [asyncio.run(one_run(db, folder, "hr.csv")) for _ in range(args.runs)]
    med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
    print(f"{args.rows:,} rows, median of {args.runs} runs at 80x24 (the app headless):")
    print(f"  v -> value map on screen (invalid values counted in a worker): "
          f"{med['count']:.2f} s")
    print(f"  U -> female applied, new session swapped in and counted: {med['apply']:.2f} s "
          f"({min(r['apply'] for r in runs):.2f}-{max(r['apply'] for r in runs):.2f}); "
          f"errors {int(med['errors_before']):,} -> {int(med['errors_after']):,}")
    print(f"  longest UI stall while counting: {med['stall_count'] * 1000:.0f} ms, while "
          f"applying: {med['stall'] * 1000:.0f} ms (worst "
          f"{max(max(r['stall'], r['stall_count']) for r in runs) * 1000:.0f} ms)")


if __name__ == "__main__":
    main()
