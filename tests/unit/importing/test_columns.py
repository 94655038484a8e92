"""Headers to fields: the alias table of the issue, tag and attribute columns, warnings, errors."""

from __future__ import annotations

import pytest

from rostertui.domain.enums import Kind
from rostertui.importing.columns import map_columns, normalise

from .conftest import csv_bytes

ALIAS_CASES = [
    ("email", ["email", "email_address", "e-mail", "Email Address", "E-Mail", "EMAIL"]),
    ("first_name", ["first_name", "firstName", "First Name", "FIRST-NAME"]),
    ("middle_name", ["middle_name", "middleName"]),
    ("last_name", ["last_name", "lastName", "Last Name"]),
    ("birthdate", ["birthdate", "birth_date", "dob", "date_of_birth", "Date of Birth"]),
    ("sex", ["sex", "gender", "sex_at_birth", "Sex at Birth"]),
    ("password", ["password", "initial_password", "temporary_password"]),
    ("tags", ["tags", "tag"]),
    ("external_id", ["external_id", "externalId", "External ID"]),
    ("username", ["username", "User Name"]),
    ("phone", ["phone", "mobile_phone", "Mobile Phone"]),
    ("phone_country", ["phone_country", "Mobile Phone Country"]),
    ("office", ["office", "Office"]),
    ("profile_type", ["profile_type", "Profile Type ID"]),
    ("status", ["status", "Profile Status", "active"]),
    ("id", ["id", "internal_id", "Internal ID"]),
]


@pytest.mark.parametrize("field,headers", ALIAS_CASES)
def test_every_alias_maps_to_its_field(field, headers):
    for header in headers:
        mapped = map_columns(["email", "first_name", header], Kind.CLIENT) if field not in (
            "email", "first_name") else map_columns([header, "email" if field != "email"
                                                     else "first_name"], Kind.CLIENT)
        fields = {c.header: c.field for c in mapped.columns}
        assert fields[header] == field, header


def test_roles_and_role_for_team_imports():
    for header in ("roles", "role", "Role"):
        mapped = map_columns(["email", "first_name", header], Kind.TEAM_MEMBER)
        assert mapped.columns[2].field == "roles"


def test_roles_column_is_ignored_with_a_warning_for_clients():
    mapped = map_columns(["email", "first_name", "Role"], Kind.CLIENT)
    assert not mapped.has("roles")
    assert any("clients have no roles" in w for w in mapped.warnings)


def test_normalise_ignores_case_spaces_underscores_and_dashes():
    assert normalise(" E-mail_Address ") == normalise("emailaddress") == "emailaddress"


def test_repeatable_tag_columns():
    mapped = map_columns(["email", "first_name", "tag", "tag", "Tags"], Kind.CLIENT)
    assert [c.field for c in mapped.columns].count("tags") == 3
    assert not mapped.errors


@pytest.mark.parametrize("header,name", [("attribute:Program Start Date", "Program Start Date"),
                                         ("attributes:Coach", "Coach"),
                                         ("Attribute: Plan ", "Plan")])
def test_attribute_columns(header, name):
    mapped = map_columns(["email", "first_name", header], Kind.CLIENT)
    column = mapped.columns[2]
    assert (column.field, column.attribute, column.key) == ("attribute", name, f"attribute:{name}")


def test_unknown_columns_are_file_warnings_and_ignored():
    mapped = map_columns(["email", "first_name", "Notes", "created"], Kind.CLIENT)
    assert len(mapped.columns) == 2
    assert mapped.warnings == ["column 'Notes' is not a field rostertui knows; it is ignored",
                               "column 'created' is not a field rostertui knows; it is ignored"]
    assert not mapped.errors


def test_missing_email_and_first_name_columns_are_named():
    mapped = map_columns(["Last Name", "dob"], Kind.CLIENT)
    assert len(mapped.errors) == 1
    assert "no email (or email_address" in mapped.errors[0]
    assert "no first_name (or firstName" in mapped.errors[0]


def test_missing_one_column_is_named():
    mapped = map_columns(["E-mail", "Last Name"], Kind.CLIENT)
    assert "first_name" in mapped.errors[0] and "no email" not in mapped.errors[0]


def test_a_first_row_of_data_is_not_taken_for_a_header():
    mapped = map_columns(["ann@example.com", "Ann", "Lee"], Kind.CLIENT)
    assert "looks like data, not a header" in mapped.errors[0]


def test_two_columns_for_one_field_are_an_error():
    mapped = map_columns(["email", "E-mail", "first_name"], Kind.CLIENT)
    assert mapped.errors == ["the columns 'email' and 'E-mail' both hold email; keep only one "
                             "of them"]


def test_column_errors_become_file_errors_of_the_session(make_session):
    session = make_session(csv_bytes("Name,Phone\nAnn,5551234567\n"), plan=False)
    assert session.file_errors and not session.rows


def test_the_errors_column_of_an_errors_out_file_is_ignored_quietly():
    mapped = map_columns(["email", "first_name", "errors"], Kind.CLIENT)
    assert not mapped.warnings and len(mapped.columns) == 2
