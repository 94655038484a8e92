"""Team Members, Pending and Archived, driven through the keyboard."""

from __future__ import annotations

from rostertui.db.models import Invitation, UserRole
from rostertui.mail import outbox
from rostertui.ui.screens.confirm import ConfirmScreen
from rostertui.ui.screens.roles import RolesScreen
from tests.ui.conftest import SIZE, Notes, settle, user


async def show(pilot, key: str) -> None:
    await pilot.press(key)
    await settle(pilot)


async def test_add_team_member_with_roles(app):
    notes = Notes()
    async with app.run_test(size=SIZE, message_hook=notes) as pilot:
        await settle(pilot)
        await show(pilot, "2")
        await pilot.press("N")
        await settle(pilot)
        await pilot.press(*"Tom", "tab", *"Taylor", "tab", *"tom@example.com", "tab", "tab")
        await pilot.press("down", "space")  # Billing Administrator
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "1 team member created" in notes.texts
    tom = user("tom@example.com")
    assert [r.role for r in UserRole.select().where(UserRole.user == tom.id)] == [
        "Billing Administrator"]


async def test_the_last_administrator_keeps_the_role(app):
    notes = Notes()
    async with app.run_test(size=SIZE, message_hook=notes) as pilot:
        await settle(pilot)
        await show(pilot, "2")  # rows: Ada Admin, Paula Practitioner
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(pilot.app.screen, RolesScreen)
        await pilot.press("end", "space", "up", "space", "ctrl+s")  # swap to Billing Admin
        await settle(pilot)
        assert isinstance(pilot.app.screen, RolesScreen)
        assert "no active Administrator" in str(pilot.app.screen.query_one("#error").render())
        await pilot.press("escape", "down", "r")
        await settle(pilot)
        await pilot.press("end", "space", "ctrl+s")  # Paula becomes an Administrator too
        await settle(pilot)
        assert any("Roles of member1@example.com" in n for n in notes.texts)
    assert UserRole.select().where(UserRole.role == "Administrator").count() == 2


async def test_invite_team_members_and_archive_one(app):
    notes = Notes()
    async with app.run_test(size=SIZE, message_hook=notes) as pilot:
        await settle(pilot)
        await show(pilot, "2")
        await pilot.press("i")
        await settle(pilot)
        await pilot.press(*"new.member@example.com", "tab", "space", "ctrl+s")
        await settle(pilot)
        assert "1 invitation created (see Pending)" in notes.texts
        await pilot.press("down", "x")
        await settle(pilot)
        await pilot.press("shift+tab", "enter")
        await settle(pilot)
        assert "1 team member archived" in notes.texts
    assert user("new.member@example.com").status == "pending"
    assert user("member1@example.com").status == "archived"


async def test_pending_accept_reject_delete_and_resend(app):
    notes = Notes()
    async with app.run_test(size=SIZE, message_hook=notes) as pilot:
        await settle(pilot)
        await show(pilot, "3")  # rows by email: client9 (sign-up), invitee (invitation)
        tab = pilot.app.screen.query_one("#pending-tab")
        assert tab.table.total == 2
        assert tab.check_action("resend", ()) is None  # a sign-up is selected: greyed
        assert tab.check_action("delete_invitation", ()) is None
        await pilot.press("y")
        await settle(pilot)
        assert "1 sign-up request accepted: 1 client now active" in notes.texts
        assert user("client9@example.com").status == "active"
        await pilot.press("R")  # the invitation is now the only row: resend it
        await settle(pilot)
        assert "1 invitation queued to be sent again" in notes.texts
        await settle(pilot)
        # The first change sent the queued invitation; the resend sent it again.
        assert [n for n in notes.texts if "sent to the folder" in n] == [
            f"1 email sent to the folder {pilot.app.config.data_dir / 'mail'} "
            "(no SMTP server is configured)"] * 2
        assert {m.status for m in outbox.list_messages()} == {"sent"}
        assert len(list((pilot.app.config.data_dir / "mail").glob("*.eml"))) == 2
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ConfirmScreen)
        await pilot.press("shift+tab", "enter")
        await settle(pilot)
        assert "1 invitation deleted" in notes.texts
        assert tab.table.total == 0
        assert str(pilot.app.screen.query_one("#tabs").get_tab("pending").label) == "Pending"
    assert user("invitee@example.com") is None
    assert Invitation.select().count() == 0


async def test_reject_a_sign_up_request(app):
    notes = Notes()
    async with app.run_test(size=SIZE, message_hook=notes) as pilot:
        await settle(pilot)
        await show(pilot, "3")
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("shift+tab", "enter")
        await settle(pilot)
        assert "1 sign-up request rejected" in notes.texts
    assert user("client9@example.com") is None


async def test_unarchive_and_delete_permanently(app):
    notes = Notes()
    async with app.run_test(size=SIZE, message_hook=notes) as pilot:
        await settle(pilot)
        await show(pilot, "4")
        await pilot.press("u")
        await settle(pilot)
        assert "1 user unarchived" in notes.texts
        assert user("client8@example.com").status == "active"
        await show(pilot, "1")
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("shift+tab", "enter")
        await settle(pilot)
        await show(pilot, "4")
        await pilot.press("X")
        await settle(pilot)
        confirm = pilot.app.screen
        assert isinstance(confirm, ConfirmScreen) and confirm.type_to_confirm == "1"
        await pilot.press("enter")  # nothing typed: nothing happens
        await pilot.press("2", "enter")  # the wrong number: nothing happens
        await settle(pilot)
        assert pilot.app.screen is confirm
        await pilot.press("backspace", "1", "enter")
        await settle(pilot)
        assert "1 user deleted permanently" in notes.texts
    assert user("client1@example.com") is None


async def test_mail_queued_before_the_app_opened_goes_out_at_start(app, monkeypatch):
    from rostertui.ui.app import RosterApp

    monkeypatch.setattr(RosterApp, "DELIVER_ON_START", True)
    assert {m.status for m in outbox.list_messages()} == {"queued"}  # the invitation
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert {m.status for m in outbox.list_messages()} == {"sent"}
        assert len(list((pilot.app.config.data_dir / "mail").glob("*.eml"))) == 1
