"""The column chooser: show, hide and reorder a roster table's columns, remembered per
operator and per tab."""

from __future__ import annotations

import json
import re
from pathlib import Path

from rostertui.config import Config
from rostertui.db.models import OperatorPref
from rostertui.domain import users
from rostertui.domain.actor import Actor
from rostertui.ui.app import make_app
from rostertui.ui.screens.columns import ColumnsScreen
from rostertui.ui.screens.help import HelpScreen
from tests.ui.conftest import SIZE, Notes, help_text, settle

CLIENT_COLUMNS = ["first_name", "last_name", "email", "birthdate", "sex", "tags",
                  "external_id", "created"]


def tab(pilot, name: str = "clients"):
    return pilot.app.screen.query_one(f"#{name}-tab")


def shown(pilot, name: str = "clients") -> list[str]:
    return [c.key for c in tab(pilot, name).table.columns]


def header(pilot, name: str = "clients") -> str:
    table = tab(pilot, name).table
    return table.render_line(0).text


async def open_chooser(pilot) -> ColumnsScreen:
    await pilot.press("C")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ColumnsScreen)
    return screen


async def test_hide_reorder_apply_and_remember_per_operator(app, roster, admin, tmp_path):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert shown(pilot) == CLIENT_COLUMNS
        await pilot.press("space")  # mark Alice
        await pilot.press("slash", *"client", "enter")  # a search every client matches
        await settle(pilot)
        table = tab(pilot).table
        query, marks, total = table.query_value, set(table.marks), table.total
        assert marks and total == 5
        screen = await open_chooser(pilot)
        await pilot.press("space")  # hide First name
        await pilot.press("down", "down")  # Email
        await pilot.press("left_square_bracket", "shift+up")  # to the top
        await pilot.press("end", "right_square_bracket")  # Added can go no lower
        assert screen.layout_result[:3] == [("email", True), ("first_name", False),
                                            ("last_name", True)]
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(pilot.app.screen, ColumnsScreen)
        assert shown(pilot) == ["email", "last_name", "birthdate", "sex", "tags",
                                "external_id", "created"]
        assert header(pilot).lstrip().startswith("Email")
        assert "First name" not in header(pilot) and "Last name" in header(pilot)
        # marks, the search and the sort are kept; nothing was read again
        assert table.query_value is query and table.marks == marks and table.total == total
        assert table.sort_key == "name" and table.row_at(0).email == "client1@example.com"
    stored = OperatorPref.get(OperatorPref.user == admin.user_id,
                              OperatorPref.key == "columns.clients")
    assert '"key": "email"' in stored.value

    # a fresh app on the same database: the same operator sees the layout...
    again = make_app(roster, Config(data_dir=tmp_path), admin)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert shown(pilot)[:2] == ["email", "last_name"]
        assert "first_name" not in shown(pilot)
        assert shown(pilot, "team")[0] == "first_name"  # other tabs keep their own
    # ...another operator does not
    paula = users.find_by_email("member1@example.com")
    other = make_app(roster, Config(data_dir=tmp_path), Actor(paula.id, paula.email))
    async with other.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert shown(pilot) == CLIENT_COLUMNS


async def test_the_last_visible_column_cannot_be_hidden(app):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("4")  # Archived: kind, first, last, email, archived, tags
        await settle(pilot)
        screen = await open_chooser(pilot)
        for _ in range(5):
            await pilot.press("space", "down")
        error = screen.query_one("#columns-error")
        assert not error.display
        await pilot.press("space")  # the last one shown: refused, and said why
        await settle(pilot)
        assert error.display
        assert "at least one column must stay visible" in str(error.render())
        assert screen.layout_result[5] == ("tags", True)  # then the fields not shown
        assert not any(visible for _, visible in screen.layout_result[6:])
        await pilot.press("up", "space")  # showing another one clears the message
        assert not error.display
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert shown(pilot, "archived") == ["archived", "tags"]


