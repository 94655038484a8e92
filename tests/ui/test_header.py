"""The header fits: organization, operator and seats at 80 columns; the organization and the
operator are shortened first, the seat count never."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from rostertui.domain import org
from rostertui.ui.widgets.header import GAP, SEP, RosterHeader, fit_header
from tests.ui.conftest import settle

LONG_ORG = "Northwind Health Partners of Greater Springfield"
LONG_OPERATOR = "administrator.on.duty@northwind-health.example"
SEATS = "Clients 186 / 250"


@pytest.mark.parametrize("width", [78, 90, 118])
def test_long_names_are_shortened_and_the_seats_never(width):
    shown_org, shown_operator, seats = fit_header(width, LONG_ORG, LONG_OPERATOR, SEATS,
                                                  demo=True)
    assert seats == SEATS
    assert shown_org.endswith("… (demo)") and shown_operator.endswith("…")
    assert LONG_ORG.startswith(shown_org.removesuffix("… (demo)"))
    assert LONG_OPERATOR.startswith(shown_operator.removesuffix("…"))
    used = cell_len(shown_org) + len(SEP) + cell_len(shown_operator) + GAP + len(SEATS)
    assert used == width  # every cell used, none over


def test_what_fits_is_not_shortened():
    assert fit_header(78, "Northwind Health", "admin@northwind-health.example", SEATS,
                      demo=True) == ("Northwind Health (demo)",
                                     "admin@northwind-health.example", SEATS)


def test_a_short_name_leaves_its_room_to_the_long_one():
    shown_org, shown_operator, _ = fit_header(78, "Acme", LONG_OPERATOR + "x" * 20, SEATS)
    assert shown_org == "Acme"
    assert cell_len(shown_operator) == 78 - len(SEATS) - len(SEP) - GAP - 4


def test_too_narrow_leaves_out_the_operator_then_the_organization():
    assert fit_header(40, LONG_ORG, LONG_OPERATOR, SEATS)[1] == ""
    assert fit_header(22, LONG_ORG, LONG_OPERATOR, SEATS) == ("", "", SEATS)


def test_wide_characters_count_as_two_cells():
    shown_org, shown_operator, _ = fit_header(78, "東京" * 20, LONG_OPERATOR, SEATS)
    assert cell_len(shown_org) + len(SEP) + cell_len(shown_operator) + GAP + len(SEATS) <= 78


async def test_at_80x24_the_header_shows_organization_operator_and_seats(app, admin):
    org.update_org(admin, name=LONG_ORG)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        header = pilot.app.screen.query_one(RosterHeader)
        text = header.text
        assert header.region.width == 80 and cell_len(text) <= 78
        assert text.endswith("Clients 5 / 10")
        assert text.startswith("Northwind Health Partners")
        assert "admin@example.com" in text  # short enough to stay whole
        await pilot.resize_terminal(120, 30)
        await settle(pilot)
        assert header.text.startswith(LONG_ORG)  # wide enough: nothing shortened


async def test_user_text_in_the_header_is_inert(app, admin):
    org.update_org(admin, name="[bold]Acme[/bold]")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert pilot.app.screen.query_one(RosterHeader).text.startswith("[bold]Acme[/bold]")
