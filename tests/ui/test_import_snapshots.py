"""Snapshots of the Import tab: the preview of the sample file with mistakes (an error row
focused), the commit confirmation, and the history after a commit."""

from __future__ import annotations

from rostertui.db.models import ImportBatch
from tests.ui.conftest import FIXED, SIZE, steady_screen
from tests.ui.import_waits import settled
from tests.ui.test_import_tab import commit_sample, goto


def test_preview_snapshot(import_app, snap_compare):
    async def run_before(pilot) -> None:
        await settled(pilot)
        await goto(pilot, 17)
        await settled(pilot)
        pilot.app.clear_notifications()
        await steady_screen(pilot)

    assert snap_compare(import_app, terminal_size=SIZE, run_before=run_before)


def test_confirmation_snapshot(import_app, snap_compare):
    async def run_before(pilot) -> None:
        await settled(pilot)
        await pilot.press("c")
        await steady_screen(pilot)

    assert snap_compare(import_app, terminal_size=SIZE, run_before=run_before)


def test_history_snapshot(import_app, snap_compare, monkeypatch):
    # The welcome emails the commit queues stay queued: the toast saying where they went
    # names the test's temporary folder, whose length changes from run to run.
    monkeypatch.setattr(type(import_app), "deliver_mail", lambda self: None)

    async def run_before(pilot) -> None:
        await commit_sample(pilot)
        ImportBatch.update(created_at=FIXED).execute()
        await pilot.press("h")
        await settled(pilot)
        pilot.app.clear_notifications()
        await steady_screen(pilot)

    assert snap_compare(import_app, terminal_size=SIZE, run_before=run_before)