async def test_escape_cancels_and_reset_restores_the_default(app, admin):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_chooser(pilot)
        await pilot.press("space", "escape")
        await settle(pilot)
        assert shown(pilot) == CLIENT_COLUMNS
        await open_chooser(pilot)
        await pilot.press("down", "space", "right_square_bracket", "ctrl+s")
        await settle(pilot)
        assert shown(pilot)[:2] == ["first_name", "email"]
        screen = await open_chooser(pilot)
        assert screen.layout_result[1:3] == [("email", True), ("last_name", False)]
        await pilot.press("r", "enter")
        await settle(pilot)
        assert shown(pilot) == CLIENT_COLUMNS
    stored = json.loads(OperatorPref.get(OperatorPref.user == admin.user_id,
                                         OperatorPref.key == "columns.clients").value)
    assert [e["key"] for e in stored if e["visible"]] == CLIENT_COLUMNS


async def test_hiding_the_sorted_column_keeps_the_sort(app):
    notes = Notes()
    async with app.run_test(size=SIZE, message_hook=notes) as pilot:
        await settle(pilot)
        await pilot.press("S")  # name, descending: Esme first
        await settle(pilot)
        await open_chooser(pilot)
        await pilot.press("space", "down", "space", "enter")  # hide both name columns
        await settle(pilot)
        table = tab(pilot).table
        assert (table.sort_key, table.descending) == ("name", True)
        assert table.row_at(0).email == "client5@example.com"
        assert any("Still sorted by First name, which is hidden" in n for n in notes.texts)
        await pilot.press("s")  # the next sort is of a column on show
        await settle(pilot)
        assert table.sort_key == "email"


async def test_a_stale_or_broken_pref_is_survived(roster, admin, tmp_path: Path):
    OperatorPref.insert(user=admin.user_id, key="columns.clients",
                        value='[{"key": "full_name", "visible": true}, '
                              '{"key": "tags", "visible": true}, 3, '
                              '{"key": "email", "visible": false}]').execute()
    OperatorPref.insert(user=admin.user_id, key="columns.team", value="{broken").execute()
    app = make_app(roster, Config(data_dir=tmp_path), admin)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert shown(pilot) == ["tags", "first_name", "last_name", "birthdate", "sex",
                                "external_id", "created"]
        assert shown(pilot, "team") == ["first_name", "last_name", "email", "roles",
                                        "office", "created"]


async def test_the_palette_opens_the_chooser_and_the_help_shows_its_live_keys(app):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"columns")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ColumnsScreen)
        assert pilot.app.screen.title_text == "Columns of the Clients table"
        # The dialog's own keys, as bound: the palette (ctrl+p works in a dialog) opens
        # the help of what has focus there.
        await pilot.press("ctrl+p", *"help")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, HelpScreen)
        text = help_text(pilot.app.screen)
        assert re.search(r"^This dialog", text, re.M), text
        assert re.search(r"^shift\+↑, \[ +Move up", text, re.M), text
        assert re.search(r"^\^s +Apply", text, re.M), text  # the dialog's
        assert re.search(r"^⏎ +Apply", text, re.M), text  # the list's (Enter applies there)
        assert "Columns" not in text  # the tab's keys are not reachable from the dialog
        await pilot.press("escape", "escape", "question_mark")
        await settle(pilot)
        assert isinstance(pilot.app.screen, HelpScreen)
        text = help_text(pilot.app.screen)
        assert re.search(r"^C +Columns", text, re.M), text
        assert "Move up" not in text


async def test_two_quick_applies_remember_the_last(app, admin, monkeypatch):
    """The first save is slow (a busy database): the second apply's layout is still the one
    remembered, not overwritten by the first save finishing late."""
    import asyncio
    import threading

    from rostertui.domain import prefs

    saved = prefs.save_columns
    started, release = threading.Event(), threading.Event()

    def slow_for_the_first(actor, view, layout, keys):
        if layout[0][0] == "email":  # the first layout applied: Email moved to the top
            started.set()
            release.wait(10)
        return saved(actor, view, layout, keys)

    monkeypatch.setattr(prefs, "save_columns", slow_for_the_first)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_chooser(pilot)
        await pilot.press("down", "down", "shift+up", "shift+up", "enter")  # Email first
        assert await asyncio.to_thread(started.wait, 10)  # its save is under way, held
        await pilot.press("C")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ColumnsScreen)
        await pilot.press("down", "down", "shift+up", "shift+up", "enter")  # Last name first
        await pilot.pause()
        assert shown(pilot)[:2] == ["last_name", "email"]
        release.set()
        await settle(pilot)
        assert shown(pilot)[0] == "last_name"
    stored = OperatorPref.get(OperatorPref.user == admin.user_id,
                              OperatorPref.key == "columns.clients")
    assert stored.value.index('"last_name"') < stored.value.index('"email"')


