"""The login screen: only an active Administrator gets in; refusals are shown."""

from __future__ import annotations

from rostertui.db.models import AuditEntry
from rostertui.ui.screens.login import LoginScreen
from rostertui.ui.screens.main import MainScreen
from tests.conftest import ADMIN_PASSWORD
from tests.ui.conftest import SIZE, settle


async def _type_login(pilot, email: str, password: str) -> None:
    await pilot.press(*email)
    await pilot.press("enter")  # Enter on the email moves to the password
    await pilot.press(*password)
    await pilot.press("enter")
    await settle(pilot)


async def test_administrator_logs_in(login_app):
    async with login_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(pilot.app.screen, LoginScreen)
        assert pilot.app.focused.id == "email"
        await _type_login(pilot, "admin@example.com", ADMIN_PASSWORD)
        assert isinstance(pilot.app.screen, MainScreen)
        assert pilot.app.operator.label == "admin@example.com"
        assert "Test Org" in pilot.app.screen.title
        assert "Clients 5 / 10" in pilot.app.screen.sub_title


async def test_wrong_password_is_refused_and_counted(login_app):
    async with login_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _type_login(pilot, "admin@example.com", "Wrong-pass1!")
        assert isinstance(pilot.app.screen, LoginScreen)
        error = str(pilot.app.screen.query_one("#login-error").render())
        assert "wrong email or password" in error and "4 attempts left" in error
        assert pilot.app.screen.query_one("#password").value == ""
    assert AuditEntry.select().where(AuditEntry.action == "login.failed").count() == 1


async def test_a_practitioner_is_refused(login_app):
    from rostertui.domain import users
    from rostertui.domain.actor import Actor

    member = users.find_by_email("member1@example.com")
    users.edit_user(member.id, member.version, {"password": "Member-Passw0rd!"},
                    Actor.system("test"))
    async with login_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _type_login(pilot, "member1@example.com", "Member-Passw0rd!")
        assert isinstance(pilot.app.screen, LoginScreen)
        assert "Administrator" in str(pilot.app.screen.query_one("#login-error").render())


async def test_a_locked_out_email_cannot_reach_any_tab(login_app):
    async with login_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for _ in range(5):
            await _type_login(pilot, "admin@example.com", "Wrong-pass1!")
            await pilot.press("shift+tab")  # back to the email field, which keeps its value
            await pilot.press("ctrl+a", "ctrl+k")
        await _type_login(pilot, "admin@example.com", ADMIN_PASSWORD)  # right, but locked
        assert isinstance(pilot.app.screen, LoginScreen)
        error = str(pilot.app.screen.query_one("#login-error").render())
        assert "too many failed attempts" in error
        assert not any(isinstance(s, MainScreen) for s in pilot.app.screen_stack)
        for key in ("1", "2", "3", "4", "5", "ctrl+p"):
            await pilot.press(key)
        await settle(pilot)
        assert not any(isinstance(s, MainScreen) for s in pilot.app.screen_stack)


async def test_keys_arriving_together_put_the_password_in_the_password_field(login_app):
    """A browser session, a password manager or a fast typist sends the email, Enter and
    the password at once: the password must not land in the email field, in plain sight."""
    from textual import events

    async with login_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        keys = [*"admin@example.com", "enter", *"Secret-pass1"]
        for key in keys:  # posted in one go, as a terminal's read of several keys is
            pilot.app.post_message(events.Key(key, key if len(key) == 1 else None))
        await pilot.pause()
        await settle(pilot)
        screen = pilot.app.screen
        assert screen.query_one("#email").value == "admin@example.com"
        assert screen.query_one("#password").value == "Secret-pass1"
        assert pilot.app.focused.id == "password"
