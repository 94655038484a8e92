"""Cells to values: each rule comes from domain.fields; formulas; text stays text; no passwords."""

from __future__ import annotations

import datetime as dt

import pytest

from rostertui.domain.enums import Kind
from rostertui.importing.report import report

from .conftest import csv_bytes


def one_row(make_session, header: str, line: str, **options):
    session = make_session(csv_bytes(f"{header}\n{line}\n"), plan=False, **options)
    assert not session.file_errors, session.file_errors
    return session.rows[0]


def errors_of(row) -> dict[str, str]:
    return {e.field: e.message for e in row.errors}


def test_values_in_their_stored_form(make_session):
    row = one_row(make_session,
                  "Email Address,First Name,Last Name,dob,gender,Mobile Phone,"
                  "Mobile Phone Country,Profile Type ID,Profile Status,External ID,username,office",
                  " Ann.Lee@Example.COM , Ann ,Lee,19811120,F,(555) 123-4567,can,2,INACTIVE,"
                  "X-1,ann,Main Street")
    assert row.values == {"email": "ann.lee@example.com", "first_name": "Ann", "last_name": "Lee",
                          "birthdate": dt.date(1981, 11, 20), "sex": "female",
                          "phone": "5551234567", "phone_country": "CAN",
                          "profile_type": "facility", "status": "archived", "external_id": "X-1",
                          "username": "ann", "office": "Main Street"}
    assert not row.errors


@pytest.mark.parametrize("column,cell,field,fragment", [
    ("email", "not-an-email", "email", "not a valid email address"),
    ("dob", "1990-02-31", "birthdate", "not a real date"),
    ("dob", "2099-01-01", "birthdate", "in the future"),
    ("dob", "1899-12-31", "birthdate", "before 1900"),
    ("dob", "12/31/90", "birthdate", "two-digit year"),
    ("dob", "03/04/1990", "birthdate", "could be day/month or month/day; state the date format"),
    ("dob", "last spring", "birthdate", "write YYYY-MM-DD"),
    ("gender", "x", "sex", "write male or female"),
    ("phone", "555-CALL-NOW", "phone", "10-digit"),
    ("phone_country", "US", "phone_country", "alpha-3"),
    ("profile_type", "3", "profile_type", "individual (1) or facility (2)"),
    ("status", "deleted", "status", "active, pending or archived"),
    ("username", "ann lee", "username", "one word"),
    ("id", "abc", "id", "not a user id"),
    ("id", "0", "id", "not a user id"),
    ("first_name", "A" * 101, "first_name", "the limit is 100"),
    ("first_name", "Ann\u202eeve", "first_name", "hidden or control character"),
    ("tags", "VIP;" + "x" * 60, "tags", "the limit is 50"),
    ("attribute:Plan", "p" * 1001, "attribute:Plan", "the limit is 1000"),
])
def test_each_cell_goes_through_its_domain_rule(make_session, column, cell, field, fragment):
    header = "email,first_name" if column in ("email", "first_name") else \
        f"email,first_name,{column}"
    values = {"email": "a@example.com", "first_name": "Ann", column: cell}
    line = ",".join(f'"{values[h]}"' for h in header.split(","))
    row = one_row(make_session, header, line)
    assert fragment in errors_of(row)[field]
    assert row.errors[0].column == column


def test_status_words(make_session):
    for cell, stored in [("active", "active"), ("TRUE", "active"), ("pending", "pending"),
                         ("inactive", "archived"), ("false", "archived"), ("Archived",
                                                                           "archived")]:
        row = one_row(make_session, "email,first_name,active", f"a@example.com,A,{cell}")
        assert row.values["status"] == stored


def test_profile_type_words(make_session):
    for cell, stored in [("1", "individual"), ("2", "facility"), ("Facility", "facility")]:
        row = one_row(make_session, "email,first_name,Profile Type ID", f"a@example.com,A,{cell}")
        assert row.values["profile_type"] == stored


def test_blank_cells_are_absent(make_session):
    row = one_row(make_session, "email,first_name,last_name,phone,tags", "a@example.com,A,,  ,")
    assert row.values == {"email": "a@example.com", "first_name": "A"}


