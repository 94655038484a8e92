"""Planning: matching, conflicts, duplicates, create/update/unchanged, tags, seats, row numbers."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rostertui.domain import org
from rostertui.domain.enums import Kind, Role
from rostertui.domain.users import create_clients, create_team_members, edit_user
from rostertui.importing.reader import FileRefused
from rostertui.importing.report import report
from tests.factories import client_data, team_data

from .conftest import CLIENT_HEADER, by_number, client_line, clients_file, csv_bytes


@pytest.fixture(autouse=True, params=["scan", "lookup"])
def snapshot_mode(request, monkeypatch):
    """Every planning test runs twice: reading the whole user table, and key lookups."""
    from rostertui.importing import snapshot

    monkeypatch.setattr(snapshot, "FULL_SCAN_RATIO", 0 if request.param == "scan" else 1e9)
    return request.param


@pytest.fixture
def ann(admin):
    return create_clients([client_data(1, email="ann@example.com", first_name="Ann",
                                       last_name="Lee", external_id="X-1", phone="5551112222",
                                       tags=[])], admin)[0]


def test_new_rows_are_created(make_session, admin):
    session = make_session(clients_file(client_line(1), client_line(2)))
    assert [r.action for r in session.rows] == ["create", "create"]
    assert session.summary() == {"rows": 2, "create": 2, "update": 0, "unchanged": 0,
                                 "error": 0, "emails": 0}


def test_required_fields_to_create_a_client(make_session, admin):
    session = make_session(csv_bytes("email,first_name\na@example.com,Ann\n"))
    row = session.rows[0]
    assert row.action == "error"
    assert {e.field for e in row.errors} == {"last_name", "birthdate", "sex"}
    assert "add a last_name column" in row.errors[0].message


def test_required_cell_left_blank_names_the_column(make_session, admin):
    session = make_session(clients_file(client_line(1, last_name="")))
    (issue,) = session.rows[0].errors
    assert (issue.field, issue.column) == ("last_name", "last_name")
    assert "fill in this cell" in issue.message


def test_facility_team_member_needs_no_last_name(make_session, admin):
    data = csv_bytes("Profile Type ID,Email Address,First Name,Last Name,Role\n"
                     "2,f@example.com,Riverside Wellness,,Practitioner\n"
                     "1,i@example.com,Ivy,,Practitioner\n")
    session = make_session(data, kind=Kind.TEAM_MEMBER)
    rows = by_number(session)
    assert rows[2].action == "create"
    assert rows[3].action == "error" and rows[3].errors[0].field == "last_name"


def test_team_members_need_a_role_or_the_default(make_session, admin):
    data = csv_bytes("email,first_name,last_name,role\nt@example.com,Tom,Ng,\n")
    session = make_session(data, kind=Kind.TEAM_MEMBER)
    assert session.rows[0].errors[0].field == "roles"
    session = make_session(data, kind=Kind.TEAM_MEMBER, default_role=Role.PRACTITIONER)
    assert session.rows[0].action == "create"
    assert session.rows[0].values["roles"] == ["Practitioner"]


def test_an_existing_user_is_updated_and_changes_are_old_new_pairs(make_session, ann):
    data = csv_bytes("email,first_name,last_name,birthdate,phone\n"
                     "ANN@example.com,Annie,,1975-05-05,\n")
    row = make_session(data).rows[0]
    assert row.action == "update"
    assert row.user_id == ann.id
    # Blank cells keep the stored value: last_name and phone are not changed.
    assert row.changes == {"first_name": ["Ann", "Annie"],
                           "birthdate": ["1980-01-01", "1975-05-05"]}


def test_a_row_that_changes_nothing_is_unchanged(make_session, ann):
    data = csv_bytes("email,first_name,last_name,sex\nann@example.com,Ann,Lee,F\n")
    row = make_session(data).rows[0]
    assert (row.action, row.changes) == ("unchanged", {})


def test_match_by_id_then_email_then_external_id(make_session, ann):
    by_id = make_session(csv_bytes(f"id,email,first_name\n{ann.id},new@example.com,Ann\n"))
    assert by_id.rows[0].action == "update"
    assert by_id.rows[0].changes == {"email": ["ann@example.com", "new@example.com"]}
    by_ext = make_session(csv_bytes("external_id,email,first_name\nX-1,other@example.com,Ann\n"))
    assert by_ext.rows[0].user_id == ann.id


def test_keys_pointing_at_different_users_are_an_error_naming_both(make_session, admin, ann):
    bob = create_clients([client_data(2, email="bob@example.com", external_id="X-2")], admin)[0]
    session = make_session(csv_bytes("email,external_id,first_name\n"
                                     "ann@example.com,X-2,Ann\n"))
    (issue,) = session.rows[0].errors
    assert issue.field == "external_id" and issue.column == "external_id"
    assert f"client bob@example.com (id {bob.id})" in issue.message
    assert f"client ann@example.com (id {ann.id})" in issue.message
    session = make_session(csv_bytes(f"id,email,first_name\n{ann.id},bob@example.com,Ann\n"))
    assert session.rows[0].errors[0].field == "email"


def test_unknown_id_is_an_error(make_session, ann):
    session = make_session(csv_bytes("Internal ID,email,first_name\n9999,z@example.com,Z\n"))
    issue = session.rows[0].errors[0]
    assert (issue.field, issue.column) == ("id", "Internal ID")
    assert "no user with id 9999" in issue.message


def test_a_client_row_matching_a_team_member_is_an_error(make_session, admin):
    session = make_session(clients_file(client_line(1, email="admin@example.com")))
    issue = session.rows[0].errors[0]
    assert issue.field == "email"
    assert "belongs to the team member admin@example.com" in issue.message


def test_a_team_row_matching_a_client_is_an_error(make_session, ann):
    session = make_session(csv_bytes("email,first_name,last_name,roles\n"
                                     "ann@example.com,Ann,Lee,Practitioner\n"),
                           kind=Kind.TEAM_MEMBER)
    assert "belongs to the client ann@example.com" in session.rows[0].errors[0].message


def test_duplicates_within_the_file_name_the_earlier_row(make_session, admin):
    data = clients_file(client_line(1), "", client_line(2, email="C1@EXAMPLE.COM"),
                        client_line(3, email="c3@example.com") + ",X",
                        header=CLIENT_HEADER)
    session = make_session(data)
    rows = by_number(session)
    assert rows[2].action == "create"
    # The blank line counts: the duplicate is on spreadsheet row 4.
    assert rows[4].action == "error"
    assert "also given on row 2" in rows[4].errors[0].message


def test_duplicate_external_id_within_the_file(make_session, admin):
    data = csv_bytes(f"{CLIENT_HEADER},external_id\n{client_line(1)},E-1\n{client_line(2)},E-1\n")
    rows = make_session(data).rows
    assert rows[1].errors[0].field == "external_id"
    assert "row 2" in rows[1].errors[0].message


def test_two_rows_reaching_one_user_by_different_keys(make_session, ann):
    data = csv_bytes(f"id,email,first_name\n{ann.id},,Ann\n,ann@example.com,Annie\n")
    rows = make_session(data).rows
    assert "both update client ann@example.com" in rows[1].errors[0].message


def test_username_taken_by_another_user(make_session, admin):
    create_clients([client_data(5, username="taken")], admin)
    data = csv_bytes(f"{CLIENT_HEADER},username\n{client_line(1)},taken\n")
    assert "already used by client client5@example.com" in make_session(data).rows[0].errors[
        0].message


def test_tags_must_exist_unless_created(make_session, with_tags):
    data = csv_bytes(f"{CLIENT_HEADER},tag,tag\n{client_line(1)},vip,Platinum\n")
    row = make_session(data).rows[0]
    assert row.action == "error"
    assert "no such tag 'Platinum'" in row.errors[0].message and row.errors[0].column == "tag"
    row = make_session(data, create_missing_tags=True).rows[0]
    assert row.action == "create"
    assert "will be created" in row.warnings[0].message


def test_tag_changes_on_update(make_session, admin, with_tags):
    create_clients([client_data(1, tags=["VIP"])], admin)
    data = csv_bytes(f"{CLIENT_HEADER},tags\n{client_line(1, email='client1@example.com')},vip\n"
                     .replace("First1,Last1,1980-01-02", "First1,Last1,1980-01-01"))
    assert make_session(data).rows[0].action == "unchanged"
    data2 = data.replace(b",vip", b",VIP;Newsletter")
    row = make_session(data2).rows[0]
    assert row.changes == {"tags": [["VIP"], ["VIP", "Newsletter"]]}


def test_attribute_changes(make_session, admin):
    create_clients([client_data(1, attributes={"Plan": "Gold"})], admin)
    data = csv_bytes("email,first_name,attribute:Plan,attribute:Coach\n"
                     "client1@example.com,First1,Silver,Kim\n")
    assert make_session(data).rows[0].changes == {"attribute:Plan": ["Gold", "Silver"],
                                                  "attribute:Coach": [None, "Kim"]}


def test_password_on_update_is_ignored_with_a_warning(make_session, ann):
    data = csv_bytes("email,first_name,password\nann@example.com,Ann,Secr3t-Pass!\n")
    row = make_session(data).rows[0]
    assert row.action == "unchanged"
    assert "only set when a user is created" in row.warnings[0].message
    assert "Secr3t" not in str(report(make_session(data)))


def test_seat_limit_marks_the_rows_that_exceed_it(make_session, admin):
    org.update_org(admin, client_seat_limit=3)
    create_clients([client_data(1)], admin)
    lines = [client_line(n) for n in range(2, 7)]
    session = make_session(clients_file(*lines))
    actions = [r.action for r in session.rows]
    assert actions == ["create", "create", "error", "error", "error"]
    message = session.rows[-1].errors[0].message
    assert "seat limit of 3" in message and "3 rows exceed the limit" in message


def test_archived_rows_take_no_seat(make_session, admin):
    org.update_org(admin, client_seat_limit=1)
    data = csv_bytes(f"{CLIENT_HEADER},status\n{client_line(1)},archived\n"
                     f"{client_line(2)},active\n")
    assert [r.action for r in make_session(data).rows] == ["create", "create"]


def test_the_last_administrator_cannot_lose_the_role(make_session, admin):
    data = csv_bytes("email,first_name,roles\nadmin@example.com,Ada,Practitioner\n")
    row = make_session(data, kind=Kind.TEAM_MEMBER).rows[0]
    assert "only active Administrator" in row.errors[0].message
    create_team_members([team_data(2, roles=["Administrator"])], admin)
    row = make_session(data, kind=Kind.TEAM_MEMBER).rows[0]
    assert row.action == "update"


def test_excluded_rows_free_their_seat(make_session, admin):
    org.update_org(admin, client_seat_limit=1)
    session = make_session(clients_file(client_line(1), client_line(2)))
    assert session.rows[1].action == "error"
    session.set_included(session.rows[0], False)
    assert session.rows[1].action == "create"


def test_fixing_one_row_clears_the_duplicate_on_another(make_session, admin):
    session = make_session(clients_file(client_line(1), client_line(1)))
    assert session.rows[1].action == "error"
    session.set_cell(session.rows[1], 0, "fixed@example.com")
    assert [r.action for r in session.rows] == ["create", "create"]


def test_a_user_changed_between_two_plans_is_seen(make_session, ann, admin):
    session = make_session(csv_bytes("email,first_name\nann@example.com,Annie\n"))
    assert session.rows[0].user_version == ann.version
    edit_user(ann.id, ann.version, {"first_name": "Annie"}, admin)
    session.plan()  # from memory: still the version read first
    assert session.rows[0].action == "update"
    session.plan(refresh=True)
    assert session.rows[0].user_version == ann.version + 1
    assert session.rows[0].action == "unchanged"


def test_report_shape(make_session, ann):
    data = csv_bytes("email,first_name,Notes\nann@example.com,Annie,hi\nbad,X,\n")
    out = report(make_session(data, name="f.csv"))
    assert set(out) == {"file", "encoding", "delimiter", "sheet", "kind", "committed",
                        "batch_id", "summary", "file_errors", "file_warnings", "rows"}
    assert out["file"] == "f.csv" and out["kind"] == "client" and out["delimiter"] == ","
    assert out["sheet"] is None
    assert out["committed"] is False and out["batch_id"] is None
    assert out["summary"] == {"rows": 2, "create": 0, "update": 1, "unchanged": 0, "error": 1,
                              "emails": 0}
    assert out["file_warnings"] == [{"message": "column 'Notes' is not a field rostertui "
                                                "knows; it is ignored"}]
    first, second = out["rows"]
    assert first == {"row": 2, "action": "update", "email": "ann@example.com", "errors": [],
                     "warnings": [], "changes": {"first_name": ["Ann", "Annie"]}}
    assert second["email"] == "bad" and second["errors"][0]["column"] == "email"
    assert set(second["errors"][0]) == {"field", "column", "message"}


def test_birthdates_are_checked_against_today(make_session, admin):
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).strftime("%Y%m%d")
    session = make_session(clients_file(client_line(1, birthdate=tomorrow)),
                           today=dt.date.today())
    assert "in the future" in session.rows[0].errors[0].message


_cell = st.one_of(st.sampled_from(["", "ann@example.com", "client1@example.com", "X-1", "1",
                                   "2", "9999", "male", "F", "1980-01-01", "19800101", "VIP",
                                   "Practitioner", "archived", "=1", "'=x", "[b]x[/]"]),
                  st.text(max_size=12))


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(header=st.lists(st.sampled_from(["email", "first_name", "last_name", "dob", "sex", "id",
                                        "external_id", "username", "tags", "status", "roles",
                                        "profile_type", "attribute:Plan", "password"]),
                       min_size=2, max_size=8, unique=True),
       rows=st.lists(st.lists(_cell, min_size=8, max_size=8), max_size=8),
       kind=st.sampled_from([Kind.CLIENT, Kind.TEAM_MEMBER]))
def test_planning_arbitrary_rows_never_raises(make_session, ann, header, rows, kind):
    import csv
    import io

    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["email", "first_name", *header])
    writer.writerows(rows)
    try:
        session = make_session(buf.getvalue().encode(), kind=kind)
    except FileRefused:
        return
    summary = session.summary()
    assert sum(summary[a] for a in ("create", "update", "unchanged", "error")) == len(
        session.rows)
    for row in session.rows:
        assert (row.action == "error") == bool(row.errors)


def test_added_tags_go_on_top_of_the_row_or_the_user(org_db, admin):
    from rostertui.domain import tags as tag_service
    from rostertui.domain import users as user_service
    from rostertui.importing import engine

    for name in ("VIP", "Spring", "Old"):
        tag_service.create_tag(name, admin)
    kept = user_service.create_clients([client_data(1, tags=["Old"])], admin)[0]
    text = ("email,first_name,last_name,birthdate,sex,tags\n"
            f"{kept.email},{kept.first_name},{kept.last_name},{kept.birthdate:%Y-%m-%d},"
            f"{kept.sex},\n"
            "new@example.com,New,One,1990-02-03,F,VIP\n")
    options = engine.ImportOptions(extra_tags=("spring",), default_status="pending")
    session = engine.load_bytes(text.encode(), "t.csv", options)
    session.plan()
    old, new = session.rows
    assert old.action == "update"  # a blank tags cell keeps the user's tags, plus Spring
    assert old.changes["tags"] == [["Old"], ["Old", "spring"]]
    assert new.values["tags"] == ["VIP", "spring"] and new.values["status"] == "pending"
    session.plan(refresh=True)  # planning again adds nothing twice
    assert old.values["tags"] == ["Old", "spring"]
    result = session.commit(admin)
    assert result.created == 1 and result.updated == 1
    assert sorted(user_service.get_user(kept.id).tags) == ["Old", "Spring"]
    created = user_service.find_by_email("new@example.com")
    assert created.status == "pending"
    assert sorted(user_service.get_user(created.id).tags) == ["Spring", "VIP"]


def test_planning_again_starts_from_the_cells_not_the_last_plans_defaults(org_db, admin):
    """The tags added to every row go on top of the user's tags as they are at each plan: a
    tag taken off the user between two plans is not put back by the second."""
    from rostertui.domain import tags as tag_service
    from rostertui.domain import users as user_service
    from rostertui.importing import engine

    for name in ("Spring", "Old", "Keep"):
        tag_service.create_tag(name, admin)
    kept = user_service.create_clients([client_data(1, tags=["Old", "Keep"])], admin)[0]
    text = f"email,first_name\n{kept.email},{kept.first_name}\n"
    session = engine.load_bytes(text.encode(), "t.csv", engine.ImportOptions(
        extra_tags=("Spring",)))
    session.plan()
    assert sorted(session.rows[0].changes["tags"][1]) == ["Keep", "Old", "Spring"]
    current = user_service.get_user(kept.id)
    user_service.edit_user(kept.id, current.version, {"tags": ["Keep"]}, admin)
    session.plan(refresh=True)
    assert sorted(session.rows[0].changes["tags"][1]) == ["Keep", "Spring"]


def test_other_options_keep_the_fixes_and_the_row_choices(org_db, admin):
    """Another default status, role, kind or set of tags checks the rows again from their
    cells as fixed, without reading the file again."""
    from rostertui.importing import engine

    text = ("email,first_name,last_name,birthdate,sex\n"
            "a@example.com,Ann,Lee,1990-01-02,F\n"
            "b@example.com,Bob,Ray,19xx,M\n")
    session = engine.load_bytes(text.encode(), "t.csv")
    session.plan()
    first, second = session.rows
    assert second.action == "error"
    session.set_cell(second, 3, "1991-03-04")
    first.include, second.send_email = False, True
    again = session.with_options(engine.ImportOptions(default_status="pending",
                                                      extra_tags=("VIP",),
                                                      create_missing_tags=True))
    again.plan()
    a, b = again.rows
    assert b.action == "create" and b.values["birthdate"] == dt.date(1991, 3, 4)
    assert (a.include, b.send_email) == (False, True)
    assert a.values["status"] == b.values["status"] == "pending"
    assert b.values["tags"] == ["VIP"]
    assert first.values.get("status") is None  # the session on show is untouched


def test_bad_row_defaults_are_value_errors():
    from rostertui.importing import engine

    with pytest.raises(ValueError, match="write active, pending or archived"):
        engine.ImportOptions(default_status="asleep")
    with pytest.raises(ValueError, match="separates tags"):
        engine.ImportOptions(extra_tags=("a;b",))
