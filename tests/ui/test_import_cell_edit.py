"""The Import tab edits a cell in place, as a spreadsheet does, at 80x24: Enter (or e) on a
preview cell opens a field over it; Enter applies the fix (the row is checked again),
Escape leaves the cell as it was; E still opens the row dialog."""

from __future__ import annotations

from rostertui.ui.screens.import_fix import FixRowScreen
from tests.ui.import_waits import settled
from tests.ui.test_import_tab import goto, row, tab

SIZE = (80, 24)


async def test_enter_edits_a_preview_cell_in_place_and_the_row_is_checked_again(import_app):
    async with import_app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        t = tab(import_app)
        assert row(import_app, 17).action == "error"  # not-an-email
        await goto(pilot, 17)
        t.table.focus()
        assert t.table.current_column() == "email"
        await pilot.press("enter")
        await pilot.pause()
        editor = t.preview.query_one("#import-cell-editor")
        assert editor.editing and editor.input.value == "not-an-email"
        field = editor.input.region
        assert field.right <= 80 and field.bottom <= 24 and field.width >= 16
        await pilot.press("escape")  # nothing changes
        await settled(pilot)
        assert not editor.editing and t.table.has_focus
        assert row(import_app, 17).cells[0] == "not-an-email"
        await pilot.press("e")
        await pilot.pause()
        editor.input.value = ""
        await pilot.press(*"fixed.address@example.com", "enter")
        await settled(pilot)
        assert not editor.editing and t.table.has_focus
        assert row(import_app, 17).cells[0] == "fixed.address@example.com"
        assert row(import_app, 17).action == "create"
        await pilot.press("E")  # the row dialog stays, for several fields or long values
        await settled(pilot)
        assert isinstance(import_app.screen, FixRowScreen)
