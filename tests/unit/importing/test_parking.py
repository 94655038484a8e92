"""Parked imports: stored with everything done to them, resumed exactly, re-planned against
the database as it is then, removed by a commit or a drop."""

from __future__ import annotations

import pytest

from rostertui.domain import org
from rostertui.domain.errors import NotFound
from rostertui.domain.users import create_clients
from rostertui.importing import mapping as header_map
from rostertui.importing import parking, triage
from rostertui.importing.report import row_dict
from tests.factories import client_data

from .conftest import TODAY, csv_bytes

FILE = csv_bytes("Kontakt,Vorname,last_name,DOB,Gender,Notes,initial_password\n"
                 "ann@example.com,Ann,Lee,23/04/1980,M,\"two\nlines\",Welc0me-Home!\n"
                 "bob@example.com,Bob,Ray,03/04/1981,U,,\n"
                 "cy@example.com,,Jo,03/05/1982,F,,\n"
                 "di@example.com,Di,Ka,03/06/1982,X,,\n")


def state(session):
    return ([(r.number, r.include, r.send_email, r.cells, r.fixes, repr(row_dict(r, session)))
             for r in session.rows], session.summary(), session.header,
            [c.key for c in session.columns.columns], session.file_warnings)


@pytest.fixture
def worked(make_session, admin):
    """A file with a header mapping, a value mapping, an inline fix and row choices."""
    org.update_org(admin, client_seat_limit=None)
    mapping = header_map.clean_mapping({"Kontakt": "email", "Vorname": "first_name",
                                        "Notes": "attribute:Notes"})
    session = make_session(FILE, mapping=mapping)
    session = triage.map_values(session, "sex", {"U": "female"})
    session.set_cell(session.row(4), 1, "Cyd")
    session.set_included(session.row(2), False)
    session.set_send_email(session.row(3), True)
    return session


def test_park_then_resume_restores_the_session_exactly(worked, admin):
    parked_id = parking.park(worked, admin)
    (view,) = parking.list_parked()
    assert (view.id, view.file, view.rows, view.errors, view.kind) == (
        parked_id, "test.csv", 4, 1, "client")
    assert view.parked_by == admin.label
    resumed = parking.resume(parked_id, today=TODAY)
    assert resumed.parked_id == parked_id and not resumed.planned
    resumed.plan()
    assert state(resumed) == state(worked)
    assert resumed.options.values == {"sex": {"u": "female"}}
    assert resumed.row(2).password == "Welc0me-Home!"  # kept to create the user, never shown
    assert resumed.row(2).values["attribute:Notes"] == "two\nlines"


def test_a_resumed_import_is_planned_against_the_database_as_it_is_now(worked, admin):
    parked_id = parking.park(worked, admin)
    create_clients([client_data(9, email="bob@example.com", first_name="Bob",
                                last_name="Ray", sex="female", birthdate="1981-04-03")], admin)
    resumed = parking.resume(parked_id, today=TODAY)
    resumed.plan()
    assert resumed.row(3).action == "unchanged"
    assert worked.row(3).action == "create"


def test_committing_a_resumed_import_removes_it(worked, admin):
    parked_id = parking.park(worked, admin)
    resumed = parking.resume(parked_id, today=TODAY)
    resumed = triage.map_values(resumed, "sex", {"X": "female"})  # keeps its parked id
    resumed.plan()
    result = resumed.commit(admin)
    assert result.created == 3  # row 2 is left out, as it was when parked
    assert parking.list_parked() == []


def test_drop_and_park_only_some_rows(worked, admin):
    errors = [r.number for r in worked.rows if r.errors]
    parked_id = parking.park(worked, admin, rows=errors)
    resumed = parking.resume(parked_id, today=TODAY)
    assert [r.number for r in resumed.rows] == errors == [5]
    assert resumed.row(5).cells[4] == "X"
    parking.drop(parked_id, admin)
    assert parking.list_parked() == []
    with pytest.raises(NotFound, match="no parked import"):
        parking.drop(parked_id, admin)
    with pytest.raises(NotFound):
        parking.resume(parked_id)


def test_a_refused_header_cannot_be_parked(make_session, admin):
    session = make_session(csv_bytes("name\nAnn\n"), plan=False)
    with pytest.raises(ValueError, match="cannot be parked"):
        parking.park(session, admin)
