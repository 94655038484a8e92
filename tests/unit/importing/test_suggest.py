"""Unknown headers: a confident match from the values is applied and said; a weak one offered."""

from __future__ import annotations

from rostertui.importing import mapping as header_map

from .conftest import csv_bytes

ROWS = [("Ann", "Lee", f"ann{i}@example.com", f"198{i}-01-02", f"555123000{i}")
        for i in range(6)]


def crm(header: str, rows=ROWS) -> bytes:
    return csv_bytes("\n".join([header, *(",".join(r) for r in rows)]) + "\n")


def test_a_column_of_emails_is_the_email_column_and_says_so(make_session):
    session = make_session(crm("First Name,Last Name,Contact,Born on,Reach"), plan=False)
    assert session.file_errors == []
    assert session.columns.of("email")[0].header == "Contact"
    assert ("'Contact' mapped to email by its values (all 6 cells looked at are email "
            "addresses); map it otherwise with --map or the mapping panel") \
        in session.file_warnings
    assert session.rows[0].values["email"] == "ann0@example.com"
    # dates and 10-digit numbers are only offered, ranked after the applied one
    offered = [(s.header, s.target, s.confident, s.applied) for s in session.suggestions]
    assert offered == [("Contact", "email", True, True), ("Born on", "birthdate", False, False),
                       ("Reach", "phone", False, False)]
    assert not session.columns.has("birthdate") and not session.columns.has("phone")


def test_a_few_emails_or_one_bad_cell_is_only_a_suggestion(make_session):
    session = make_session(crm("First Name,Last Name,Contact,Born on,Reach", ROWS[:3]),
                           plan=False)
    assert session.file_errors  # no email column: refused, with the suggestion first
    assert session.suggestions[0].target == "email" and not session.suggestions[0].confident
    rows = [*ROWS[:5], ("Ann", "Lee", "not an address", "1980-01-02", "5551230009")]
    session = make_session(crm("First Name,Last Name,Contact,Born on,Reach", rows), plan=False)
    assert session.file_errors and not any(s.target == "email" for s in session.suggestions)


def test_two_columns_of_emails_are_not_guessed_between(make_session):
    rows = [(f, la, e, e.replace("ann", "work"), d) for f, la, e, d, _ in ROWS]
    session = make_session(crm("First Name,Last Name,Contact,Other,Born", rows), plan=False)
    assert session.file_errors
    assert [(s.header, s.confident) for s in session.suggestions][:2] == [
        ("Contact", False), ("Other", False)]


def test_the_admins_mapping_wins_over_a_suggestion(make_session):
    mapping = header_map.clean_mapping({"Contact": "ignore", "Email": "email"})
    rows = [(*r[:2], r[2], r[2]) for r in ROWS]
    session = make_session(crm("First Name,Last Name,Contact,Email", rows), plan=False,
                           mapping=mapping)
    assert session.columns.of("email")[0].header == "Email"
    assert session.suggestions == []


def test_suggestions_can_be_turned_off(make_session):
    session = make_session(crm("First Name,Last Name,Contact"), plan=False, suggest=False)
    assert session.file_errors and session.suggestions == []


def test_a_header_hint_is_a_weak_suggestion(make_session):
    rows = [(*r[:3], "x") for r in ROWS]
    session = make_session(crm("First Name,Last Name,Email,Home Telephone", rows), plan=False)
    assert [(s.header, s.target, s.confident) for s in session.suggestions] == [
        ("Home Telephone", "phone", False)]
