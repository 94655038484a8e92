"""Export followed by import changes nothing, for clients and team members, tricky text included."""

from __future__ import annotations

import io

from rostertui.domain import org
from rostertui.domain.enums import Kind
from rostertui.domain.export import export_users
from rostertui.domain.users import create_clients, create_team_members
from tests.factories import client_data, team_data


def _export(kind: Kind) -> bytes:
    out = io.StringIO(newline="")
    export_users(out, kind, None)
    return out.getvalue().encode("utf-8")


def test_export_then_import_is_unchanged_for_every_client(make_session, admin, with_tags):
    org.update_org(admin, client_seat_limit=None)
    create_clients([
        client_data(1, first_name="=Ann", last_name="-Lee", middle_name="@home",
                    tags=["VIP", "Newsletter"], attributes={"Plan": "+Gold", "Coach": "Kim"},
                    phone="5551234567", phone_country="CAN", external_id="X-1",
                    username="ann", office="Main"),
        client_data(2, first_name="[bold]Eve[/]", last_name="O'Brien, Jr",
                    middle_name="Line", status="archived"),
        client_data(3, first_name="Zoë", last_name="Łukasiewicz", status="pending",
                    profile_type="facility"),
    ], admin)
    data = _export(Kind.CLIENT)
    session = make_session(data, kind=Kind.CLIENT)
    assert session.file_errors == [] and session.file_warnings == []
    assert [(r.action, r.errors, r.changes) for r in session.rows] == [
        ("unchanged", [], {})] * 3


def test_export_then_import_is_unchanged_for_every_team_member(make_session, admin):
    create_team_members([team_data(1, roles=["Practitioner", "Billing Administrator"]),
                         team_data(2, roles=["Administrator"], profile_type="facility",
                                   last_name="")], admin)
    session = make_session(_export(Kind.TEAM_MEMBER), kind=Kind.TEAM_MEMBER)
    assert len(session.rows) == 3
    assert {r.action for r in session.rows} == {"unchanged"}


def test_markup_in_a_name_is_stored_as_text(make_session, admin):
    from .conftest import client_line, clients_file

    session = make_session(clients_file(client_line(1, first_name="[bold]Eve[/]")))
    session.commit(admin)
    from rostertui.domain.users import find_by_email

    assert find_by_email("c1@example.com").first_name == "[bold]Eve[/]"
