"""Time the app headless (``run_test``) on databases of 1,000 and 100,000 clients.

Prints figures; asserts nothing. Run: ``python benchmarks/tui_bench.py [workdir]``.
Targets (issue 4): first paint of Clients after login <= 1.0 s at 100k and <= 1.5x
the 1k time; search keystroke to updated rows <= 100 ms; page down <= 50 ms;
memory <= 150 MB at 100k; start to login screen <= 1 s.

Search and page down are timed from the key event to the end of the first frame the
compositor renders with the new rows in the table (see ``PaintProbe``); the untimed
``settle`` between keys waits for the workers (a search's count) to finish. The
``*_pilot_press_*`` figure is the old way (``pilot.press`` + ``pilot.pause``), kept to
show how much of it was the harness's own sleeps. The machine is shared: run it a few
times and compare medians.
"""

from __future__ import annotations

import asyncio
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bulk_db import ADMIN_EMAIL, ADMIN_PASSWORD, build  # noqa: E402

from rostertui.config import Config  # noqa: E402
from rostertui.db.connection import close_database  # noqa: E402

SIZE = (120, 36)


async def _until(pilot, condition, timeout: float = 30.0) -> float:
    start = time.perf_counter()
    while not condition():
        if time.perf_counter() - start > timeout:
            raise TimeoutError("condition not met")
        await asyncio.sleep(0.001)
    return time.perf_counter() - start


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


async def settle(pilot, timeout: float = 10.0) -> None:
    """Wait (untimed) until no worker runs and the screen is idle."""
    waited = 0.0
    while any(not w.is_finished and w.group != "live-data"  # the watcher runs on
              for w in pilot.app.workers) and waited < timeout:
        await asyncio.sleep(0.005)
        waited += 0.005
    await pilot.pause()


class PaintProbe:
    """Time from a key event to the end of the first screen paint that shows ``shown()``.

    ``pilot.press`` cannot time this: it sleeps at least 40 ms in ``wait_for_idle``
    whatever the app does, and ``pilot.pause`` adds 20 ms more. Here the key is posted
    as the terminal driver would post it, and the clock stops when the compositor has
    rendered a frame while the table held the expected rows (headless, the frame is
    then not written to a terminal).
    """

    def __init__(self, screen) -> None:
        self._condition = None
        self._done: float | None = None
        self._painted = asyncio.Event()
        original = screen._compositor_refresh

        def refresh() -> None:
            original()
            if self._condition is not None and self._done is None and self._condition():
                self._done = time.perf_counter()
                self._painted.set()

        screen._compositor_refresh = refresh

    async def key_to_paint(self, app, key: str, shown, timeout: float = 30.0) -> float:
        from textual import events

        self._condition, self._done = shown, None
        self._painted.clear()
        start = time.perf_counter()
        app.post_message(events.Key(key, key if len(key) == 1 else None))
        try:  # no polling loop: it would take the GIL from the worker every millisecond
            await asyncio.wait_for(self._painted.wait(), timeout)
        except TimeoutError:
            raise TimeoutError(f"{key!r}: the expected rows were never painted") from None
        finally:
            self._condition = None
        return self._done - start


