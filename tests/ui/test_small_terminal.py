"""At 80x24 the app shows itself and its header whole; below, a plain sentence does, and
the app returns as it was when the terminal is large enough again."""

from __future__ import annotations

from rostertui.ui.screens.login import LoginScreen
from rostertui.ui.screens.main import MainScreen
from rostertui.ui.screens.too_small import TooSmallScreen
from tests.ui.conftest import settle


def shown_text(pilot) -> str:
    return str(pilot.app.screen.query_one("#too-small").render())


async def test_below_80x24_a_plain_sentence_and_the_app_returns(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(pilot.app.screen, MainScreen)
        await pilot.press("down")
        table = pilot.app.screen.query_one("#clients-tab").table
        assert table.cursor_row == 1
        await pilot.resize_terminal(79, 24)
        await settle(pilot)
        assert isinstance(pilot.app.screen, TooSmallScreen)
        assert shown_text(pilot).startswith(
            "The terminal is 79×24; rostertui needs at least 80×24.")
        await pilot.resize_terminal(100, 20)
        await settle(pilot)
        assert "The terminal is 100×20;" in shown_text(pilot)
        await pilot.press("down", "n")  # nothing under the sentence hears a key
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert isinstance(pilot.app.screen, MainScreen)
        assert len(pilot.app.screen_stack) == 2  # the default screen and the tabs
        assert table.cursor_row == 1


async def test_a_small_terminal_at_start_covers_the_login(login_app):
    async with login_app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        assert isinstance(pilot.app.screen, TooSmallScreen)
        assert "The terminal is 60×20;" in shown_text(pilot)
        await pilot.resize_terminal(120, 36)
        await settle(pilot)
        assert isinstance(pilot.app.screen, LoginScreen)
        assert pilot.app.focused is not None and pilot.app.focused.id == "email"


async def test_a_dialog_stays_open_under_the_sentence(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        dialog = pilot.app.screen
        assert not isinstance(dialog, (MainScreen, TooSmallScreen))
        await pilot.resize_terminal(70, 24)
        await settle(pilot)
        assert isinstance(pilot.app.screen, TooSmallScreen)
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert pilot.app.screen is dialog
