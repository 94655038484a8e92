"""Issue 15: on SQLite, a save that waits for another rostertui process's long write (an
import of 100,000 rows) said nothing in the app; the admin saw a frozen save. The wait is
now said in a notification, from the waiting worker's thread, as the CLI says it on
stderr; and the other process's description is shown inert."""

from __future__ import annotations

import asyncio
import threading
import time

from rostertui.db import lock_wait
from tests.ui.conftest import SIZE, Notes, settle


async def test_a_write_waiting_for_another_process_says_so(app, monkeypatch):
    holder = lock_wait.Holder(pid=4242, what="rostertui import \x1b[2Jbig.csv",
                              started=time.time() - 30, done=5_000, total=100_000)
    monkeypatch.setattr(lock_wait, "holder", lambda path: holder)
    notes = Notes()
    async with app.run_test(size=SIZE, message_hook=notes) as pilot:
        await settle(pilot)
        waited: list[bool] = []
        worker = threading.Thread(  # as a worker's write does after a busy timeout
            target=lambda: waited.append(lock_wait.keep_waiting("x.db", 10.0)))
        worker.start()
        while worker.is_alive():
            await asyncio.sleep(0.02)
        await pilot.pause()
        assert waited == [True]
        said = [t for t in notes.texts if "waiting for another writer" in t]
        assert said, notes.texts
        assert "5,000 of 100,000 rows" in said[0] and "process 4242" in said[0]
        assert "\x1b" not in said[0]
    assert lock_wait.wait_reporter() is None  # the closed app is not told any more
