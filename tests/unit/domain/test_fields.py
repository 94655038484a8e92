"""The value rules every way in (form, CLI, import) shares."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rostertui.domain import fields
from rostertui.domain.csv_safety import escape_cell, looks_like_formula, unescape_cell


@pytest.mark.parametrize("raw, stored", [
    ("Bob@Example.COM", "bob@example.com"),
    ("  a.b+tag@sub.example.org ", "a.b+tag@sub.example.org"),
    ("Ünïcode@Exämple.de", "ünïcode@exämple.de"),
])
def test_email_is_checked_and_stored_lowercase(raw, stored):
    assert fields.email(raw) == stored


@pytest.mark.parametrize("raw", ["", "plain", "a..b@example.com", "a@localhost", "a@b@c.com",
                                 "x" * 250 + "@example.com", "a@-bad-.com"])
def test_bad_emails_are_refused(raw):
    with pytest.raises(ValueError):
        fields.email(raw)


def test_email_fast_path_agrees_with_email_validator():
    from email_validator import validate_email

    for raw in ["first.last@example.com", "o'brien@example.ie", "x_y-z@a-b.example.co.uk"]:
        assert fields.email(raw) == validate_email(raw, check_deliverability=False
                                                   ).normalized.lower()


@pytest.mark.parametrize("raw, expected", [("19811120", dt.date(1981, 11, 20)),
                                           ("1981-11-20", dt.date(1981, 11, 20)),
                                           ("1900-01-01", dt.date(1900, 1, 1))])
def test_birthdate_formats(raw, expected):
    assert fields.birthdate(raw) == expected


@pytest.mark.parametrize("raw, message", [("19810231", "not a real date"),
                                          ("20/11/1981", "write YYYY-MM-DD or YYYYMMDD"),
                                          ("1899-12-31", "before 1900"),
                                          ("2999-01-01", "in the future")])
def test_bad_birthdates(raw, message):
    with pytest.raises(ValueError, match=message):
        fields.birthdate(raw)


def test_sex_profile_status_and_roles():
    assert [fields.sex(v) for v in ("M", "female", "F", "MALE")] == [
        "male", "female", "female", "male"]
    assert fields.profile_type("2") == "facility" and fields.profile_type("Individual") == \
        "individual"
    assert [fields.status(v) for v in ("ACTIVE", "inactive", "false", "true", "Pending")] == [
        "active", "archived", "archived", "active", "pending"]
    assert fields.roles("administrator; Practitioner;admin") == ["Practitioner", "Administrator"]
    with pytest.raises(ValueError, match="write male or female"):
        fields.sex("other")


def test_phone_and_country():
    assert fields.phone("(555) 123-4567") == "5551234567"
    assert fields.phone("555.123.4567") == "5551234567"
    assert fields.phone("") is None
    for bad in ("555-CALL-NOW", "12345", "+1 555 123 4567"):
        with pytest.raises(ValueError, match="10-digit"):
            fields.phone(bad)
    assert fields.phone_country("can") == "CAN"
    with pytest.raises(ValueError, match="alpha-3"):
        fields.phone_country("US")


def test_tags_are_case_insensitive_and_semicolon_separated():
    assert fields.tag_names("VIP; vip ;Weight  Loss;;") == ["VIP", "Weight Loss"]
    with pytest.raises(ValueError, match="contains ';'"):
        fields.tag_name("a;b")


@given(st.text(max_size=40))
def test_formula_escaping_round_trips(value):
    escaped = escape_cell(value)
    assert unescape_cell(escaped) == value
    assert not looks_like_formula(escaped)


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "'=x", "\tx"])
def test_formula_cells_are_neutralised(value):
    assert escape_cell(value).startswith("'")


@pytest.mark.parametrize("value", ["Ann\u2028Lee", "Ann\u2029Lee", "Jos\ufffd"])
def test_line_and_paragraph_separators_and_the_replacement_character_are_refused(value):
    # U+2028/U+2029 break lines like LF in many viewers; U+FFFD stands for unreadable bytes.
    with pytest.raises(ValueError, match="hidden or control character U\\+(2028|2029|FFFD)"):
        fields.name(value)
    with pytest.raises(ValueError, match="hidden or control character"):
        fields.tag_name(value)


def test_a_message_keeps_its_line_separators_as_line_breaks():
    assert fields.message("first\u2028second\u2029third") == "first\nsecond\nthird"
