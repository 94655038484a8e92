"""The Import tab's row options: a default status for new users and tags for every row."""

from __future__ import annotations

from textual.widgets import Input, Select

from rostertui.db.models import User
from rostertui.domain import users
from rostertui.ui.screens.confirm import ConfirmScreen
from tests.ui.conftest import SIZE
from tests.ui.import_waits import hold_database_reads, settled
from tests.ui.test_import_tab import goto, row, tab


async def test_default_status_and_tags_for_every_row(import_app):
    async with import_app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        t = tab(import_app)
        assert t.session is not None
        t.query_one("#import-default-status", Select).value = "pending"
        await settled(pilot)
        assert t.session.options.default_status.value == "pending"
        tags = t.query_one("#import-add-tags", Input)
        tags.focus()
        tags.value = "Newsletter; Spring"  # Spring does not exist: refused until created
        await pilot.press("enter")
        await settled(pilot)
        session = t.session
        assert session.options.extra_tags == ("Newsletter", "Spring")
        creates = [r for r in session.rows if r.values.get("email", "").endswith(".org")]
        assert creates and all(any(e.field == "tags" and "Spring" in str(e) for e in r.errors)
                               for r in creates)
        t.query_one("#import-create-tags").value = True
        await settled(pilot)
        session = t.session
        made = [r for r in session.rows if r.action == "create"]
        assert made and all(r.values["status"] == "pending" for r in made)
        assert all({"Newsletter", "Spring"} <= set(r.values["tags"]) for r in made)
        t.table.focus()
        await pilot.press("c")
        await settled(pilot)
        assert isinstance(import_app.screen, ConfirmScreen)
        body = import_app.screen.body
        assert "New users without a status are pending" in body
        assert "Every user gets the tags Newsletter, Spring" in body
        await pilot.click("#confirm")
        await settled(pilot)
        omar = User.get(User.email == "omar.obrien701@example.org")
        assert omar.status == "pending"
        assert set(users.get_user(omar.id).tags) >= {"Newsletter", "Spring"}


async def test_a_bad_tag_name_is_refused_in_place(import_app):
    async with import_app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        t = tab(import_app)
        before = t.session
        tags = t.query_one("#import-add-tags", Input)
        tags.focus()
        tags.value = "x" * 200
        await pilot.press("enter")
        await settled(pilot)
        assert t.session is before  # not read again
        assert "Tags to add to every row" in str(t.query_one("#import-status").render())


async def test_new_options_keep_the_fixes_the_filter_and_the_cursor(import_app):
    """Changing an option checks the file on show again from memory: a fix, a left-out row,
    the filter and the row under the cursor all stay."""
    async with import_app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        t = tab(import_app)
        t.fix_cells(row(import_app, 17), {0: "fixed.address@example.com"})
        await settled(pilot)
        assert row(import_app, 17).action == "create"
        await goto(pilot, 3)
        await pilot.press("space")
        t.set_filter("create")
        await goto(pilot, 17)
        t.query_one("#import-default-status", Select).value = "pending"
        await settled(pilot)
        assert t.session.options.default_status.value == "pending"
        fixed = row(import_app, 17)
        assert fixed.values["email"] == "fixed.address@example.com"
        assert fixed.action == "create" and fixed.values["status"] == "pending"
        assert row(import_app, 3).include is False
        assert t.controller.filter == "create" and t.table.current_row is fixed


async def test_an_option_changed_while_busy_applies_when_the_work_ends(import_app,
                                                                      monkeypatch):
    """The default status is changed while the file is read and checked (the worker held in
    its database read): it applies to the file once it is on show."""
    gate = hold_database_reads(monkeypatch)
    gate.armed = True
    async with import_app.run_test(size=SIZE) as pilot:
        await gate.reached()
        t = tab(import_app)
        assert t.controller.busy and t.session is None
        t.query_one("#import-default-status", Select).value = "archived"
        await pilot.pause()
        assert t.session is None  # not yet
        gate.armed = False
        gate.open.set()
        await settled(pilot)
        assert t.session.options.default_status.value == "archived"
        t.fix_cells(row(import_app, 17), {0: "fixed.address@example.com"})
        await settled(pilot)
        assert row(import_app, 17).values["email"] == "fixed.address@example.com"
        assert row(import_app, 17).values["status"] == "archived"