def test_tags_from_several_columns_merge_without_repeats(make_session):
    row = one_row(make_session, "email,first_name,tag,tag,tags",
                  "a@example.com,A,VIP,vip,Newsletter; Telehealth")
    assert row.values["tags"] == ["VIP", "Newsletter", "Telehealth"]


def test_roles_for_team_members(make_session):
    row = one_row(make_session, "email,first_name,role",
                  "a@example.com,A,billing administrator; Administrator",
                  kind=Kind.TEAM_MEMBER)
    assert row.values["roles"] == ["Billing Administrator", "Administrator"]
    row = one_row(make_session, "email,first_name,role", "a@example.com,A,Janitor",
                  kind=Kind.TEAM_MEMBER)
    assert "is not a role" in errors_of(row)["roles"]


def test_attributes(make_session):
    row = one_row(make_session, "email,first_name,attribute:Program Start Date",
                  "a@example.com,A,20240717")
    assert row.values["attribute:Program Start Date"] == "20240717"


@pytest.mark.parametrize("cell", ["=1+1", "+15551234567", "-2", "@SUM(A1)", "=HYPERLINK(\"x\")"])
def test_formula_cells_are_errors(make_session, cell):
    row = one_row(make_session, "email,first_name,Last Name", f'a@example.com,A,"{cell}"')
    issue = next(e for e in row.errors if e.field == "last_name")
    assert issue.column == "Last Name"
    assert "may run it as a formula" in issue.message
    assert "last_name" not in row.values


def test_formula_in_the_email_cell_is_an_error(make_session):
    row = one_row(make_session, "email,first_name", '"=HYPERLINK(""http://evil"")@x.com",A')
    assert "formula" in errors_of(row)["email"]


def test_cells_escaped_by_our_export_read_back_as_written(make_session):
    row = one_row(make_session, "email,first_name,last_name,middle_name",
                  "a@example.com,'=Ann,'-Lee,''+x")
    assert not row.errors
    assert row.values["first_name"] == "=Ann"
    assert row.values["last_name"] == "-Lee"
    assert row.values["middle_name"] == "'+x"


def test_an_apostrophe_before_plain_text_is_kept(make_session):
    row = one_row(make_session, "email,first_name,last_name", "a@example.com,'Ann,O'Brien")
    assert row.values["first_name"] == "'Ann" and row.values["last_name"] == "O'Brien"


def test_markup_is_kept_as_text(make_session):
    row = one_row(make_session, "email,first_name,last_name", "a@example.com,[bold]Eve[/],[red]x")
    assert row.values["first_name"] == "[bold]Eve[/]"
    assert row.values["last_name"] == "[red]x"


def test_a_bad_password_is_an_error_that_does_not_echo_it(make_session):
    secret = "weakpass"
    row = one_row(make_session, "email,first_name,initial_password", f"a@example.com,A,{secret}")
    message = errors_of(row)["password"]
    assert "upper-case" in message and secret not in message
    assert secret not in repr(row)
    assert secret not in str(report(row_session := make_session(
        csv_bytes(f"email,first_name,password\na@example.com,A,{secret}\n"), plan=False)))
    assert row_session.rows[0].errors


def test_a_good_password_is_kept_apart_from_the_values(make_session):
    row = one_row(make_session, "email,first_name,password", "a@example.com,A,=Str0ng-Pass!")
    assert row.password == "=Str0ng-Pass!"
    assert "password" not in row.values
    assert not row.errors  # a password is not shown anywhere, so no formula rule for it


def test_cells_past_the_header_are_a_warning(make_session):
    row = one_row(make_session, "email,first_name", "a@example.com,A,surprise")
    assert "1 more cell than the header" in row.warnings[0].message


def test_short_rows_are_padded_with_blanks(make_session):
    row = one_row(make_session, "email,first_name,last_name,dob", "a@example.com,A")
    assert row.values == {"email": "a@example.com", "first_name": "A"}


def test_a_row_can_be_checked_again_after_a_fix(make_session):
    session = make_session(csv_bytes("email,first_name\nnot-an-email,A\n"), plan=False)
    row = session.rows[0]
    assert row.errors
    session.set_cell(row, 0, "fixed@example.com")
    assert not row.errors and row.values["email"] == "fixed@example.com"
    assert row.cells == ["fixed@example.com", "A"]
