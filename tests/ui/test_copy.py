"""Copy at 80x24: ctrl+c copies the cell under the cursor, Y the row as one CSV line, to
the clipboard (App.copy_to_clipboard: OSC 52), with a notification saying what was
copied; a password cell of the Import preview is never copied."""

from __future__ import annotations

from textual.app import App, ComposeResult

from rostertui.importing.rows import CREATE, Row
from rostertui.ui.widgets.preview_table import PreviewTable, columns_for
from tests.ui.conftest import Notes, settle
from tests.ui.import_waits import settled
from tests.ui.test_import_tab import goto, tab

SIZE = (80, 24)


async def test_ctrl_c_copies_the_cell_and_y_the_row_on_the_clients_tab(app):
    notes = Notes()
    async with app.run_test(size=SIZE, message_hook=notes) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+c")
        assert app.clipboard == "Alice"
        assert "Copied 'Alice' to the clipboard" in notes.texts
        await pilot.press("right", "right", "ctrl+c")
        assert app.clipboard == "client1@example.com"
        await pilot.press("down", "Y")
        assert app.clipboard == ("Bruno,Baker,client2@example.com,1980-01-01,Female,VIP,,"
                                 "2026-01-15")
        assert ("Copied client2@example.com as a CSV line (8 fields) to the clipboard"
                in notes.texts)
        assert app.screen.query_one("#clients-tab").table.has_focus  # nothing else happened


async def test_ctrl_c_and_y_copy_from_the_import_preview(import_app):
    async with import_app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        t = tab(import_app)
        await goto(pilot, 17)
        t.table.focus()
        await pilot.press("ctrl+c")
        assert import_app.clipboard == "not-an-email"
        await pilot.press("Y")
        assert import_app.clipboard.startswith("not-an-email,Bad,Address,")


class PreviewApp(App):
    def compose(self) -> ComposeResult:
        yield PreviewTable(id="preview")


async def test_a_password_is_never_copied():
    notes = Notes()
    row = Row(2, ["ann@example.com", "S3cret!pw", "Ann, Jr"])
    row.action = CREATE
    app = PreviewApp()
    async with app.run_test(size=SIZE, message_hook=notes) as pilot:
        table = app.query_one(PreviewTable)
        table.set_rows([row], columns_for(["email", "password", "first"],
                                          [(0, "email", "email"), (1, "password", "password"),
                                           (2, "first", "first_name")], [row]))
        table.focus()
        await pilot.press("right", "ctrl+c")
        assert app.clipboard == ""
        assert "A password is never copied" in notes.texts
        await pilot.press("Y")
        assert app.clipboard == 'ann@example.com,,"Ann, Jr"'  # quoted as CSV, no password


async def test_a_copied_row_cannot_smuggle_a_formula_and_notices_are_not_markup():
    notes = Notes()
    row = Row(2, ["=HYPERLINK(\"http://x\")", "[b]Ann[/b]"])
    row.action = CREATE
    app = PreviewApp()
    async with app.run_test(size=SIZE, message_hook=notes) as pilot:
        table = app.query_one(PreviewTable)
        table.set_rows([row], columns_for(["email", "first"],
                                          [(0, "email", "email"), (1, "first", "first_name")],
                                          [row]))
        table.focus()
        await pilot.press("Y")
        assert app.clipboard == '"\'=HYPERLINK(""http://x"")",[b]Ann[/b]'
        await pilot.press("right", "ctrl+c")
        assert app.clipboard == "[b]Ann[/b]"
        assert [n for n in notes.shown if "[b]Ann[/b]" in n.message and not n.markup]
