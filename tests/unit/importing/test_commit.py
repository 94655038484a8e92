"""Commit: one transaction, skip-invalid, seats, the batch record, emails, passwords, audit."""

from __future__ import annotations

import hashlib
import json

import pytest

from rostertui.db.models import AuditEntry, ImportBatch, ImportBatchRow, Tag, User
from rostertui.domain import org, passwords
from rostertui.domain.enums import Kind
from rostertui.domain.errors import Conflict, SeatLimitExceeded
from rostertui.domain.queries import count_users
from rostertui.domain.users import create_clients, edit_user, find_by_email, get_user
from rostertui.importing.commit import RowsHaveErrors
from tests.factories import client_data

from .conftest import CLIENT_HEADER, client_line, clients_file, csv_bytes


def snapshot_db() -> dict[str, list]:
    """Everything the import could touch, to compare before and after."""
    from rostertui.db.models import UserAttribute, UserRole, UserTag

    return {m.__name__: sorted(map(str, m.select().tuples()))
            for m in (User, Tag, UserTag, UserRole, UserAttribute, ImportBatch, ImportBatchRow,
                      AuditEntry)}


def test_commit_creates_users_with_tags_and_attributes(make_session, admin, with_tags):
    data = csv_bytes(f"{CLIENT_HEADER},tag,tag,attribute:Plan,phone\n"
                     f"{client_line(1)},VIP,newsletter,Gold,(555) 111-2222\n"
                     f"{client_line(2)},,,,\n")
    session = make_session(data)
    result = session.commit(admin)
    assert (result.created, result.updated, result.skipped) == (2, 0, 0)
    one = find_by_email("c1@example.com")
    assert one.tags == ("Newsletter", "VIP")
    assert one.attributes == {"Plan": "Gold"}
    assert (one.phone, one.status, one.source, one.version) == ("5551112222", "active",
                                                                "import", 1)
    assert one.birthdate.isoformat() == "1980-01-02" and one.sex == "female"
    two = find_by_email("c2@example.com")
    assert two.tags == () and two.middle_name == "" and two.profile_type == "individual"


def test_commit_updates_only_changed_fields_and_bumps_the_version(make_session, admin,
                                                                   with_tags):
    ann = create_clients([client_data(1, phone="5550000000", tags=["VIP"],
                                      attributes={"Plan": "Gold", "Coach": "Kim"})], admin)[0]
    data = csv_bytes("email,first_name,phone,tags,attribute:Plan,status\n"
                     "client1@example.com,Annie,,Newsletter,Silver,archived\n")
    session = make_session(data)
    session.commit(admin)
    after = get_user(ann.id)
    assert after.first_name == "Annie" and after.phone == "5550000000"
    assert after.tags == ("Newsletter",)
    assert after.attributes == {"Plan": "Silver", "Coach": "Kim"}
    assert after.status == "archived" and after.archived_at is not None
    assert after.version == ann.version + 1
    assert after.last_name == ann.last_name


def test_nothing_is_written_when_rows_have_errors(make_session, admin):
    before = snapshot_db()
    session = make_session(clients_file(client_line(1), client_line(2, sex="x")))
    with pytest.raises(RowsHaveErrors, match="1 row"):
        session.commit(admin)
    assert snapshot_db() == before


def test_skip_invalid_leaves_the_error_rows_out(make_session, admin):
    session = make_session(clients_file(client_line(1), client_line(2, sex="x"),
                                        client_line(3)))
    result = session.commit(admin, skip_invalid=True)
    assert (result.created, result.skipped) == (2, 1)
    assert find_by_email("c2@example.com") is None
    batch = ImportBatch.get_by_id(result.batch_id)
    assert (batch.rows, batch.created, batch.skipped) == (3, 2, 1)


def test_rows_left_out_by_the_admin_are_not_written(make_session, admin):
    session = make_session(clients_file(client_line(1), client_line(2)))
    session.set_included(session.rows[1], False)
    assert session.commit(admin).created == 1
    assert find_by_email("c2@example.com") is None