async def measure(db: Path) -> dict[str, float]:
    from rostertui.ui.app import make_app
    from rostertui.ui.screens.login import LoginScreen
    from rostertui.ui.screens.main import MainScreen

    figures: dict[str, float] = {}
    start = time.perf_counter()
    app = make_app(str(db), Config(data_dir=db.parent))
    async with app.run_test(size=SIZE) as pilot:
        await _until(pilot, lambda: isinstance(app.screen, LoginScreen)
                     and app.screen.query("#email"))
        figures["start_to_login_s"] = time.perf_counter() - start
        app.screen.query_one("#email").value = ADMIN_EMAIL
        app.screen.query_one("#password").value = ADMIN_PASSWORD
        app.screen.query_one("#password").focus()
        await pilot.pause()
        # login itself includes a deliberately slow password hash (scrypt); time it apart
        t0 = time.perf_counter()
        await pilot.press("enter")
        await _until(pilot, lambda: isinstance(app.screen, MainScreen))
        t1 = time.perf_counter()
        figures["login_check_s"] = t1 - t0

        def painted() -> bool:
            tabs = app.screen.query("#clients-tab")
            if not tabs:
                return False
            table = tabs.first().table
            return table.loaded and table.row_at(0) is not None
        await _until(pilot, painted)
        await pilot.pause()
        figures["first_paint_after_login_s"] = time.perf_counter() - t1
        table = app.screen.query_one("#clients-tab").table

        await pilot.press("slash")
        await pilot.pause()
        probe = PaintProbe(app.screen)
        timings, harness = [], []
        for ch in "smith1":
            before = table._generation
            typed = table.query_value.search + ch

            def shown(b=before, q=typed) -> bool:
                return (table._generation > b and table.query_value is not None
                        and table.query_value.search == q
                        and (table.total == 0 or table.row_at(0) is not None))
            t = time.perf_counter()
            timings.append(await probe.key_to_paint(app, ch, shown))
            await settle(pilot)
            harness.append(time.perf_counter() - t)
        figures["search_keystroke_ms_median"] = _median(timings) * 1000
        figures["search_keystroke_ms_max"] = max(timings) * 1000
        figures["search_with_settle_ms_median"] = _median(harness) * 1000
        await pilot.press("escape")
        await _until(pilot, lambda: table.query_value.search == "" and not table.counting
                     and table.row_at(0) is not None)
        table.focus()
        await settle(pilot)
        timings = []
        for _ in range(20):
            expected = min(table.cursor_row + table._visible_rows(), table.total - 1)

            def shown(e=expected) -> bool:
                top = int(table.scroll_y)
                return (table.cursor_row == e and top <= e
                        and table.row_at(top) is not None
                        and table.row_at(min(top + table._visible_rows() - 1,
                                             table.total - 1)) is not None)
            timings.append(await probe.key_to_paint(app, "pagedown", shown))
            await settle(pilot)
        figures["page_down_ms_median"] = _median(timings) * 1000
        figures["page_down_ms_max"] = max(timings) * 1000
        # the old way, for comparison: pilot.press itself sleeps at least 2 x 20 ms
        # (wait_for_idle) and pilot.pause() at least 20 ms more, all counted
        timings = []
        for _ in range(5):
            t = time.perf_counter()
            await pilot.press("pagedown")
            await pilot.pause()
            timings.append(time.perf_counter() - t)
        figures["page_down_pilot_press_ms_median"] = _median(timings) * 1000
        t = time.perf_counter()
        await pilot.press("end")
        await _until(pilot, lambda: table.row_at(table.total - 1) is not None)
        await pilot.pause()
        figures["end_key_ms"] = (time.perf_counter() - t) * 1000
    figures["max_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    close_database()
    return figures


def main() -> None:
    work = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="tuibench"))
    sizes = [int(a) for a in sys.argv[2:]] or [1_000, 100_000]
    results = {}
    for n in sizes:
        db = work / f"bench_{n}.db"
        if not db.exists():
            t = time.perf_counter()
            build(db, n)
            print(f"built {n:,} clients in {time.perf_counter() - t:.1f} s", flush=True)
        results[n] = asyncio.run(measure(db))
        print(f"\n{n:,} clients", flush=True)
        for key, value in results[n].items():
            print(f"  {key:32} {value:10.3f}", flush=True)
    if 1_000 in results and 100_000 in results:
        ratio = (results[100_000]["first_paint_after_login_s"]
                 / results[1_000]["first_paint_after_login_s"])
        print(f"\nfirst paint 100k / 1k: {ratio:.2f}x (target <= 1.5x)")
    print("(max_rss_mb is the process's peak, which includes the 1k run before it)")


if __name__ == "__main__":
    main()
