"""The one-shot dry run (``rostertui import --dry-run``) keeps rows compact, yet reports
exactly what a session planned row by row reports."""

from __future__ import annotations

import random
import tracemalloc

import pytest

from rostertui.domain import org
from rostertui.domain.users import create_clients
from rostertui.importing import report
from rostertui.importing.oneshot import SettledRow
from rostertui.importing.report import row_dict
from tests.factories import client_data

from .conftest import CLIENT_HEADER, clients_file, csv_bytes

HEADER = CLIENT_HEADER + ",external_id,tags,status"


def _line(rng: random.Random, n: int) -> str:
    if rng.random() < 0.5:  # a clean row
        return f"c{n}@example.com,First{n},Last{n},1980-01-02,female,X-{n},,"
    email = rng.choice([f"c{n}@example.com", f"c{n}@example.com", "dup@example.com",
                        "old@example.com", "OLD2@example.com", "not-an-email", ""])
    ext = rng.choice(["", "", f"X-{n}", "E-1", "E-2", "SAME"])
    birth = rng.choice(["1980-01-02", "1980-01-02", "2999-01-01", "", "02/03/1980"])
    tag = rng.choice(["", "", "VIP", "Nope"])
    status = rng.choice(["", "", "active", "archived", "pending", "bogus"])
    extra = rng.choice(["", "", ",surplus"])
    return f"{email},First{n},Last{n},{birth},female,{ext},{tag},{status}{extra}"


def _everything(session) -> tuple:
    return (report.report(session, name="f.csv"), session.summary(), session.outcome(),
            list(report.text_lines(session, dry_run=True, max_rows_shown=10_000)),
            [(r.number, bool(r.errors), r.writes, r.include, r.send_email)
             for r in session.rows])


@pytest.fixture
def stored(admin):
    create_clients([client_data(1, email="old@example.com", external_id="E-1"),
                    client_data(2, email="old2@example.com", external_id="E-2",
                                first_name="Other")], admin)


@pytest.mark.parametrize("seats", [None, 40, 3])
@pytest.mark.parametrize("seed", [1, 2])
def test_a_one_shot_dry_run_reports_what_a_whole_plan_does(make_session, stored, admin,
                                                             with_tags, seats, seed):
    org.update_org(admin, client_seat_limit=seats)
    rng = random.Random(seed)
    data = clients_file(*(_line(rng, n) for n in range(60)), header=HEADER)
    for send in ("none", "all"):
        whole = make_session(data, keep_cells=False, send_email=send)
        once = make_session(data, keep_cells=False, send_email=send, dry_run_only=True)
        assert _everything(once) == _everything(whole)
        assert any(isinstance(r, SettledRow) for r in once.rows)
        assert any(r.action == "error" for r in once.rows)


def test_rows_past_the_seat_limit_are_marked_as_a_whole_plan_marks_them(make_session, admin):
    org.update_org(admin, client_seat_limit=2)
    data = clients_file(*(f"c{n}@example.com,F,L,1980-01-02,female" for n in range(5)))
    once = make_session(data, keep_cells=False, dry_run_only=True)
    whole = make_session(data, keep_cells=False)
    assert [r.action for r in once.rows] == ["create", "create", "error", "error", "error"]
    assert [row_dict(r) for r in once.rows] == [row_dict(r) for r in whole.rows]
    assert "seat limit of 2" in once.rows[4].errors[0].message


def test_rows_asked_for_before_planning_are_whole_rows(make_session, admin):
    """A report written before the plan (the database could not be read) lists the checked
    rows, as a session that is not one-shot does."""
    data = clients_file("a@example.com,F,L,1980-01-02,female", "bad,F,L,1980-01-02,female")
    once = make_session(data, plan=False, keep_cells=False, dry_run_only=True)
    whole = make_session(data, plan=False, keep_cells=False)
    assert report.report(once) == report.report(whole)


def test_option_fixes_and_kept_cells_take_the_whole_path(make_session, admin):
    data = clients_file("a@example.com,F,L,1980-01-02,F")
    fixed = make_session(data, keep_cells=False, dry_run_only=True,
                         values={"sex": {"F": "female"}})
    kept = make_session(data, dry_run_only=True)
    assert not isinstance(fixed.rows[0], SettledRow) and fixed.rows[0].fixes
    assert not isinstance(kept.rows[0], SettledRow) and kept.rows[0].cells


def test_a_one_shot_dry_run_holds_little_per_row(make_session, admin):
    """What the planned session holds per clean row of 8 columns: its number, action and
    email, not its cells and values (a whole row holds about 540 bytes)."""
    n = 20_000
    org.update_org(admin, client_seat_limit=None)
    lines = [f"user{i}@example.com,Ana,Smith,1980-01-{1 + i % 28:02d},female,EXT-{i:07d},"
             f"555{1000000 + i:07d},USA" for i in range(n)]
    data = csv_bytes("\n".join([CLIENT_HEADER + ",external_id,phone,phone_country",
                                *lines]) + "\n")
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        session = make_session(data, keep_cells=False, dry_run_only=True)
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert session.summary()["create"] == n
    assert held / n < 250, f"{held / n:.0f} bytes a row"


def test_a_dry_run_only_session_is_not_committed(make_session, admin):
    session = make_session(clients_file("a@example.com,F,L,1980-01-02,female"),
                           keep_cells=False, dry_run_only=True)
    with pytest.raises(ValueError, match="dry run only"):
        session.commit(admin)
    assert session.summary()["create"] == 1


def test_when_the_database_cannot_be_read_the_report_lists_the_checked_rows(
        make_session, admin, monkeypatch):
    from peewee import OperationalError

    from rostertui.importing.plan import Planner

    def fail(self, values):
        raise OperationalError("disk I/O error")

    monkeypatch.setattr(Planner, "read_keys", fail)
    data = clients_file("a@example.com,F,L,1980-01-02,female", "bad,F,L,1980-01-02,female")
    reports = []
    for one_shot in (True, False):
        session = make_session(data, plan=False, keep_cells=False, dry_run_only=one_shot)
        with pytest.raises(OperationalError):
            session.plan()
        reports.append(report.report(session))
    assert reports[0] == reports[1] and len(reports[0]["rows"]) == 2


def test_the_first_pass_reads_the_keys_that_checking_the_row_gives(make_session, admin):
    """Keys with bytes that are not UTF-8, formula starts, scientific notation, blanks and
    spaces: the first pass names the users a whole check of each row would."""
    header = "email,first_name,last_name,birthdate,sex,external_id,username,id"
    lines = ["a@example.com,Zoë,L,1980-01-02,female,  X-1 ,ann,".encode(),
             b"b@exampl\xe9.com,F,L,1980-01-02,female,X-2\xe9,b\xe9n,",
             b"=cmd@example.com,F,L,1980-01-02,female,5.55E+09,@bob,7",
             b" C@Example.COM ,F,L,1980-01-02,female,,'=x,abc",
             b"a@example.com,F,L,1980-01-02,female,X-1,ann,99999999999999999999"]
    data = (header + "\r\n").encode() + b"\r\n".join(lines) + b"\r\n"
    whole = make_session(data)
    assert whole.encoding == "utf-8" and whole.file.bad_bytes
    keys = whole.validator.only(("id", "email", "external_id", "username"))
    for row in whole.rows:
        wanted = {k: v for k, v in row.values.items()
                  if k in ("id", "email", "external_id", "username")}
        assert keys.key_values(row.number, row.cells) == wanted, row.number
    whole = make_session(data, keep_cells=False)
    once = make_session(data, keep_cells=False, dry_run_only=True)
    assert _everything(once) == _everything(whole)