@pytest.mark.parametrize("stage", ["checked", "created", "updated", "recorded", "queued"])
def test_an_exception_midway_leaves_the_database_unchanged(make_session, admin, with_tags,
                                                            stage):
    create_clients([client_data(9, email="c9@example.com")], admin)
    before = snapshot_db()
    data = csv_bytes(f"{CLIENT_HEADER},tags\n{client_line(1)},Brand New\n"
                     f"{client_line(9, first_name='Changed')},VIP\n")
    session = make_session(data, create_missing_tags=True)

    def boom(at: str) -> None:
        if at == stage:
            raise RuntimeError("killed")

    with pytest.raises(RuntimeError, match="killed"):
        session.commit(admin, hook=boom)
    assert snapshot_db() == before


def test_the_batch_records_file_operator_counts_and_previous_values(make_session, admin):
    ann = create_clients([client_data(1)], admin)[0]
    data = clients_file(client_line(1, email="client1@example.com", first_name="Annie",
                                    birthdate="1980-01-01"), client_line(2))
    session = make_session(data, name="people.csv", send_email="all")
    result = session.commit(admin)
    batch = ImportBatch.get_by_id(result.batch_id)
    assert batch.file_name == "people.csv"
    assert batch.file_sha256 == hashlib.sha256(data).hexdigest()
    assert batch.operator_id == admin.user_id and batch.operator_label == admin.label
    assert (batch.created, batch.updated, batch.unchanged, batch.emails) == (1, 1, 0, 2)
    rows = {r.row_number: r for r in ImportBatchRow.select().where(
        ImportBatchRow.batch == batch.id)}
    assert rows[2].action == "update" and rows[2].user_id == ann.id
    assert json.loads(rows[2].before) == {"first_name": "First1"}
    assert rows[2].version_after == ann.version + 1
    assert rows[3].action == "create" and rows[3].version_after == 1
    assert rows[2].send_email and rows[3].send_email
    entry = AuditEntry.select().where(AuditEntry.action == "import.committed").get()
    details = json.loads(entry.details)
    assert details["batch"] == batch.id and details["created"] == 1 and details["updated"] == 1


def test_emails_are_off_by_default_and_counted_when_asked(make_session, admin):
    session = make_session(clients_file(client_line(1)))
    assert session.summary()["emails"] == 0
    assert session.commit(admin).emails == 0
    session = make_session(clients_file(client_line(2), client_line(3)), send_email="all")
    assert session.summary()["emails"] == 2
    session.set_send_email(session.rows[0], False)
    assert session.commit(admin).emails == 1


def test_passwords_are_hashed_only_for_rows_that_carry_one(make_session, admin, monkeypatch):
    calls = []
    real = passwords.hash_password
    monkeypatch.setattr(passwords, "hash_password", lambda p: calls.append(1) or real(p))
    data = csv_bytes(f"{CLIENT_HEADER},initial_password\n{client_line(1)},Welc0me-Home!\n"
                     f"{client_line(2)},\n")
    make_session(data).commit(admin)
    assert len(calls) == 1
    stored = User.get(User.email == "c1@example.com").password_hash
    assert passwords.verify_password("Welc0me-Home!", stored)
    assert "Welc0me" not in stored
    assert User.get(User.email == "c2@example.com").password_hash is None
    assert "Welc0me" not in "".join(e.details for e in AuditEntry.select())
    assert "Welc0me" not in "".join(r.before for r in ImportBatchRow.select())


def test_seat_limit_is_checked_again_at_commit(make_session, admin):
    org.update_org(admin, client_seat_limit=2)
    session = make_session(clients_file(client_line(1), client_line(2)))
    create_clients([client_data(7)], admin)  # someone took a seat since the plan
    with pytest.raises(SeatLimitExceeded) as info:
        session.commit(admin)
    assert info.value.over_by == 1
    assert count_users(Kind.CLIENT) == 1


def test_a_user_changed_since_the_plan_refuses_the_commit(make_session, admin):
    ann = create_clients([client_data(1)], admin)[0]
    session = make_session(csv_bytes("email,first_name\nclient1@example.com,Annie\n"))
    edit_user(ann.id, ann.version, {"middle_name": "Q"}, admin)
    with pytest.raises(Conflict, match="changed since the file was checked"):
        session.commit(admin)
    assert get_user(ann.id).first_name == "First1"


