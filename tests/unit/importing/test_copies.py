"""Copy on write: ``with_cells`` and ``replanned`` give what ``set_cell`` and
``plan(refresh=True)`` give in place, on a copy, and leave the session they start from exactly
as it was (the Import tab draws it while a worker computes the copy)."""

from __future__ import annotations

import random

import pytest

from rostertui.domain import org
from rostertui.domain.users import create_clients
from rostertui.importing import snapshot
from rostertui.importing.engine import ImportOptions
from rostertui.importing.report import row_dict
from tests.factories import client_data

from .conftest import CLIENT_HEADER, TODAY, clients_file

HEADER = CLIENT_HEADER + ",external_id"


def _line(email: str, ext: str, n: int = 1) -> str:
    return f"{email},First{n},Last{n},1980-01-02,female,{ext}"


def state(session) -> list[tuple]:
    """Everything the preview draws or a commit reads, per row, plus the counts."""
    return [(r.number, tuple(r.cells), r.include, r.send_email, r.user_id, r.user_version,
             repr(row_dict(r)), repr(sorted(r.values.items(), key=str)))
            for r in session.rows] + [session.summary()]


@pytest.fixture
def stored(admin):
    return create_clients([client_data(1, email="old@example.com", external_id="E-1")], admin)[0]


@pytest.fixture
def lookups(monkeypatch):
    """Keys are looked up in IN lists (not one read of every user): a fix of a key not read
    yet reads the database, as with a large roster."""
    monkeypatch.setattr(snapshot, "FULL_SCAN_RATIO", 1e9)


@pytest.mark.parametrize("seats", [100, 3])
def test_with_cells_equals_set_cell_and_leaves_the_session_alone(make_session, stored, admin,
                                                                 lookups, seats):
    """Random fixes, each computed on a copy; the copy is taken (as the tab swaps it in) or
    dropped (a newer result came first), and then the session on show is fixed in place:
    in both cases every state equals doing the same fixes in place on a twin session."""
    org.update_org(admin, client_seat_limit=seats)
    rng = random.Random(seats)
    emails = ["a@example.com", "b@example.com", "old@example.com", "not-an-email", ""]
    exts = ["A", "B", "E-1", ""]
    lines = [_line(rng.choice(emails[:4]), rng.choice(exts), n) for n in range(10)]
    data = clients_file(*lines, header=HEADER)
    session = make_session(data)
    twin = make_session(data)  # every fix applied in place
    for step in range(30):
        number = rng.choice(session.rows).number
        column = rng.choice([0, 5])
        text = rng.choice(emails + [f"new{step}@example.com"] if column == 0 else exts)
        before = state(session)
        rows_before = list(session.rows)
        copy, changed = session.with_cells(number, {column: text})
        assert state(session) == before, f"step {step}: the session on show changed"
        assert all(a is b for a, b in zip(session.rows, rows_before, strict=True))
        assert not set(map(id, copy.rows)) & set(map(id, session.rows))
        if step % 2:  # taken
            planned = twin.set_cell(twin.row(number), column, text)
            assert state(copy) == state(twin), f"step {step}"
            assert changed == [r.number for r in planned]
            session = copy
        else:  # dropped: the session on show plans as if no copy had been made
            session.set_cell(session.row(number), 5, f"other{step}")
            twin.set_cell(twin.row(number), 5, f"other{step}")
            assert state(session) == state(twin), f"step {step}: after a dropped copy"


def test_a_fix_that_reads_the_database_reads_into_the_copy(make_session, stored, lookups):
    session = make_session(clients_file(_line("a@example.com", "A", 1), header=HEADER))
    row = session.rows[0]
    assert session.fix_needs_database(row, 0, "old@example.com") is True
    copy, _ = session.with_cells(row.number, {0: "old@example.com"})
    assert copy.rows[0].action == "update" and copy.rows[0].user_id is not None
    # the session on show has not read that key: its view of the database is its own
    assert session.fix_needs_database(row, 0, "old@example.com") is True
    assert row.action == "create" and row.cells[0] == "a@example.com"


def test_replanned_equals_a_fresh_plan_and_leaves_the_session_alone(make_session, admin):
    data = clients_file(_line("a@example.com", "A", 1), _line("b@example.com", "B", 2),
                        header=HEADER)
    session = make_session(data, default_status="pending", extra_tags=())
    in_place = make_session(data, default_status="pending", extra_tags=())
    session.set_send_email(session.rows[0], True)
    in_place.set_send_email(in_place.rows[0], True)
    before = state(session)
    create_clients([client_data(2, email="a@example.com", external_id="A")], admin)
    fresh = session.replanned()
    in_place.plan(refresh=True)
    assert state(session) == before
    assert state(fresh) == state(in_place)
    assert fresh.rows[0].action == "update" and fresh.rows[0].send_email is True


def test_a_row_copy_holds_every_field(make_session, admin):
    from rostertui.importing.rows import Row

    session = make_session(clients_file(_line("a@example.com", "A", 1), header=HEADER))
    row = session.rows[0]
    row.send_email, row.include, row.password = True, False, "secret"
    copy = row.copy()
    for name in Row.__slots__:  # a field added to Row and not to copy() fails here
        assert getattr(copy, name) == getattr(row, name), name
    assert copy.cells is not row.cells and copy.values is not row.values


def test_with_options_leaves_the_session_alone(make_session, admin):
    data = clients_file(_line("a@example.com", "A", 1), _line("a@example.com", "B", 2),
                        header=HEADER)
    session = make_session(data)
    before = state(session)
    other = session.with_options(ImportOptions(default_status="pending", today=TODAY))
    other.plan()
    assert state(session) == before
    assert all(a.cells is not b.cells for a, b in zip(session.rows, other.rows, strict=True))
