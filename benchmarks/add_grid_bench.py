"""Time 200 rows pasted into the add-several grid until their errors are shown.

Prints figures; asserts nothing. Run: ``python benchmarks/add_grid_bench.py [clients]``
(default 100,000 clients in the database, so the duplicate look-ups are realistic).
Target (issue 16): 200 pasted rows validate in under 0.5 s.

Two figures: the engine alone (parse the paste, build the session, check every cell, plan
against the database: what the grid's worker does), and the whole round in the app run
headless (``run_test``): from the Paste event to the errors drawn in the grid.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bulk_db import ADMIN_EMAIL, build  # noqa: E402

from rostertui.config import Config  # noqa: E402
from rostertui.db.connection import close_database, open_database  # noqa: E402
from rostertui.domain import users  # noqa: E402
from rostertui.domain.actor import Actor  # noqa: E402
from rostertui.domain.enums import Kind  # noqa: E402
from rostertui.importing.grid import (  # noqa: E402
    check_grid,
    errors_by_cell,
    parse_paste,
    session_from_rows,
)

ROWS = 200


def pasted_text() -> str:
    # every 20th row has a bad email, and row 7 repeats row 3's: errors to find and draw
    lines = []
    for i in range(ROWS):
        email = f"paste{i}@example.com" if i % 20 else f"paste{i}-at-example.com"
        if i == 7:
            email = "paste3@example.com"
        lines.append(f"Pat{i}\tPaste{i}\t{email}\t1988-04-{i % 28 + 1:02d}\tfemale\tVIP\t\t")
    return "\n".join(lines)


def engine_once(text: str) -> tuple[float, int]:
    start = time.perf_counter()
    pasted = parse_paste(text, Kind.CLIENT)
    session = session_from_rows(Kind.CLIENT, pasted.rows)
    check_grid(session)
    errors = errors_by_cell(session)
    return time.perf_counter() - start, len(errors)


async def app_once(db: str, actor: Actor, workdir: Path) -> float:
    from textual import events

    from rostertui.ui.app import make_app
    from rostertui.ui.screens.add_grid import AddGridScreen

    app = make_app(db, Config(data_dir=workdir), actor)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause(1.0)  # the roster's first window (live data keeps a worker running)
        await pilot.press("n")
        await pilot.pause(0.5)
        screen = app.screen
        assert isinstance(screen, AddGridScreen)
        start = time.perf_counter()
        screen.grid.post_message(events.Paste(pasted_text()))
        while not screen.grid.errors and time.perf_counter() - start < 30:
            await asyncio.sleep(0.002)
        elapsed = time.perf_counter() - start
    return elapsed


def main() -> None:
    clients = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    workdir = Path(tempfile.mkdtemp(prefix="grid-bench-"))
    db = workdir / "bench.db"
    build(db, clients)
    open_database(str(db))
    record = users.find_by_email(ADMIN_EMAIL)
    actor = Actor(record.id, record.email)
    text = pasted_text()
    times = []
    for _ in range(5):
        elapsed, cells = engine_once(text)
        times.append(elapsed)
    print(f"engine: {ROWS} pasted rows checked and planned against {clients:,} clients: "
          f"median {statistics.median(times) * 1000:.0f} ms, best {min(times) * 1000:.0f} ms "
          f"({cells} cells with errors)")
    close_database()
    ui = [asyncio.run(app_once(str(db), actor, workdir)) for _ in range(3)]
    print(f"app: paste of {ROWS} rows to errors drawn in the grid: median "
          f"{statistics.median(ui) * 1000:.0f} ms, best {min(ui) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
