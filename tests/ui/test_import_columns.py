"""The Import tab's fixes of a column at a time (issue 14), at 80x24: map a column's
invalid values (remembered for its header), choose the birthdate column's date format, fill
a column the file lacks and commit, find and replace over the rows shown, and import
incomplete rows as invitations."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.widgets import Input, OptionList, Select

from rostertui.config import Config
from rostertui.db.models import User
from rostertui.domain import prefs
from rostertui.domain.actor import Actor
from rostertui.importing import edits
from rostertui.ui.app import RosterApp, make_app
from rostertui.ui.screens.column_fix import DateFormatScreen, FillScreen, ReplaceScreen
from rostertui.ui.screens.confirm import ConfirmScreen
from rostertui.ui.screens.value_map import ValueMapScreen, column_label
from rostertui.ui.tabs.import_tab import ImportTab
from tests.ui.conftest import Notes
from tests.ui.import_waits import settled

SMALL = (80, 24)
SAMPLES = Path(__file__).parents[2] / "sample_data"


def open_on(roster: str, admin: Actor, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
            name: str, text: str | None = None) -> RosterApp:
    """The app on the Import tab with ``name`` loaded (a sample file, or ``text``)."""
    folder = tmp_path / "files"
    folder.mkdir(exist_ok=True)
    if text is None:
        shutil.copy(SAMPLES / name, folder / name)
    else:
        (folder / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(folder)
    return make_app(roster, Config(data_dir=tmp_path), admin, import_path=name,
                    import_dir=".")


def the_tab(app) -> ImportTab:
    for screen in reversed(app.screen_stack):
        found = screen.query("#import-tab")
        if found:
            return found.first(ImportTab)
    raise AssertionError("no Import tab")


def sex_errors(t: ImportTab) -> int:
    return sum(1 for r in t.session.rows if any(e.field == "sex" for e in r.cell_errors))


async def test_map_values_fixes_every_row_and_is_remembered(roster, admin, seats, tmp_path,
                                                           monkeypatch):
    app = open_on(roster, admin, tmp_path, monkeypatch, "hr_export.csv")
    notes = Notes()
    async with app.run_test(size=SMALL, message_hook=notes) as pilot:
        await settled(pilot)
        t = the_tab(app)
        # the order the birthdate column proved is shown (the engine's warning)
        assert any("'Date of Birth' is read as DD/MM/YYYY" in n for n in notes.texts)
        holding_u = [r.number for r in t.session.rows if r.cells[5] == "U"]
        assert holding_u and sex_errors(t) == len(holding_u)
        await pilot.press("v")
        await settled(pilot)
        screen = app.screen
        assert isinstance(screen, ValueMapScreen)
        # the cursor's column (the first) has no invalid value: the first that has comes up
        assert t.table.current_column() == "external_id" and screen.key == "sex"
        assert f"U ×{len(holding_u)}" in str(screen.query_one("#value-rows").query(
            ".value-text").first().render())
        target = screen.query_one(".value-target", Select)  # an enumerated field: a list
        target.value = "female"  # a Select refuses a value it does not offer
        await pilot.press("ctrl+s")
        await settled(pilot)
        assert isinstance(app.screen.query("#import-tab").first(), ImportTab)
        assert sex_errors(t) == 0
        row = t.session.row(holding_u[0])
        assert row.cells[5] == "female" and row.fixes[5] == ("U", edits.VALUE)
        assert any("U → female" in n for n in notes.texts)
        # the row's changes show the fix
        position = next(i for i, r in enumerate(t.session.rows) if r.number == holding_u[0])
        t.table.move(position)
        await pilot.pause()
        detail = str(t.query_one("#import-detail").render())
        assert "Gender: U → female (value mapping)" in detail
        # a re-check with another option keeps it
        t.options_bar.query_one("#import-default-status", Select).value = "pending"
        await settled(pilot)
        assert t.session.options.default_status is not None
        assert sex_errors(t) == 0 and t.session.row(holding_u[0]).cells[5] == "female"
    assert prefs.get_pref(admin, edits.PREF_KEY, {}) == {"gender": {"u": "female"}}
    # the next file with that header gets the mapping before its rows are checked
    app = open_on(roster, admin, tmp_path, monkeypatch, "hr_export.csv")
    async with app.run_test(size=SMALL) as pilot:
        await settled(pilot)
        assert sex_errors(the_tab(app)) == 0


AMBIGUOUS = ("email,first_name,last_name,birthdate,sex\n"
             "ann@example.com,Ann,Ames,03/04/1980,female\n"
             "bob@example.com,Bob,Byrd,05/06/1975,male\n")


async def test_date_format_choice(roster, admin, seats, tmp_path, monkeypatch):
    app = open_on(roster, admin, tmp_path, monkeypatch, "dates.csv", AMBIGUOUS)
    async with app.run_test(size=SMALL) as pilot:
        await settled(pilot)
        t = the_tab(app)
        assert t.session.summary()["error"] == 2
        error = t.session.rows[0].errors[0]
        assert error.field == "birthdate" and "date format" in error.message
        status = str(t.query_one("#import-status").render())
        assert status.startswith("Press d to choose the date format: 2 birthdates")
        await pilot.press("d")
        await settled(pilot)
        assert isinstance(app.screen, DateFormatScreen)
        assert "2 rows with a birthdate error" in str(app.screen.query_one(
            ".dialog-body").render())
        options = app.screen.query_one(OptionList)
        options.highlighted = 1  # DD/MM/YYYY
        await pilot.press("enter")
        await settled(pilot)
        assert t.session.summary()["error"] == 0
        assert t.session.options.date_format == "DD/MM/YYYY"
        assert str(t.session.rows[0].values["birthdate"]) == "1980-04-03"
        assert "date format" not in str(t.query_one("#import-status").render())
        await pilot.press("o")  # the choice is not saved anywhere: leaving asks first
        await settled(pilot)
        from rostertui.ui.screens.import_leave import LeaveFileScreen

        assert isinstance(app.screen, LeaveFileScreen)
        assert "a date format" in str(app.screen.query_one(".dialog-body").render())


async def test_fill_a_missing_column_then_commit(roster, admin, seats, tmp_path, monkeypatch):
    app = open_on(roster, admin, tmp_path, monkeypatch, "crm_export.csv")
    async with app.run_test(size=SMALL) as pilot:
        await settled(pilot)
        t = the_tab(app)
        assert t.session.summary()["error"] == 20
        await pilot.press("b")
        await settled(pilot)
        assert isinstance(app.screen, FillScreen)
        labels = dict(app.screen.choices)
        assert labels["birthdate"] == "birthdate (no column; 20 rows need it)"
        app.screen.query_one("#fill-column", Select).value = "birthdate"
        await pilot.pause()
        app.screen.query_one("#fill-value", Input).value = "1900-01-01"
        await pilot.press("ctrl+s")
        await settled(pilot)
        assert "birthdate" in t.session.header
        await pilot.press("b")
        await settled(pilot)
        app.screen.query_one("#fill-column", Select).value = "sex"
        await pilot.pause()
        choice = app.screen.query_one("#fill-choice", Select)
        assert choice.display
        choice.value = "female"
        await pilot.press("ctrl+s")
        await settled(pilot)
        assert t.session.summary()["error"] == 0
        assert t.session.rows[0].fixes  # an edit like an inline fix
        await pilot.press("c")
        await settled(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.click("#confirm")
        await settled(pilot)
    made = User.get(User.email == "ravi.lopez501@example.net")
    assert str(made.birthdate) == "1900-01-01" and made.sex == "female"


async def test_invite_incomplete_rows_instead(roster, admin, seats, tmp_path, monkeypatch):
    app = open_on(roster, admin, tmp_path, monkeypatch, "crm_export.csv")
    async with app.run_test(size=SMALL) as pilot:
        await settled(pilot)
        t = the_tab(app)
        await pilot.press("i")
        await settled(pilot)
        assert t.session.options.invite_incomplete
        assert t.session.summary()["create"] > 0
        await pilot.press("i")
        await settled(pilot)
        assert t.session.summary()["error"] == 20


REPLACE = ("email,first_name,last_name,birthdate,sex,phone\n"
           "ann@example.com,Ann,Ames,1980-01-02,female,555.123.0001\n"
           "bob@example.com,Bob,Byrd,1975-03-04,male,555.123.0002\n"
           "bad,Cy,Cole,1975-03-04,male,555.123.0003\n")


async def test_replace_over_the_rows_shown(roster, admin, seats, tmp_path, monkeypatch):
    app = open_on(roster, admin, tmp_path, monkeypatch, "phones.csv", REPLACE)
    async with app.run_test(size=SMALL) as pilot:
        await settled(pilot)
        t = the_tab(app)
        await pilot.press("f")  # errors only: row 4
        await pilot.pause()
        assert t.controller.filter == "error"
        await pilot.press(*["right"] * 5)  # the column cursor on the phone column
        assert t.table.current_column() == "phone"
        await pilot.press("r")
        await settled(pilot)
        screen = app.screen
        assert isinstance(screen, ReplaceScreen)
        assert "The cells of the 1 row shown (Errors only)" in screen.scope
        assert screen.query_one("#replace-column", Select).value == "phone"
        screen.query_one("#replace-find", Input).value = "."
        screen.query_one("#replace-with", Input).value = "-"
        await pilot.press("ctrl+s")
        await settled(pilot)
        cells = {r.number: r.cells[5] for r in t.session.rows}
        assert cells == {2: "555.123.0001", 3: "555.123.0002", 4: "555-123-0003"}
        assert t.session.row(4).fixes[5] == ("555.123.0003", edits.REPLACE)
        assert t.controller.filter == "error"  # the filter stays


TWO_CODED = ("email,first_name,last_name,birthdate,sex,status\n"
             "ann@example.com,Ann,Ames,1980-01-02,U,gone\n"
             "bob@example.com,Bob,Byrd,1975-03-04,male,gone\n"
             "cy@example.com,Cy,Cole,1975-03-04,X,active\n")


async def test_value_map_opens_on_the_column_under_the_cursor(roster, admin, seats, tmp_path,
                                                              monkeypatch):
    app = open_on(roster, admin, tmp_path, monkeypatch, "coded.csv", TWO_CODED)
    async with app.run_test(size=SMALL) as pilot:
        await settled(pilot)
        t = the_tab(app)
        await pilot.press(*["right"] * 5)
        assert t.table.current_column() == "status"
        await pilot.press("v")
        await settled(pilot)
        screen = app.screen
        assert isinstance(screen, ValueMapScreen) and screen.key == "status"
        labels = [str(column_label(c)) for c in screen.columns.values()]
        assert "sex → sex: U ×1 · X ×1" in labels and "status → status: gone ×2" in labels
        target = screen.query_one(".value-target", Select)
        target.value = "archived"  # a Select refuses a value it does not offer
        await pilot.press("ctrl+s")
        await settled(pilot)
        assert [r.cells[5] for r in t.session.rows] == ["archived", "archived", "active"]
        assert [r.action for r in t.session.rows] == ["error", "create", "error"]  # sex left


async def test_column_fixes_given_on_the_command_line_apply_in_the_tab(roster, admin, seats,
                                                                       tmp_path, monkeypatch):
    """``rostertui import FILE --ui --value ... --date-format ... --invite-incomplete``."""
    from rostertui.importing.engine import ImportOptions

    folder = tmp_path / "files"
    folder.mkdir()
    (folder / "dates.csv").write_text(AMBIGUOUS.replace(",female", ",U"), encoding="utf-8")
    monkeypatch.chdir(folder)
    given = ImportOptions(values={"sex": {"U": "female"}}, date_format="DD/MM/YYYY",
                          invite_incomplete=True)
    app = make_app(roster, Config(data_dir=tmp_path), admin, import_path="dates.csv",
                   import_dir=".", import_options=given)
    async with app.run_test(size=SMALL) as pilot:
        await settled(pilot)
        session = the_tab(app).session
        assert session.summary()["error"] == 0
        assert session.rows[0].cells[4] == "female"
        assert session.options.date_format == "DD/MM/YYYY" and session.options.invite_incomplete


async def test_a_value_mapping_survives_a_commit_and_its_undo(roster, admin, seats, tmp_path,
                                                              monkeypatch):
    from rostertui.ui.screens.import_history import HistoryScreen

    app = open_on(roster, admin, tmp_path, monkeypatch, "hr_export.csv")
    async with app.run_test(size=SMALL) as pilot:
        await settled(pilot)
        t = the_tab(app)
        await pilot.press("v")
        await settled(pilot)
        app.screen.query_one(".value-target", Select).value = "female"  # for U
        await pilot.press("ctrl+s")
        await settled(pilot)
        assert t.session.row(4).cells[5] == "female"  # HR-903 held U
        await pilot.press("c")
        await settled(pilot)
        await pilot.click("#confirm")
        await settled(pilot)
        assert User.get_or_none(User.email == "mateo.lopez903@mail.example.com") is not None
        await pilot.press("h")
        await settled(pilot)
        assert isinstance(app.screen, HistoryScreen)
        await pilot.press("u")
        await settled(pilot)
        await pilot.click("#confirm")
        await settled(pilot)
        await pilot.press("escape")
        await settled(pilot)
        assert User.get_or_none(User.email == "mateo.lopez903@mail.example.com") is None
        row = t.session.row(4)  # checked again against the roster: the fix is still there
        assert row.action == "create" and row.cells[5] == "female"
        assert row.fixes[5] == ("U", edits.VALUE)


async def test_values_are_never_markup(roster, admin, seats, tmp_path, monkeypatch):
    text = TWO_CODED.replace(",U,", ",[b]U[/b],")
    app = open_on(roster, admin, tmp_path, monkeypatch, "markup.csv", text)
    notes = Notes()
    async with app.run_test(size=SMALL, message_hook=notes) as pilot:
        await settled(pilot)
        t = the_tab(app)
        await pilot.press("v")
        await settled(pilot)
        shown = str(app.screen.query(".value-text").first().render())
        assert shown == "[b]U[/b] ×1"
        app.screen.query_one(".value-target", Select).value = "female"
        await pilot.press("ctrl+s")
        await settled(pilot)
        assert t.session.row(2).cells[4] == "female"
        shown = [n for n in notes.shown if "[b]U[/b] → female" in n.message]
        assert shown and shown[0].markup is False


async def test_a_free_text_column_is_mapped_with_a_text_field(roster, admin, seats, tmp_path,
                                                              monkeypatch):
    text = ("email,first_name,last_name,birthdate,sex,phone\n"
            "ann@example.com,Ann,Ames,1980-01-02,female,n/a\n"
            "bob@example.com,Bob,Byrd,1975-03-04,male,N/A\n")
    app = open_on(roster, admin, tmp_path, monkeypatch, "phones.csv", text)
    async with app.run_test(size=SMALL) as pilot:
        await settled(pilot)
        t = the_tab(app)
        assert t.session.summary()["error"] == 2
        await pilot.press("v")
        await settled(pilot)
        screen = app.screen
        assert isinstance(screen, ValueMapScreen) and screen.key == "phone"
        field = screen.query_one(".value-target", Input)
        assert screen.focused is field
        await pilot.press(*"5551230001")
        await pilot.press("enter")
        await settled(pilot)
        # n/a and N/A are one value to the mapping (any case)
        assert [r.cells[5] for r in t.session.rows] == ["5551230001", "5551230001"]
        assert t.session.summary()["error"] == 0
