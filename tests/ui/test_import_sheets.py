"""Issue 14, workbooks in the Import tab: opening an .xlsx with several sheets asks which
(each sheet's name and rows; the cursor on the first sheet that holds rows), S switches to
another later (asking first when the sheet on show has fixes). At 80x24."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.widgets import OptionList

from rostertui.config import Config
from rostertui.ui.app import make_app
from rostertui.ui.screens.import_leave import LeaveFileScreen
from rostertui.ui.screens.import_sheet import SheetScreen
from rostertui.ui.tabs.import_tab import ImportTab
from sample_data.workbooks import write_xlsx
from tests.ui.import_waits import settled

HEADER = ["email", "first_name", "last_name", "birthdate", "sex"]


def workbook(tmp_path: Path) -> Path:
    path = tmp_path / "people.xlsx"
    write_xlsx(path, {
        "Cover": [],
        "Clients": [HEADER, ["ann@example.com", "Ann", "Lee", dt.date(1980, 4, 23), "female"],
                    ["bob@example.com", "Bob", "Ray", dt.date(1981, 5, 2), "male"],
                    ["not-an-email", "Cy", "Jo", dt.date(1982, 1, 1), "male"]],
        "Staff": [HEADER, ["dee@example.com", "Dee", "Ho", dt.date(1979, 1, 2), "female"]],
    })
    return path


def tab(app) -> ImportTab:
    """The Import tab, under whatever dialog is open."""
    main = next(s for s in app.screen_stack if s.query("#import-tab"))
    return main.query_one("#import-tab", ImportTab)


def options(app) -> list[str]:
    listing = app.screen.query_one("#sheets", OptionList)
    return [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]


async def test_a_workbook_asks_which_sheet_and_switches_later(roster, admin, tmp_path, seats):
    path = workbook(tmp_path)
    app = make_app(roster, Config(data_dir=tmp_path), admin, import_path=str(path),
                   import_dir=str(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        t = tab(pilot.app)
        assert isinstance(pilot.app.screen, SheetScreen)
        assert t.session is None  # nothing read before the admin chooses
        assert options(pilot.app) == ["Cover  ·  empty", "Clients  ·  3 rows",
                                      "Staff  ·  1 row"]
        assert pilot.app.screen.query_one("#sheets", OptionList).highlighted == 1
        await pilot.press("enter")  # the first sheet that holds rows
        await settled(pilot)
        session = t.session
        assert session.file.sheet == "Clients" and len(session.rows) == 3
        assert session.row(4).action == "error"
        assert "people.xlsx  ·  sheet Clients of 3 (S: another)  ·  3 rows" in str(
            t.status.query_one("#import-status").content)
        # S: another sheet; the list marks the one on show and starts on it
        await pilot.press("S")
        await settled(pilot)
        assert isinstance(pilot.app.screen, SheetScreen)
        assert "Clients  ·  3 rows  (on show)" in options(pilot.app)
        await pilot.press("down", "enter")
        await settled(pilot)
        assert t.session.file.sheet == "Staff" and len(t.session.rows) == 1
        # with a fix, S asks first; n keeps the sheet on show
        t.fix_cells(t.session.row(2), {1: "Deirdre"})
        await settled(pilot)
        await pilot.press("S")
        await settled(pilot)
        assert isinstance(pilot.app.screen, LeaveFileScreen)
        await pilot.press("n")
        await settled(pilot)
        assert t.session.file.sheet == "Staff"
        assert t.session.row(2).cells[1] == "Deirdre"


async def test_escape_from_the_sheet_list_reads_nothing(roster, admin, tmp_path, seats):
    path = workbook(tmp_path)
    app = make_app(roster, Config(data_dir=tmp_path), admin, import_dir=str(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await pilot.press("5")
        await settled(pilot)
        t = tab(pilot.app)
        t.load_file(str(path))
        await settled(pilot)
        assert isinstance(pilot.app.screen, SheetScreen)
        await pilot.press("escape")
        await settled(pilot)
        assert t.session is None and not t.controller.busy


async def test_a_workbook_of_one_sheet_is_read_at_once(roster, admin, tmp_path, seats):
    path = tmp_path / "one.xlsx"
    write_xlsx(path, {"Only": [HEADER, ["ann@example.com", "Ann", "Lee", "1980-04-23",
                                        "female"]]})
    app = make_app(roster, Config(data_dir=tmp_path), admin, import_path=str(path),
                   import_dir=str(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        assert not isinstance(pilot.app.screen, SheetScreen)
        assert tab(pilot.app).session.file.sheet == "Only"