async def move_to_top(pilot, screen: ColumnsScreen, key: str) -> None:
    """Highlight the column ``key`` in the chooser, show it and move it to the top."""
    index = [c.key for c in screen.choices].index(key)
    screen.column_list.highlighted = index
    await pilot.press("space", *["left_square_bracket"] * index)


async def test_any_field_and_custom_attribute_can_be_added_and_is_remembered(
        roster, admin, tmp_path):
    """At 80x24: Phone and a custom attribute, which the default layout lacks, are added;
    their values are read with the rows; a fresh app shows them again."""
    from rostertui.db.models import User, UserAttribute

    alice = users.find_by_email("client1@example.com")
    User.update(phone="5551234567", phone_country="USA").where(User.id == alice.id).execute()
    UserAttribute.insert(user=alice.id, name="Program Start Date", value="2024-02-01").execute()
    app = make_app(roster, Config(data_dir=tmp_path), admin)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = await open_chooser(pilot)
        keys = [c.key for c in screen.choices]
        assert {"phone", "office", "username", "external_id", "tags", "source", "updated",
                "attribute:Program Start Date"} <= set(keys)
        assert "phone" in keys and screen.sortable is not None
        assert "phone" not in screen.sortable and "email" in screen.sortable
        await move_to_top(pilot, screen, "phone")
        await move_to_top(pilot, screen, "attribute:Program Start Date")
        await pilot.press("enter")
        await settle(pilot)
        table = tab(pilot).table
        assert shown(pilot)[:2] == ["attribute:Program Start Date", "phone"]
        assert table.query_value.attributes == ("Program Start Date",)
        assert header(pilot).split()[:4] == ["Program", "Start", "Date", "Phone"]
        first = table.render_line(1).text
        assert "2024-02-01" in first and "USA 5551234567" in first, first
        assert "2024-02-01" not in table.render_line(2).text
    again = make_app(roster, Config(data_dir=tmp_path), admin)
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert shown(pilot)[:3] == ["attribute:Program Start Date", "phone", "first_name"]
        first = tab(pilot).table.render_line(1).text
        assert "2024-02-01" in first and "USA 5551234567" in first, first


async def test_an_added_column_that_cannot_sort_is_not_offered_to_sort(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = await open_chooser(pilot)
        for key in ("first_name", "last_name", "email", "birthdate", "external_id",
                    "created"):  # leave Sex and Tags, then add Office
            screen.column_list.highlighted = [c.key for c in screen.choices].index(key)
            await pilot.press("space")
        await move_to_top(pilot, screen, "office")
        assert "⇅" not in screen.column_list.get_option_at_index(0).prompt.plain
        assert "⇅" in screen.column_list.get_option_at_index(
            [c.key for c in screen.choices].index("email")).prompt.plain
        await pilot.press("enter")
        await settle(pilot)
        assert shown(pilot) == ["office", "sex", "tags"]
        await pilot.press("s")  # no column on show sorts: every sort is offered in turn
        await settle(pilot)
        assert tab(pilot).table.sort_key == "email"


async def test_a_click_on_the_header_of_a_column_that_cannot_sort_says_why(app):
    notes = Notes()
    async with app.run_test(size=(80, 24), message_hook=notes) as pilot:
        await settle(pilot)
        screen = await open_chooser(pilot)
        await move_to_top(pilot, screen, "office")
        await pilot.press("enter")
        await settle(pilot)
        table = tab(pilot).table
        assert shown(pilot)[0] == "office"
        sort_before = table.sort_key
        await pilot.click(table, offset=(table.lead_width + 1, 0))  # Office's header
        await settle(pilot)
        assert table.sort_key == sort_before
        assert any("Office cannot be sorted" in t for t in notes.texts), notes.texts
