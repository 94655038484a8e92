"""Issue 14 in the Import tab: park the file on show with its fixes (P), quit, open the app
again, resume it from the parked imports (R) with its fixes intact, and drop one (d). The
same engine as `rostertui import --park` and `imports parked / drop`. At 80x24."""

from __future__ import annotations

from rostertui.config import Config
from rostertui.importing import parking
from rostertui.ui.app import make_app
from rostertui.ui.screens.confirm import ConfirmScreen
from rostertui.ui.screens.import_leave import LeaveFileScreen
from rostertui.ui.screens.import_parked import ParkedScreen
from tests.ui.conftest import Notes
from tests.ui.import_waits import settled
from tests.ui.test_import_leave import SMALL, fix_row_17
from tests.ui.test_import_tab import goto, row, tab


async def park_sample(pilot) -> None:
    """Fix row 17, leave row 3 out, park the file (P, y)."""
    await settled(pilot)
    await fix_row_17(pilot)
    await goto(pilot, 3)
    await pilot.press("space")
    await pilot.press("P")
    await settled(pilot)
    dialog = pilot.app.screen
    assert isinstance(dialog, ConfirmScreen)
    assert "messy_clients.csv" in dialog.body and "1 fixed cell" in dialog.body
    await pilot.press("y")
    await settled(pilot)


async def test_park_quit_resume_with_fixes_then_drop(import_app, roster, admin, tmp_path):
    notes = Notes()
    async with import_app.run_test(size=SMALL, message_hook=notes) as pilot:
        await park_sample(pilot)
        (parked,) = parking.list_parked()
        t = tab(pilot.app)
        assert t.session.parked_id == parked.id  # committing it now drops it
        assert any(f"Parked as import {parked.id}" in n for n in notes.texts)
        rows, errors = len(t.session.rows), sum(1 for r in t.session.rows if r.errors)
        assert (parked.rows, parked.errors) == (rows, errors)
        assert parked.parked_by == admin.label
        await pilot.press("o")  # saved: nothing to lose, so no question
        await settled(pilot)
        assert not isinstance(pilot.app.screen, LeaveFileScreen) and not t.body.previewing

    # the next day: a new app, nothing loaded
    again = make_app(roster, Config(data_dir=tmp_path), admin, import_dir=".")
    async with again.run_test(size=SMALL) as pilot:
        await settled(pilot)
        await pilot.press("5")
        await settled(pilot)
        t = tab(pilot.app)
        assert t.session is None
        assert "1 parked import (R lists them)" in str(t.status.query_one("#import-status")
                                                       .content)
        t.body.tree().focus()  # the path field takes letters as text; the tree takes keys
        await pilot.press("R")
        await settled(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, ParkedScreen)
        shown = pilot.app.screen.query_one("#parked").get_row_at(0)
        assert [str(c) for c in shown[:2]] == [str(parked.id), "messy_clients.csv"]
        await pilot.press("enter")  # resume it
        await settled(pilot)
        session = t.session
        assert session is not None and session.parked_id == parked.id
        assert row(pilot.app, 17).cells[0] == "fixed.address@example.com"
        assert row(pilot.app, 17).action == "create"
        assert row(pilot.app, 3).include is False
        await goto(pilot, 17)  # the panel says what was fixed
        detail = str(pilot.app.screen.query_one("#import-detail").content)
        assert "→ fixed.address@example.com (fixed)" in detail
        assert t.body.previewing and "messy_clients.csv" in t.path_bar.value
        # dropped from the list: confirm, and it is gone
        await pilot.press("R")
        await settled(pilot)
        await pilot.press("d")
        await settled(pilot)
        assert isinstance(pilot.app.screen, ConfirmScreen)
        assert f"Drop parked import {parked.id}" in pilot.app.screen.body
        await pilot.press("y")
        await settled(pilot)
        assert parking.list_parked() == []
        assert isinstance(pilot.app.screen, ParkedScreen)
        assert pilot.app.screen.query_one("#parked").row_count == 0
        await pilot.press("escape")
        await settled(pilot)
        assert t.session is session  # the file on show stays...
        assert session.parked_id is None  # ...parked nowhere now: leaving it asks first
        await pilot.press("o")
        await settled(pilot)
        assert isinstance(pilot.app.screen, LeaveFileScreen)


async def test_park_first_when_leaving_a_file_with_fixes(import_app):
    async with import_app.run_test(size=SMALL) as pilot:
        await settled(pilot)
        await fix_row_17(pilot)
        await pilot.press("o")
        await settled(pilot)
        assert isinstance(pilot.app.screen, LeaveFileScreen)
        await pilot.press("p")  # park it, then the chooser
        await settled(pilot)
        (parked,) = parking.list_parked()
        assert parked.file.endswith("messy_clients.csv")
        assert not tab(pilot.app).body.previewing


async def test_parking_again_replaces_the_parked_import(import_app):
    async with import_app.run_test(size=SMALL) as pilot:
        await park_sample(pilot)
        (first,) = parking.list_parked()
        await pilot.press("P", "y")
        await settled(pilot)
        (second,) = parking.list_parked()
        assert second.id != first.id


async def test_a_resumed_import_shows_its_options_and_keeps_its_triage(roster, admin,
                                                                        tmp_path):
    """Parked from the command line as team members with tags and a value mapping: the tab
    shows its options, and changing one keeps the value mapping."""
    from rostertui.domain.enums import Kind, Status
    from rostertui.importing.engine import ImportOptions, load
    from rostertui.ui.widgets.tick_box import TickBox

    path = tmp_path / "team.csv"
    path.write_text("email,first_name,last_name,roles\n"
                    "gh@example.com,Grace,Hopper,Doctor\n", encoding="utf-8")
    session = load(str(path), ImportOptions(
        kind=Kind.TEAM_MEMBER, extra_tags=("VIP",), default_status=Status.PENDING,
        values={"roles": {"Doctor": "Practitioner"}}))
    parked_id = parking.park(session, admin)
    app = make_app(roster, Config(data_dir=tmp_path), admin, import_dir=str(tmp_path))
    async with app.run_test(size=SMALL) as pilot:
        await settled(pilot)
        await pilot.press("5")
        await settled(pilot)
        t = tab(pilot.app)
        from rostertui.ui.tabs import import_files

        import_files.resume(t, parked_id)
        await settled(pilot)
        resumed = t.session
        assert resumed.parked_id == parked_id and resumed.row(2).values["roles"] == \
            ["Practitioner"]
        bar = t.options_bar.options({})
        assert bar.kind is Kind.TEAM_MEMBER and bar.extra_tags == ("VIP",)
        assert bar.default_status is Status.PENDING
        assert t.session is resumed  # showing its options checked nothing again
        t.options_bar.query_one("#import-create-tags", TickBox).value = True
        await settled(pilot)
        assert t.session is not resumed and t.session.options.create_missing_tags
        assert t.session.row(2).values["roles"] == ["Practitioner"]
        assert t.session.parked_id == parked_id
