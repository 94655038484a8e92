"""Exports use the canonical columns, never carry passwords, and neutralise formulas."""

from __future__ import annotations

import csv
import io

from rostertui.domain import export, tags
from rostertui.domain.csv_safety import unescape_cell
from rostertui.domain.enums import Kind, Status
from rostertui.domain.users import archive_users, create_clients
from tests.factories import client_data


def _export(kind=Kind.CLIENT, status=None) -> list[dict[str, str]]:
    buf = io.StringIO()
    export.export_users(buf, kind, status)
    return list(csv.DictReader(io.StringIO(buf.getvalue())))


def test_export_writes_canonical_columns_and_no_password(admin):
    tags.create_tag("VIP", admin)
    tags.create_tag("=evil", admin)
    create_clients([client_data(1, password="Secret-Passw0rd!", tags=["VIP", "=evil"],
                                attributes={"Plan": "Gold"})], admin)
    buf = io.StringIO()
    export.export_users(buf, Kind.CLIENT, None)
    text = buf.getvalue()
    assert "Secret" not in text and "argon2" not in text and "password" not in text
    header = next(csv.reader(io.StringIO(text)))
    assert header == [*export.CLIENT_COLUMNS, "attribute:Plan"]
    [row] = _export()
    assert row["tags"] == "'=evil;VIP"  # the joined cell starts with '=', so it is escaped
    assert unescape_cell(row["tags"]) == "=evil;VIP"
    assert row["birthdate"] == "1980-01-01" and row["attribute:Plan"] == "Gold"


def test_formula_like_names_are_neutralised(admin):
    create_clients([client_data(1, first_name="=HYPERLINK(\"http://x\")", last_name="-1",
                                external_id="@cmd")], admin)
    [row] = _export()
    assert row["first_name"].startswith("'=") and row["last_name"] == "'-1"
    assert row["external_id"] == "'@cmd"


def test_export_filters_by_status(admin):
    [a, _b] = create_clients([client_data(1), client_data(2)], admin)
    archive_users([a.id], admin)
    assert [r["email"] for r in _export(status=Status.ARCHIVED)] == [a.email]
    assert len(_export(status=Status.ACTIVE)) == 1
    team = _export(Kind.TEAM_MEMBER)
    assert team[0]["roles"] == "Administrator"


def test_template_has_the_canonical_headers_and_one_example():
    buf = io.StringIO()
    export.write_template(buf, Kind.CLIENT)
    rows = list(csv.reader(io.StringIO(buf.getvalue())))
    assert len(rows) == 2 and rows[0][0] == "email" and rows[1][0] == "jane.doe@example.com"