def test_an_email_taken_since_the_plan_refuses_the_commit(make_session, admin):
    session = make_session(clients_file(client_line(1)))
    create_clients([client_data(1, email="c1@example.com")], admin)
    with pytest.raises(Conflict, match="row 2"):
        session.commit(admin)


def test_team_import_with_roles(make_session, admin):
    data = csv_bytes("Email Address,First Name,Last Name,Role,Office\n"
                     "p@example.com,Pat,Ng,Practitioner;Billing Administrator,Riverside\n"
                     "q@example.com,Quinn,Lee,,Main\n")
    session = make_session(data, kind=Kind.TEAM_MEMBER, default_role="Practitioner")
    session.commit(admin)
    assert find_by_email("p@example.com").roles == ("Practitioner", "Billing Administrator")
    assert find_by_email("q@example.com").roles == ("Practitioner",)
    assert find_by_email("q@example.com").kind == "team_member"


def test_unchanged_only_file_writes_no_batch(make_session, admin):
    create_clients([client_data(1)], admin)
    session = make_session(csv_bytes("email,first_name\nclient1@example.com,First1\n"))
    result = session.commit(admin)
    assert result.batch_id is None and result.unchanged == 1
    assert ImportBatch.select().count() == 0


def test_many_rows_are_written_in_a_few_statements(make_session, admin, db):
    """Set-based: the number of statements does not grow with the number of rows."""
    from rostertui.db.models import database

    org.update_org(admin, client_seat_limit=None)
    lines = [client_line(n) + f",T{n % 3}" for n in range(1, 1501)]
    session = make_session(clients_file(*lines, header=CLIENT_HEADER + ",tags"),
                           create_missing_tags=True)
    executed = []
    real = database.obj.execute_sql

    def counting(sql, params=None, *args, **kwargs):
        executed.append(sql)
        return real(sql, params, *args, **kwargs)

    database.obj.execute_sql = counting
    try:
        session.commit(admin)
    finally:
        del database.obj.execute_sql
    assert count_users(Kind.CLIENT) == 1500
    assert len(executed) < 40, len(executed)


KILL_SCRIPT = r"""
import os, signal, sys
from rostertui.db.connection import open_database
from rostertui.domain.actor import Actor
from rostertui.importing.engine import ImportOptions, load

open_database(sys.argv[1])
session = load(sys.argv[2], ImportOptions())
session.plan()

def die(stage):
    if stage == "updated":
        os.kill(os.getpid(), signal.SIGKILL)

session.commit(Actor.system("kill test"), hook=die)
"""


def test_a_killed_commit_leaves_the_database_as_it_was(tmp_path, org_db, admin):
    import subprocess
    import sys

    from rostertui.db.connection import close_database, open_database

    org.update_org(admin, client_seat_limit=None)
    create_clients([client_data(1, email="c1@example.com")], admin)
    path = tmp_path / "kill.csv"
    path.write_bytes(clients_file(*[client_line(n, first_name="Killed") for n in range(1, 300)]))
    before = snapshot_db()
    close_database()
    proc = subprocess.run([sys.executable, "-c", KILL_SCRIPT, org_db, str(path)],
                          capture_output=True, text=True)
    assert proc.returncode == -9, proc.stderr
    open_database(org_db)
    assert snapshot_db() == before


def test_awkward_text_is_stored_exactly(make_session, admin):
    """Backslashes, a literal \\N and quotes survive the bulk insert (COPY on PostgreSQL)."""
    data = csv_bytes(CLIENT_HEADER + ",middle_name,office,external_id\n"
                     + client_line(1, last_name="O\\Brien") + ',\\N,"Suite ""7""\\tB",\\N\n')
    session = make_session(data)
    assert session.summary()["error"] == 0, session.rows[0].errors
    session.commit(admin)
    user = find_by_email("c1@example.com")
    assert (user.last_name, user.middle_name, user.office, user.external_id) == \
        ("O\\Brien", "\\N", 'Suite "7"\\tB', "\\N")
