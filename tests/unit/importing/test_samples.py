"""The layouts admins bring (sample_data/) are read without editing a header."""

from __future__ import annotations

from pathlib import Path

import pytest

from rostertui.domain import org
from rostertui.domain.enums import Kind
from rostertui.importing import triage
from rostertui.importing.engine import ImportOptions, load

SAMPLES = Path(__file__).resolve().parents[3] / "sample_data"


@pytest.mark.parametrize("name,kind,encoding,delimiter,warned", [
    ("clients_template_layout.csv", Kind.CLIENT, "utf-8", ",", []),
    ("crm_export.csv", Kind.CLIENT, "utf-8", ",", ["type", "created"]),
    ("messy_clients.csv", Kind.CLIENT, "cp1252", ";", ["Notes"]),
    ("professional_batch.csv", Kind.TEAM_MEMBER, "utf-8", ",", []),
    ("demo_clients.csv", Kind.CLIENT, "utf-8", ",", []),
    ("demo_team.csv", Kind.TEAM_MEMBER, "utf-8", ",", []),
    ("directory_export.csv", Kind.TEAM_MEMBER, "utf-8", ",",
     ["dn", "department", "userPrincipalName", "telephoneNumber"]),
    ("hr_export.csv", Kind.CLIENT, "utf-8", ",", ["Work Email", "Date of Birth"]),
    ("crm_notes_export.csv", Kind.CLIENT, "utf-8", ",", ["Notes", "Contact"]),
    ("clients_workbook.xlsx", Kind.CLIENT, "xlsx", "", ["Visits"]),
])
def test_sample_layouts_map_without_file_errors(name, kind, encoding, delimiter, warned):
    session = load(str(SAMPLES / name), ImportOptions(kind=kind))
    assert session.file_errors == []
    assert (session.encoding, session.delimiter) == (encoding, delimiter)
    assert [w.split("'")[1] for w in session.file_warnings] == warned


def test_messy_file_flags_each_planted_mistake(admin, with_tags):
    org.update_org(admin, client_seat_limit=None)
    session = load(str(SAMPLES / "messy_clients.csv"), ImportOptions())
    session.plan()
    errors = {r.number: {e.field for e in r.errors} for r in session.rows if r.errors}
    assert errors == {17: {"email"}, 18: {"email"}, 19: {"birthdate"}, 20: {"last_name"},
                      21: {"email", "first_name"}, 22: {"tags"}, 23: {"sex"}, 24: {"phone"},
                      25: {"birthdate"}, 26: {"external_id"}, 27: {"email"}}
    assert session.summary()["rows"] == 27
    assert session.row(28).values["first_name"] == "François"


def test_directory_export_imports_staff_as_team_members(admin):
    session = load(str(SAMPLES / "directory_export.csv"),
                   ImportOptions(kind=Kind.TEAM_MEMBER, default_role="Practitioner"))
    session.plan()
    assert session.summary()["create"] == 12
    first = session.row(2).values
    assert (first["first_name"], first["last_name"], first["external_id"], first["office"]) == (
        "Xavier", "Dubois", "E00801", "Riverside")
    assert first["email"] == "xdubois801@northwind-health.example"
    assert first["username"] == "xdubois801" and first["phone"] == "5553103439"  # mobile


def test_hr_export_reads_day_first_dates_and_maps_its_unknown_code(admin):
    org.update_org(admin, client_seat_limit=None)
    session = load(str(SAMPLES / "hr_export.csv"), ImportOptions())
    session.plan()
    assert session.date_format.label == "DD/MM/YYYY"
    assert session.row(3).values["birthdate"].isoformat() == "1998-11-29"
    (unknown,) = triage.distinct_values(session, "sex")
    assert (unknown.text, unknown.count) == ("U", 3)
    assert session.summary()["error"] == 3
    fixed = triage.map_values(session, "sex", {"U": "female"})
    assert fixed.summary()["create"] == 30 and fixed.summary()["error"] == 0


def test_crm_notes_keep_their_line_breaks(admin):
    org.update_org(admin, client_seat_limit=None)
    session = load(str(SAMPLES / "crm_notes_export.csv"),
                   ImportOptions(mapping={"Notes": "attribute:Notes"}))
    session.plan()
    assert session.columns.of("email")[0].header == "Contact"  # mapped by its values
    assert session.summary()["create"] == 10
    assert session.row(3).values["attribute:Notes"] == ("Referred by Dr. Okafor.\n\n"
                                                        "Follow up in March.")


def test_workbook_with_two_sheets(admin):
    org.update_org(admin, client_seat_limit=None)
    session = load(str(SAMPLES / "clients_workbook.xlsx"), ImportOptions())
    session.plan()
    assert session.file.sheets == ["Clients", "Staff"] and session.summary()["create"] == 15
    ann = session.row(2).values
    assert ann["phone"].isdigit() and len(ann["phone"]) == 10
    assert ann["external_id"] == "11001" and ann["birthdate"].year > 1900
    staff = load(str(SAMPLES / "clients_workbook.xlsx"),
                 ImportOptions(kind=Kind.TEAM_MEMBER, sheet="Staff"))
    staff.plan()
    assert staff.summary()["create"] == 5 and staff.row(2).values["roles"] == ["Practitioner"]
