"""The key bar fits: at every width from 80 columns, the keys of what has focus, the tab's
own first, each whole, ending with "? more" when some did not fit; dialogs show theirs."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.binding import Binding

from rostertui.config import Config
from rostertui.ui.app import make_app
from rostertui.ui.keys import declared_bindings
from rostertui.ui.screens.main import MainScreen
from rostertui.ui.tabs.archived import ArchivedTab
from rostertui.ui.tabs.clients import ClientsTab
from rostertui.ui.tabs.pending import PendingTab
from rostertui.ui.tabs.team import TeamTab
from rostertui.ui.widgets.key_bar import BarItem, KeyBar, fit_items
from tests.ui.conftest import import_folder, settle

ROSTER_TABS = {"clients": ClientsTab, "team": TeamTab, "pending": PendingTab,
               "archived": ArchivedTab}
SAMPLE = Path(__file__).parents[2] / "sample_data" / "messy_clients.csv"


def bar_text(app) -> str:
    return app.screen.query_one(KeyBar).render().plain


def entries(text: str) -> list[str]:
    return text.split("  ")


def test_items_that_do_not_fit_are_left_out_whole_and_the_bar_says_more():
    items = [BarItem("n", "Add"), BarItem("c", "Registration code"), BarItem("x", "Archive")]
    chosen, closing = fit_items(items, 34, "?")
    assert [i.description for i in chosen] == ["Add", "Registration code"]
    assert closing == BarItem("?", "more")
    chosen, closing = fit_items(items, 80, "?")
    assert chosen == items and closing == BarItem("?", "Help")
    for width in range(0, 60):
        chosen, closing = fit_items(items, width, "?")
        shown = [*chosen, closing]
        assert sum(i.width for i in shown) + 2 * (len(shown) - 1) <= width or not chosen


def own_keys(pilot, pane: str) -> list[str]:
    """The tab's own bindings that apply now, as the key bar writes them."""
    tab = pilot.app.screen.query_one(f"#{pane}-tab")
    shown = []
    for binding in type(tab).__dict__["BINDINGS"]:
        if binding.show and tab.check_action(binding.action, ()):
            key = pilot.app.get_key_display(Binding(binding.key.split(",")[0], ""))
            shown.append(f"{key} {binding.description}")
    return shown


@pytest.mark.parametrize("width", [80, 100, 120])
async def test_each_roster_tab_shows_its_own_keys_first_and_whole(app, width):
    async with app.run_test(size=(width, 30)) as pilot:
        await settle(pilot)
        for number, pane in enumerate(ROSTER_TABS, 1):
            await pilot.press(str(number))
            await settle(pilot)
            text = bar_text(pilot.app)
            own = own_keys(pilot, pane)
            assert len(text) <= width - 2, text
            assert entries(text)[0] == own[0], text  # the tab's own, in declaration order
            shown = entries(text)
            assert shown[-1] in ("? more", "? Help"), text
            body = shown[:-1]
            common = min(len(body), len(own))
            assert body[:common] == own[:common], (pane, text)
            if width >= 120:
                assert len(body) >= len(own), (pane, text)  # all of the tab's own


async def test_the_import_tab_shows_commit_and_history_at_120(app, seats):
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("5")
        await settle(pilot)
        pilot.app.focused.value = str(SAMPLE)
        await pilot.press("enter")
        await settle(pilot)
        text = bar_text(pilot.app)
        assert "c Commit" in entries(text) and "h History" in entries(text), text
        await pilot.press("h")
        await settle(pilot)
        dialog = bar_text(pilot.app)
        assert "esc Close" in entries(dialog), dialog


