"""How the Import tab's pilot tests wait: for the app's workers to complete and for the
messages their results post to be handled; never for the clock."""

from __future__ import annotations

import asyncio
import threading

import pytest
from textual.pilot import Pilot
from textual.widgets import DirectoryTree

from rostertui.importing.snapshot import Snapshot


def _running(app) -> list:
    # A DirectoryTree keeps a worker waiting on its load queue for as long as it lives.
    return [w for w in app.workers
            if not w.is_finished and not isinstance(w.node, DirectoryTree)]


async def settled(pilot: Pilot) -> None:
    """Wait until no worker runs and what their results start (a modal, another worker: a
    fix asked for meanwhile, an option changed meanwhile) has run too."""
    app = pilot.app
    await pilot.pause()
    while running := _running(app):
        await app.workers.wait_for_complete(running)
        await pilot.pause()
    await pilot.pause()


class Gate:
    """Holds a worker inside the database read of a fix (after the read, before it returns),
    until the test opens it."""

    def __init__(self) -> None:
        self.armed = False
        self.entered = threading.Event()
        self.open = threading.Event()

    async def reached(self) -> None:
        assert await asyncio.to_thread(self.entered.wait, 10), "the worker never got there"


def hold_database_reads(monkeypatch: pytest.MonkeyPatch) -> Gate:
    """While the gate is armed, a worker that reads users for the import planner (a load, a
    check again, a fix of a new key) is held just after the read, until the test opens it."""
    held = Gate()
    load = Snapshot.load

    def holding_load(self, *args, **kwargs):
        result = load(self, *args, **kwargs)
        if held.armed and threading.current_thread() is not threading.main_thread():
            held.entered.set()
            held.open.wait(10)
        return result

    monkeypatch.setattr(Snapshot, "load", holding_load)
    return held
