"""The layouts admins bring (sample_data/) are read without editing a header."""

from __future__ import annotations

from pathlib import Path

import pytest

from rostertui.domain import org
from rostertui.domain.enums import Kind
from rostertui.importing.engine import ImportOptions, load

SAMPLES = Path(__file__).resolve().parents[3] / "sample_data"


@pytest.mark.parametrize("name,kind,encoding,delimiter,warned", [
    ("clients_template_layout.csv", Kind.CLIENT, "utf-8", ",", []),
    ("crm_export.csv", Kind.CLIENT, "utf-8", ",", ["type", "created"]),
    ("messy_clients.csv", Kind.CLIENT, "cp1252", ";", ["Notes"]),
    ("professional_batch.csv", Kind.TEAM_MEMBER, "utf-8", ",", []),
    ("demo_clients.csv", Kind.CLIENT, "utf-8", ",", []),
    ("demo_team.csv", Kind.TEAM_MEMBER, "utf-8", ",", []),
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
