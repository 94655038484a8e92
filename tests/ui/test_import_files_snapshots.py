"""Snapshots at 80x24 of the Import tab's file-level dialogs: leaving a file with fixes, the
parked imports, and the sheets of a workbook."""

from __future__ import annotations

from rostertui.config import Config
from rostertui.db.models import ParkedImport
from rostertui.ui.app import make_app
from tests.ui.conftest import FIXED, steady_screen
from tests.ui.import_waits import settled
from tests.ui.test_import_leave import SMALL, fix_row_17
from tests.ui.test_import_parking import park_sample
from tests.ui.test_import_sheets import workbook


def test_leave_snapshot(import_app, snap_compare):
    async def run_before(pilot) -> None:
        await settled(pilot)
        await fix_row_17(pilot)
        pilot.app.clear_notifications()
        await pilot.press("o")
        await steady_screen(pilot)

    assert snap_compare(import_app, terminal_size=SMALL, run_before=run_before)


def test_parked_snapshot(import_app, snap_compare):
    async def run_before(pilot) -> None:
        await park_sample(pilot)
        ParkedImport.update(parked_at=FIXED).execute()
        pilot.app.clear_notifications()
        await pilot.press("R")
        await steady_screen(pilot)

    assert snap_compare(import_app, terminal_size=SMALL, run_before=run_before)


def test_sheet_snapshot(roster, admin, tmp_path, seats, snap_compare, monkeypatch):
    monkeypatch.chdir(tmp_path)  # a relative path: the title does not name the temp folder
    workbook(tmp_path)
    app = make_app(roster, Config(data_dir=tmp_path), admin, import_path="people.xlsx",
                   import_dir=".")

    async def run_before(pilot) -> None:
        await settled(pilot)
        await steady_screen(pilot)

    assert snap_compare(app, terminal_size=SMALL, run_before=run_before)
