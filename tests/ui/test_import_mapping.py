"""The Import tab's mapping panel: map an unknown header to a field, see the file checked
again, and find the mapping remembered for this operator's next import (and only his)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Select

from rostertui.config import Config
from rostertui.domain import prefs, users
from rostertui.domain.actor import Actor
from rostertui.importing import mapping as header_map
from rostertui.ui.app import make_app
from rostertui.ui.screens.import_mapping import IGNORED, MappingScreen
from rostertui.ui.tabs.import_tab import ImportTab
from tests.factories import team_data
from tests.ui.conftest import SIZE, steady_screen
from tests.ui.import_waits import settled

CRM = ("Kontakt,First Name,Last Name,Date of Birth,Sex,Colour,Notes\n"
       "ann.lee@example.com,Ann,Lee,1980-01-31,F,red,called twice\n"
       "bob.ray@example.com,Bob,Ray,1975-06-02,M,blue,\n")


@pytest.fixture
def crm_file(tmp_path: Path) -> Path:
    path = tmp_path / "crm.csv"
    path.write_text(CRM, encoding="utf-8")
    return path


def tab(app) -> ImportTab:
    """The Import tab, also while a modal is open above it."""
    return next(t for screen in app.screen_stack for t in screen.query(ImportTab))


def crm_app(roster: str, operator: Actor, tmp_path: Path, path: Path):
    return make_app(roster, Config(data_dir=tmp_path), operator, import_path=str(path),
                    import_dir=str(tmp_path))


async def open_panel(pilot) -> MappingScreen:
    await pilot.press("p")
    await settled(pilot)
    assert isinstance(pilot.app.screen, MappingScreen)
    return pilot.app.screen


async def loaded(pilot):
    """The Import tab once the CRM file is on show (its "Kontakt" mapped by a stored pref)."""
    await settled(pilot)
    t = tab(pilot.app)
    assert t.session is not None
    return t, t.session


def choose(screen: MappingScreen, index: int, value: str) -> None:
    screen.query_one(f"#map-{index}", Select).value = value


async def test_map_unknown_header_then_remembered(roster, admin, tmp_path, crm_file):
    async with crm_app(roster, admin, tmp_path, crm_file).run_test(size=SIZE) as pilot:
        await settled(pilot)
        t = tab(pilot.app)
        # "Kontakt" is no header rostertui knows: the file is refused, with the way out
        assert t.session is None and t.controller.refused is not None
        status = str(t.query_one("#import-status").render())
        assert "no email" in status and "p: map the columns" in status
        screen = pilot.app.screen  # the panel opens by itself
        assert isinstance(screen, MappingScreen)
        how = {r.header: r.how for r in screen.rows}
        assert how["Kontakt"] == "ignored: unknown header"
        assert how["First Name"] == "recognised"
        assert "ann.lee@example.com" in str(screen.query_one(".mapping-sample").render())
        choose(screen, 0, "email")
        choose(screen, 5, "attribute:Colour")
        await pilot.press("ctrl+s")
        await settled(pilot)
        assert t.session is not None and t.controller.refused is None
        assert [r.action for r in t.session.rows] == ["create", "create"]
        assert t.session.rows[0].values["attribute:Colour"] == "red"
        assert "Notes" not in {c.header for c in t.session.columns.columns}
        # it is kept for this operator, by normalised header
        stored = prefs.get_pref(admin, header_map.PREF_KEY)
        assert stored == {"kontakt": "email", "colour": "attribute:Colour"}

    # a later file whose own header loads, and that a remembered mapping adds a column to:
    # the mapping is applied before the rows are checked, so each row is checked once
    from rostertui.importing.validate import RowValidator

    plain = tmp_path / "plain.csv"
    plain.write_text(CRM.replace("Kontakt,", "Email,", 1), encoding="utf-8")
    checked = []
    original = RowValidator.validate

    def counting(self, row):
        checked.append(row.number)
        return original(self, row)

    RowValidator.validate = counting
    try:
        async with crm_app(roster, admin, tmp_path, plain).run_test(size=SIZE) as pilot:
            await settled(pilot)
            t = tab(pilot.app)
            assert t.session is not None
            assert t.session.rows[0].values["attribute:Colour"] == "red"
            assert sorted(checked) == [r.number for r in t.session.rows]
    finally:
        RowValidator.validate = original
    # a later import by the same admin maps itself
    async with crm_app(roster, admin, tmp_path, crm_file).run_test(size=SIZE) as pilot:
        await settled(pilot)
        t = tab(pilot.app)
        assert t.session.rows[1].values["email"] == "bob.ray@example.com"
        screen = await open_panel(pilot)
        assert {r.header: r.how for r in screen.rows}["Kontakt"] == "mapped by you"

    # ...but not another admin's
    other = users.create_team_members(
        [team_data(5, roles=["Administrator"])], admin)[0]
    async with crm_app(roster, Actor(other.id, other.email), tmp_path,
                       crm_file).run_test(size=SIZE) as pilot:
        await settled(pilot)
        assert tab(pilot.app).session is None
        assert isinstance(pilot.app.screen, MappingScreen)


async def test_conflicting_mapping_is_refused_in_the_panel(roster, admin, tmp_path, crm_file):
    async with crm_app(roster, admin, tmp_path, crm_file).run_test(size=SIZE) as pilot:
        await settled(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, MappingScreen)
        choose(screen, 0, "email")
        choose(screen, 1, "email")  # First Name as email too
        await pilot.pause()
        problems = str(screen.query_one("#mapping-problems").render())
        assert "'Kontakt' and 'First Name' both hold email" in problems
        assert "no first_name" in problems
        await pilot.press("ctrl+s")
        await settled(pilot)
        assert pilot.app.screen is screen  # still open: nothing applied
        await pilot.press("escape")
        await settled(pilot)
        assert tab(pilot.app).session is None
        assert not isinstance(pilot.app.screen, MappingScreen)
        assert prefs.get_pref(admin, header_map.PREF_KEY) is None


async def test_remap_keeps_fixes_and_choices(roster, admin, tmp_path, crm_file):
    prefs.set_pref(admin, header_map.PREF_KEY, {"kontakt": "email"})
    async with crm_app(roster, admin, tmp_path, crm_file).run_test(size=SIZE) as pilot:
        t, session = await loaded(pilot)
        t.fix_cells(session.rows[0], {1: "Anne"})
        await settled(pilot)
        session.set_send_email(session.rows[1], True)
        screen = await open_panel(pilot)
        choose(screen, 6, "attribute:Notes")
        choose(screen, 0, "email")  # unchanged: mapped already
        await pilot.press("ctrl+s")
        await settled(pilot)
        assert t.session is not session
        first, second = t.session.rows
        assert first.values["first_name"] == "Anne"
        assert first.values["attribute:Notes"] == "called twice"
        assert second.send_email is True
        assert prefs.get_pref(admin, header_map.PREF_KEY) == {
            "kontakt": "email", "notes": "attribute:Notes"}
        # mapping a header back to what rostertui does anyway forgets it
        screen = await open_panel(pilot)
        choose(screen, 6, IGNORED)
        await pilot.press("ctrl+s")
        await settled(pilot)
        assert prefs.get_pref(admin, header_map.PREF_KEY) == {"kontakt": "email"}


def test_mapping_snapshot(roster, admin, tmp_path, crm_file, snap_compare, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = make_app(roster, Config(data_dir=tmp_path), admin, import_path="crm.csv",
                   import_dir=".")

    async def run_before(pilot) -> None:
        await steady_screen(pilot)  # "Kontakt" is not known: the panel opens by itself

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


async def test_a_mapping_the_engine_refuses_leaves_the_file_as_it_was(roster, admin, tmp_path,
                                                                      crm_file):
    """A custom attribute name the engine refuses (too long): the tab says so and stays
    usable, with the file on show and nothing remembered."""
    prefs.set_pref(admin, header_map.PREF_KEY, {"kontakt": "email"})
    async with crm_app(roster, admin, tmp_path, crm_file).run_test(size=SIZE) as pilot:
        t, session = await loaded(pilot)
        bad = "attribute:" + "N" * 150
        t.remap({"kontakt": "email", "notes": bad}, {"notes": bad})
        await settled(pilot)
        assert t.controller.busy is False
        assert t.session is session
        assert "Mapping not applied" in str(t.query_one("#import-status").render())
        assert prefs.get_pref(admin, header_map.PREF_KEY) == {"kontakt": "email"}


async def test_a_file_that_fails_to_load_keeps_the_one_on_show(roster, admin, tmp_path,
                                                               crm_file):
    prefs.set_pref(admin, header_map.PREF_KEY, {"kontakt": "email"})
    async with crm_app(roster, admin, tmp_path, crm_file).run_test(size=SIZE) as pilot:
        await settled(pilot)
        t = tab(pilot.app)
        session = t.session
        t.load_file(str(tmp_path / "missing.csv"))
        await settled(pilot)
        assert t.controller.busy is False and t.session is session
        # options and re-reads still mean the file on show
        assert t.controller.path == str(crm_file)
        assert "missing.csv" in str(t.query_one("#import-status").render())
