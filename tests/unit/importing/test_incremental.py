"""The Import tab's fast paths: a fix plans again only the rows it affects, toggles only
flip flags and adjust the kept counts; the outcome always equals planning the whole file."""

from __future__ import annotations

import random

import pytest

from rostertui.domain import org
from rostertui.domain.users import create_clients
from rostertui.importing.report import row_dict
from tests.factories import client_data

from .conftest import CLIENT_HEADER, clients_file, csv_bytes

HEADER = CLIENT_HEADER + ",external_id"


def _line(email: str, ext: str, n: int = 1) -> str:
    return f"{email},First{n},Last{n},1980-01-02,female,{ext}"


def _state(session) -> list[tuple]:
    return [(r.include, r.send_email, repr(row_dict(r))) for r in session.rows]


def _fresh_summary(session) -> dict[str, int]:
    session._counts = None
    return session.summary()


@pytest.fixture
def stored(admin):
    return create_clients([client_data(1, email="old@example.com", external_id="E-1")], admin)[0]


def test_a_fix_plans_only_the_rows_sharing_its_keys(make_session, stored):
    lines = [_line(f"c{n}@example.com", f"X-{n}", n) for n in range(1, 8)]
    lines[3] = _line("c1@example.com", "X-4", 4)  # a duplicate of row 2's email
    session = make_session(clients_file(*lines, header=HEADER))
    assert session.rows[3].action == "error"
    changed = session.set_cell(session.rows[3], 0, "c4@example.com")
    assert {r.number for r in changed} == {2, 5}  # the row and the row it duplicated
    assert session.rows[3].action == "create"
    assert session.summary()["error"] == 0


def test_a_fix_that_creates_a_duplicate_marks_the_later_row(make_session, stored):
    session = make_session(clients_file(_line("a@example.com", "A", 1),
                                        _line("b@example.com", "B", 2), header=HEADER))
    session.set_cell(session.rows[0], 0, "B@example.com")
    assert [r.action for r in session.rows] == ["create", "error"]
    assert "also given on row 2" in session.rows[1].errors[0].message
    session.set_cell(session.rows[0], 0, "a@example.com")
    assert [r.action for r in session.rows] == ["create", "create"]


@pytest.mark.parametrize("seats", [10, 3])
def test_random_fixes_match_a_whole_plan(make_session, stored, admin, seats):
    """After every fix the rows and the counts are what planning the whole file gives."""
    org.update_org(admin, client_seat_limit=seats)
    rng = random.Random(seats)
    emails = ["a@example.com", "b@example.com", "old@example.com", "not-an-email", ""]
    exts = ["A", "B", "E-1", ""]
    lines = [_line(rng.choice(emails[:4]), rng.choice(exts), n) for n in range(12)]
    data = clients_file(*lines, header=HEADER)
    session = make_session(data)
    for step in range(40):
        row = rng.choice(session.rows)
        column = rng.choice([0, 5])
        text = rng.choice(emails if column == 0 else exts)
        session.set_cell(row, column, text)
        if step % 3 == 0:
            session.set_send_email(row, True)
        if step % 5 == 0:
            session.set_included(rng.choice(session.rows), bool(step % 2))
        incremental, counts = _state(session), session.summary()
        session.plan()  # the whole file, from memory
        assert _state(session) == incremental, f"step {step}"
        assert counts == _fresh_summary(session)


def test_toggles_keep_the_counts(make_session, admin):
    session = make_session(clients_file(_line("a@example.com", "A", 1),
                                        _line("b@example.com", "B", 2),
                                        _line("bad", "C", 3), header=HEADER))
    assert session.summary()["emails"] == 0
    session.set_send_email(session.rows[0], True)
    session.set_send_email(session.rows[2], True)  # an error row queues nothing
    assert session.summary()["emails"] == 1
    session.set_included(session.rows[0], False)
    assert session.summary()["emails"] == 0
    session.set_send_email(None, True)
    assert session.summary()["emails"] == 1
    session.set_all_included(True)
    assert session.summary() == _fresh_summary(session)
    assert session.summary()["emails"] == 2
    assert session.outcome() == {"create": 2, "update": 0, "unchanged": 0, "error": 1,
                                 "excluded": 0, "emails": 2}


def test_with_a_seat_limit_fixes_and_toggles_count_the_seats_again(make_session, admin):
    org.update_org(admin, client_seat_limit=1)
    session = make_session(clients_file(_line("a@example.com", "A", 1),
                                        _line("bad", "B", 2), header=HEADER))
    assert [r.action for r in session.rows] == ["create", "error"]
    session.set_cell(session.rows[1], 0, "b@example.com")
    assert session.rows[1].action == "error"  # past the seat limit
    session.set_included(session.rows[0], False)
    assert session.rows[1].action == "create"


def test_a_row_of_another_session_is_refused(make_session, admin):
    one = make_session(clients_file(_line("a@example.com", "A", 1), header=HEADER))
    two = make_session(csv_bytes(HEADER + "\n" + _line("b@example.com", "B", 1) + "\n"))
    with pytest.raises(KeyError):
        one.revalidate(two.rows[0])


def test_a_fix_says_whether_it_needs_the_database(make_session, stored, snapshot_lookups):
    session = make_session(clients_file(_line("a@example.com", "A", 1), header=HEADER))
    row = session.rows[0]
    assert session.fix_needs_database(row, 1, "Another name") is False
    assert session.fix_needs_database(row, 0, "new@example.com") is True
    assert session.fix_needs_database(row, 0, "not an email") is False  # no key to look up
    session.set_cell(row, 0, "new@example.com")
    assert session.fix_needs_database(row, 0, "new@example.com") is False


@pytest.fixture
def snapshot_lookups(monkeypatch):
    from rostertui.importing import snapshot

    monkeypatch.setattr(snapshot, "FULL_SCAN_RATIO", 1e9)