async def test_a_dialog_shows_its_keys(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("N")  # the single form ("n" opens the grid for several)
        await settle(pilot)
        assert not isinstance(pilot.app.screen, MainScreen)
        text = bar_text(pilot.app)
        assert "esc Cancel" in entries(text) and "^s Save" in entries(text), text


async def test_a_keymap_change_shows_on_the_bar(roster, admin, tmp_path):
    config = Config(data_dir=tmp_path, keymap={"add": "N"})
    app = make_app(roster, config, admin, import_dir=str(import_folder(tmp_path)))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert entries(bar_text(pilot.app))[0] == "N Add"


def test_no_single_character_key_is_a_priority_binding():
    """A priority binding fires before a text field sees the key: typing its letter into a
    field would run it."""
    for cls, binding in declared_bindings():
        for key in binding.key.split(","):
            if len(key) == 1 or key in ("space", "question_mark", "slash", "asterisk",
                                        "minus", "left_square_bracket",
                                        "right_square_bracket"):
                assert not binding.priority, (cls.__name__, binding.key)


async def test_typing_into_the_path_field_fires_no_shortcut(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("5")
        await settle(pilot)
        field = pilot.app.focused
        assert field.id == "import-path"
        await pilot.press(*"c_20kh?x")
        await settle(pilot)
        assert field.value.endswith("c_20kh?x")
        assert isinstance(pilot.app.screen, MainScreen)  # no history, no help
        assert pilot.app.screen.query_one("#tabs").active == "import"


async def test_the_focused_table_and_field_are_marked_in_every_theme(app):
    from rostertui.ui.widgets.roster_table import RosterTable

    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = pilot.app.screen.query_one("#clients-tab").query_one(RosterTable)
        assert pilot.app.focused is table
        for theme in sorted(pilot.app.available_themes):
            pilot.app.theme = theme
            await pilot.pause()
            kind, color = table.styles.outline_left
            assert kind == "thick", theme
            from textual.color import Color

            assert color == Color.parse(pilot.app.theme_variables["accent"]), theme
        await pilot.press("5")
        await settle(pilot)
        field = pilot.app.focused
        assert field.id == "import-path" and field.styles.background_tint.a > 0
        table.blur()
        await pilot.pause()
        assert table.styles.outline_left[0] == ""


def bar_items(app) -> tuple[list[str], str | None]:
    chosen, closing = app.screen.query_one(KeyBar).items()
    return ([f"{i.key} {i.description}" for i in chosen],
            f"{closing.key} {closing.description}" if closing else None)


async def test_a_text_field_shows_the_keys_that_work_in_it(app):
    """At 80x24, with the search box, a form's field or the login's fields focused, the bar
    shows Enter as the place has it, Escape, Tab and shift+Tab, and no key the field types
    (n, /, ?); the help's key only where one reaches it (F1, not ? which is typed)."""
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await settle(pilot)
        items, closing = bar_items(pilot.app)
        assert items[:4] == ["⏎ Search", "esc Clear search", "tab Next field",
                             "shift+tab Previous"], items
        assert not [i for i in items if i.split()[0] in ("/", "n", "?", "s", "C")], items
        assert closing in ("f1 more", "f1 Help"), closing
        await pilot.press("f1")  # help is reachable from the field, as the bar says
        await settle(pilot)
        from rostertui.ui.screens.help import HelpScreen

        assert isinstance(pilot.app.screen, HelpScreen)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("escape", "N")  # the table, then the form to add one client
        await settle(pilot)
        items, closing = bar_items(pilot.app)
        assert items[:5] == ["⏎ Save", "esc Cancel", "tab Next field", "shift+tab Previous",
                             "^s Save"], items
        assert closing is None  # no help key reaches past a dialog


async def test_enter_in_a_form_field_saves(app):
    from rostertui.domain import users

    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("E")  # the form for Alice (e edits the cell in place)
        await settle(pilot)
        await pilot.press("end", *"-Smith", "enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, MainScreen)  # saved, and the form closed
    assert users.find_by_email("client1@example.com").first_name == "Alice-Smith"


async def test_the_login_fields_say_what_enter_does(login_app):
    async with login_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        items, _ = bar_items(pilot.app)
        assert items[:2] == ["⏎ Password", "tab Next field"], items
        await pilot.press("tab")
        await settle(pilot)
        items, _ = bar_items(pilot.app)
        assert items[:2] == ["⏎ Log in", "tab Next field"], items


@pytest.mark.parametrize("key", ["c", "v"])
async def test_dialogs_with_nothing_to_save_say_close_not_save(app, key):
    """The registration code dialog acts through its buttons and the details only show:
    their bar says Escape closes, and offers no "^s Save"."""
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(key)
        await settle(pilot)
        items, _ = bar_items(pilot.app)
        assert items[0] == "esc Close", items
        assert not [i for i in items if "Save" in i], items


async def test_the_import_path_dialog_says_enter_saves(app):
    """The export dialog's path field: Enter saves there, as ctrl+s does, and the bar says so."""
    from rostertui.ui.screens.import_fix import PathScreen

    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        pilot.app.push_screen(PathScreen("Export the rows with errors", "Where?", "x.csv"))
        await settle(pilot)
        items, _ = bar_items(pilot.app)
        assert items[:3] == ["⏎ Save", "esc Cancel", "tab Next field"], items


@pytest.mark.parametrize("width", [80, 120])
async def test_the_search_hint_is_never_cut(app, width):
    from textual.widgets import Input

    async with app.run_test(size=(width, 24)) as pilot:
        await settle(pilot)
        for tab in ("clients", "pending"):
            box = pilot.app.screen.query_one(f"#{tab}-tab").query_one("#search", Input)
            if not box.region.width:
                await pilot.press("3")
                await settle(pilot)
            assert len(box.placeholder) <= box.content_region.width, (tab, box.placeholder)
            line = box.render_line(1).text if box.size.height > 1 else box.render_line(0).text
            assert box.placeholder in line, (tab, line)
