"""Finding 17 of issue 15: the Organization dialog (O on the main screen) changes the name
and the client seat limit through the service, audited, and refuses a limit below the
active clients, saying by how many."""

from __future__ import annotations

from textual.widgets import Input, Static

from rostertui.domain import audit, org
from rostertui.ui.screens.main import MainScreen
from rostertui.ui.screens.organization import OrganizationScreen
from tests.ui.conftest import SIZE, settle


async def test_the_organization_dialog_saves_name_and_seat_limit(app):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("O")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, OrganizationScreen)
        assert screen.query_one("#name", Input).value == "Test Org"
        assert screen.query_one("#seat-limit", Input).value == "10"
        assert "Clients 5 / 10" in str(screen.query_one("#seats", Static).render())
        # Below the five active clients: refused, the dialog stays open with the reason.
        screen.query_one("#seat-limit", Input).value = "3"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert pilot.app.screen is screen
        error = str(screen.query_one("#error", Static).render())
        assert "cannot be 3: 5 clients are active, 2 more than that" in error
        screen.query_one("#name", Input).value = "Renamed Org"
        screen.query_one("#seat-limit", Input).value = ""
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, MainScreen)
        assert pilot.app.screen.title.startswith("Renamed Org")
    record = org.get_org()
    assert (record.name, record.client_seat_limit) == ("Renamed Org", None)
    [entry] = audit.entries(action="org.updated")
    assert entry.details["changes"]["client_seat_limit"] == [10, None]
    assert entry.actor == "admin@example.com"
