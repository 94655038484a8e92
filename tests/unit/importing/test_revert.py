"""Undo: created users deleted, updated fields restored, later changes left alone and named."""

from __future__ import annotations

import json

import pytest

from rostertui.db.models import AuditEntry, ImportBatch
from rostertui.domain import org
from rostertui.domain.enums import Kind
from rostertui.domain.errors import InvalidState, NotFound, SeatLimitExceeded
from rostertui.domain.queries import count_users
from rostertui.domain.users import create_clients, edit_user, find_by_email, get_user
from rostertui.importing.revert import list_batches, revert_batch
from tests.factories import client_data

from .conftest import client_line, clients_file, csv_bytes


def test_revert_deletes_created_and_restores_updated(make_session, admin, with_tags):
    ann = create_clients([client_data(1, tags=["VIP"], phone="5550001111",
                                      attributes={"Plan": "Gold"})], admin)[0]
    data = csv_bytes("email,first_name,last_name,birthdate,sex,tags,attribute:Plan,"
                     "attribute:Coach,status\n"
                     "client1@example.com,Annie,,1970-07-07,,Newsletter,Silver,Kim,archived\n"
                     "new@example.com,New,Person,1990-01-01,M,VIP,,,\n")
    result = make_session(data).commit(admin)
    assert find_by_email("new@example.com") is not None
    undo = revert_batch(result.batch_id, admin)
    assert (undo.deleted, undo.restored, undo.left_alone) == (1, 1, [])
    assert find_by_email("new@example.com") is None
    back = get_user(ann.id)
    assert (back.first_name, back.birthdate, back.status) == (ann.first_name, ann.birthdate,
                                                              "active")
    assert back.archived_at is None
    assert back.tags == ("VIP",)
    assert back.attributes == {"Plan": "Gold"}
    assert back.phone == "5550001111"
    assert ImportBatch.get_by_id(result.batch_id).status == "reverted"
    entry = AuditEntry.select().where(AuditEntry.action == "import.reverted").get()
    assert json.loads(entry.details)["deleted"] == 1


def test_users_changed_since_the_import_are_left_alone_and_named(make_session, admin):
    ann = create_clients([client_data(1)], admin)[0]
    data = clients_file(client_line(1, email="client1@example.com", first_name="Annie",
                                    birthdate="1980-01-01"),
                        client_line(2), client_line(3))
    result = make_session(data).commit(admin)
    touched = get_user(ann.id)
    edit_user(ann.id, touched.version, {"last_name": "Later"}, admin)
    c2 = find_by_email("c2@example.com")
    edit_user(c2.id, c2.version, {"middle_name": "Kept"}, admin)
    undo = revert_batch(result.batch_id, admin)
    assert (undo.deleted, undo.restored) == (1, 0)
    assert len(undo.left_alone) == 2
    assert "row 2: client1@example.com" in undo.left_alone[0]
    assert "row 3: c2@example.com" in undo.left_alone[1]
    assert "changed since the import" in undo.left_alone[0]
    assert get_user(ann.id).first_name == "Annie"  # not restored: it changed since
    assert find_by_email("c2@example.com").middle_name == "Kept"
    assert find_by_email("c3@example.com") is None


def test_revert_twice_or_unknown_batch_is_refused(make_session, admin):
    result = make_session(clients_file(client_line(1))).commit(admin)
    revert_batch(result.batch_id, admin)
    with pytest.raises(InvalidState, match="already undone"):
        revert_batch(result.batch_id, admin)
    with pytest.raises(NotFound, match="no import batch 999"):
        revert_batch(999, admin)


def test_revert_that_reactivates_clients_respects_seats(make_session, admin):
    create_clients([client_data(1)], admin)
    org.update_org(admin, client_seat_limit=1)
    data = csv_bytes("email,first_name,status\nclient1@example.com,First1,archived\n")
    result = make_session(data).commit(admin)
    create_clients([client_data(2)], admin)  # takes the freed seat
    with pytest.raises(SeatLimitExceeded):
        revert_batch(result.batch_id, admin)
    assert find_by_email("client1@example.com").status == "archived"


def test_list_batches(make_session, admin):
    make_session(clients_file(client_line(1)), name="one.csv").commit(admin)
    make_session(clients_file(client_line(2)), name="two.csv").commit(admin)
    batches = list_batches()
    assert [b.file_name for b in batches] == ["two.csv", "one.csv"]
    assert batches[0].created == 1 and batches[0].status == "committed"
    assert count_users(Kind.CLIENT) == 2
