"""The audit log screen: opened from the command palette, filtered, read-only, inert."""

from __future__ import annotations

from textual.widgets import DataTable, Input, Select

from rostertui.db.models import AuditEntry
from rostertui.domain import audit
from rostertui.domain.actor import Actor
from rostertui.ui.screens.audit_log import AuditLogScreen
from tests.ui.conftest import SIZE, settle


def _cells(screen) -> list[list[str]]:
    table = screen.query_one(DataTable)
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


async def test_the_audit_log_filters_by_person_and_action(app):
    audit.record(Actor(None, "[bold red]mallory[/]"), "user.edited", None, "\x1b]52;c;x\x07")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"Audit log")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, AuditLogScreen)
        rows = _cells(screen)
        assert len(rows) == AuditEntry.select().count()
        assert rows[0][1] == "[bold red]mallory[/]"  # shown as text
        assert "\x1b" not in rows[0][3] and "␛" in rows[0][3]  # the escape is made visible
        await pilot.press("slash", *"client2@")
        await settle(pilot)
        rows = _cells(screen)
        assert rows and all("client2@" in r[1] + r[3] for r in rows)
        screen.query_one("#person", Input).value = ""
        screen.query_one("#action", Select).value = "invitation"
        await settle(pilot)
        rows = _cells(screen)
        assert [r[2] for r in rows] == ["invitation.created"]
        # Nothing in the screen edits: every key bound there (its own, the table's, the
        # app's), pressed with the table focused, leaves every entry as it was.
        before = list(AuditEntry.select().order_by(AuditEntry.id).tuples())
        screen.query_one(DataTable).focus()
        await settle(pilot)
        keys = [key for key, active in screen.active_bindings.items()
                if active.binding.action not in ("close", "app.quit", "quit")]
        assert "slash" in keys and "enter" in keys  # its own key and the table's
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
            if pilot.app.screen is not screen:  # a key opened something: close it
                await pilot.press("escape")
                await settle(pilot)
            screen.query_one(DataTable).focus()
        assert list(AuditEntry.select().order_by(AuditEntry.id).tuples()) == before
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(pilot.app.screen, AuditLogScreen)
