"""Issue 13: the Import tab does not forget work. Opening another file while the file on show
has fixes asks first (lose them, park the file, or stay), and Esc from the file chooser goes
back to the file on show, untouched. At 80x24."""

from __future__ import annotations

from textual.widgets import DirectoryTree

from rostertui.ui.screens.import_fix import FixRowScreen
from rostertui.ui.screens.import_leave import LeaveFileScreen
from tests.ui.import_waits import settled
from tests.ui.test_import_tab import goto, row, tab

SMALL = (80, 24)


async def fix_row_17(pilot) -> None:
    await goto(pilot, 17)
    await pilot.press("E")  # the row dialog (e edits the cell in place)
    await settled(pilot)
    assert isinstance(pilot.app.screen, FixRowScreen)
    pilot.app.screen.focused.value = "fixed.address@example.com"
    await pilot.press("enter")
    await settled(pilot)
    assert row(pilot.app, 17).action == "create"


async def test_escape_from_the_file_chooser_goes_back_to_the_file_untouched(import_app):
    async with import_app.run_test(size=SMALL) as pilot:
        await settled(pilot)
        t = tab(pilot.app)
        session = t.session
        await goto(pilot, 5)
        await pilot.press("o")  # no fixes yet: the chooser at once
        await settled(pilot)
        assert not t.body.previewing
        assert isinstance(pilot.app.screen.focused, DirectoryTree)
        await pilot.press("escape")
        await settled(pilot)
        assert t.body.previewing and t.session is session
        assert t.table.current_row.number == 5  # where the cursor was
        assert pilot.app.screen.focused is t.table


async def test_open_asks_before_losing_fixes_and_esc_keeps_them(import_app):
    async with import_app.run_test(size=SMALL) as pilot:
        await settled(pilot)
        t = tab(pilot.app)
        await fix_row_17(pilot)
        session = t.session
        await pilot.press("o")
        await settled(pilot)
        dialog = pilot.app.screen
        assert isinstance(dialog, LeaveFileScreen)
        assert "1 fixed cell in 1 row" in dialog.body and "park" in dialog.body
        await pilot.press("n")  # stay
        await settled(pilot)
        assert t.body.previewing and t.session is session
        await pilot.press("o")
        await settled(pilot)
        await pilot.press("y")  # lose them: the chooser...
        await settled(pilot)
        assert not t.body.previewing
        await pilot.press("escape")  # ...and back: nothing was lost yet
        await settled(pilot)
        assert t.body.previewing and t.session is session
        assert row(pilot.app, 17).cells[0] == "fixed.address@example.com"
        await pilot.press("o")  # back from the chooser: it asks again
        await settled(pilot)
        assert isinstance(pilot.app.screen, LeaveFileScreen)
        await pilot.press("escape")


async def test_a_path_typed_while_the_file_has_fixes_asks_too(import_app):
    async with import_app.run_test(size=SMALL) as pilot:
        await settled(pilot)
        t = tab(pilot.app)
        await fix_row_17(pilot)
        session = t.session
        t.path_bar.focus()
        t.path_bar.value = "messy_clients.csv"
        await pilot.press("enter")
        await settled(pilot)
        assert isinstance(pilot.app.screen, LeaveFileScreen)
        await pilot.press("n")
        await settled(pilot)
        assert t.session is session
        t.path_bar.focus()
        await pilot.press("enter")
        await settled(pilot)
        await pilot.press("y")  # read it again: the fix is gone
        await settled(pilot)
        assert t.session is not session and row(pilot.app, 17).action == "error"
