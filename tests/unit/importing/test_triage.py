"""Fixing a column at once: distinct values, value mappings, fills, find and replace. Each
returns a new session, leaves the given one alone, and survives re-checks and option changes."""

from __future__ import annotations

import dataclasses

import pytest

from rostertui.domain import org
from rostertui.importing import edits, triage
from rostertui.importing.report import row_dict

from .conftest import CLIENT_HEADER, client_line, clients_file


def hr_file():
    return clients_file(*(client_line(i, sex=s) for i, s in enumerate(
        ["M", "F", "U", "u ", "M", "X", "", "F"])))


def test_distinct_invalid_values_with_counts(make_session, admin):
    session = make_session(hr_file())
    found = triage.distinct_values(session, "sex")
    assert [(v.text, v.count) for v in found] == [("U", 1), ("u", 1), ("X", 1)]
    assert "not recognised" in found[0].problem
    every = triage.distinct_values(session, "sex", invalid_only=False)
    assert [(v.text, v.count) for v in every][:2] == [("M", 2), ("F", 2)]
    assert triage.distinct_values(session, "sex", rows=[2, 3]) == []
    assert triage.distinct_values(session, "office") == []  # no such column


def test_mapping_a_value_fixes_every_row_and_leaves_the_given_session_alone(make_session, admin):
    session = make_session(hr_file())
    before = [repr(row_dict(r, session)) for r in session.rows]
    fixed = triage.map_values(session, "sex", {"u": "female"})
    assert fixed is not session and fixed.planned
    assert [repr(row_dict(r, session)) for r in session.rows] == before
    assert [(v.text, v.count) for v in triage.distinct_values(fixed, "sex")] == [("X", 1)]
    assert fixed.summary()["error"] == 2 and session.summary()["error"] == 4  # X, blank
    row = fixed.row(4)
    assert row.values["sex"] == "female" and row.fixes == {4: ("U", edits.VALUE)}
    assert row_dict(row, fixed)["fixes"] == [
        {"column": "sex", "from": "U", "to": "female", "how": "value"}]
    assert fixed.options.values == {"sex": {"u": "female"}}


def test_a_value_mapping_survives_option_changes_rechecks_and_inline_fixes(make_session, admin):
    fixed = triage.map_values(make_session(hr_file()), "sex", {"U": "female", "X": "male"})
    again = fixed.with_options(dataclasses.replace(fixed.options, extra_tags=("VIP",)))
    assert again.row(4).values["sex"] == "female" and again.row(7).values["sex"] == "male"
    again.plan(refresh=True)
    assert again.row(4).values["sex"] == "female"
    again.set_cell(again.row(4), 1, "Renamed")  # an inline fix in another column of the row
    assert again.row(4).fixes == {4: ("U", "value"), 1: ("First2", "fix")}
    later = again.with_options(again.options)
    assert later.row(4).cells[1] == "Renamed" and later.row(4).values["sex"] == "female"


def test_taking_a_value_mapping_away_gives_the_cells_back(make_session, admin):
    fixed = triage.map_values(make_session(hr_file()), "sex", {"U": "female"})
    back = triage.map_values(fixed, "sex", {"U": "U"})
    assert back.options.values == {}
    assert back.row(4).cells[4] == "U" and back.row(4).fixes is None
    assert back.row(4).errors


def test_an_inline_fix_of_a_mapped_cell_is_kept_as_the_admins(make_session, admin):
    fixed = triage.map_values(make_session(hr_file()), "sex", {"U": "female"})
    fixed.set_cell(fixed.row(4), 4, "male")
    assert fixed.row(4).fixes == {4: ("U", "fix")}
    back = triage.map_values(fixed, "sex", {"U": "U"})
    assert back.row(4).cells[4] == "male"


def test_fill_blank_cells_of_every_row_or_chosen_rows(make_session, admin):
    session = make_session(hr_file())
    filled = triage.fill(session, "sex", "female", rows=[8, 9])
    assert filled.row(8).values["sex"] == "female" and filled.row(8).fixes == {4: ("", "fill")}
    assert filled.row(9).fixes is None  # not blank: left alone
    everywhere = triage.fill(session, "office", "Riverside")  # a column the file lacks
    assert everywhere.header == CLIENT_HEADER.split(",") + ["office"]
    assert {r.values["office"] for r in everywhere.rows} == {"Riverside"}
    assert "the file has no office column; every row gets 'Riverside', as set" \
        in everywhere.file_warnings


def test_a_column_added_by_a_fill_is_added_once_whatever_comes_after(make_session, admin):
    session = triage.fill(make_session(hr_file()), "office", "Riverside")
    header = CLIENT_HEADER.split(",") + ["office"]
    for later in (lambda s: triage.with_date_format(s, "DD/MM/YYYY"),
                  lambda s: s.with_options(dataclasses.replace(s.options, invite_incomplete=True)),
                  lambda s: triage.fill(s, "phone", "5551230001")):
        session = later(session)
        assert session.header[:len(header)] == header and "" not in session.header
        assert session.row(2).fixes[5] == ("", edits.SET)
        assert session.row(2).cells[5] == "Riverside"


def test_find_and_replace_within_a_column(make_session, admin):
    session = make_session(hr_file())
    out = triage.replace_text(session, "last_name", "Last", "Nach", rows=[2, 3])
    assert [r.values["last_name"] for r in out.rows][:3] == ["Nach0", "Nach1", "Last2"]
    assert out.row(2).fixes == {2: ("Last0", "replace")}
    whole = triage.replace_text(session, "sex", "x", "male", whole=True)
    assert whole.row(7).values["sex"] == "male"
    with pytest.raises(ValueError):
        triage.replace_text(session, "sex", "", "x")


def test_value_mappings_are_remembered_per_header():
    stored = edits.merged(None, "Gender", {"M": "male", " U ": "female"})
    assert stored == {"gender": {"m": "male", "u": "female"}}
    assert edits.remembered(stored, [("GENDER", "sex"), ("Email", "email")]) == {
        "sex": {"m": "male", "u": "female"}}
    assert edits.remembered({"gender": "male"}, [("Gender", "sex")]) == {}
    assert edits.remembered([1], [("Gender", "sex")]) == {}


@pytest.mark.parametrize("text,parsed", [("sex:M=male", ("sex", "M", "male")),
                                         ("Gender:U=", ("sex", "U", "")),
                                         ("attribute:Plan:G=Gold", ("attribute:Plan", "G",
                                                                    "Gold"))])
def test_value_option(text, parsed):
    assert edits.parse_value_option(text) == parsed


@pytest.mark.parametrize("text", ["sex", "sex:=male", "shoe:M=male", "sex:M"])
def test_bad_value_option(text):
    with pytest.raises(ValueError):
        edits.parse_value_option(text)


def snapshot_of(session):
    return [(r.number, r.include, repr(row_dict(r, session)), r.cells, r.fixes)
            for r in session.rows], session.summary()


@pytest.mark.parametrize("seats", [None, 10])
def test_each_fix_gives_what_checking_the_whole_file_again_gives(make_session, admin, seats):
    """The fast path (changed rows only, copies) against a session built from the cells;
    with a seat limit every fix takes the slow path."""
    org.update_org(admin, client_seat_limit=seats)
    lines = [client_line(i, sex=s, email=f"c{i % 7}@example.com" if i % 5 == 0 else
                         f"c{i}@example.com") for i, s in enumerate("MFUuMXFUU F" * 3)]
    session = make_session(clients_file(*lines))
    session.set_included(session.rows[1], False)
    steps = [lambda s: triage.map_values(s, "sex", {"U": "female"}),
             lambda s: triage.replace_text(s, "email", "c0@", "z0@"),
             lambda s: triage.fill(s, "sex", "male", rows=[11, 12]),
             lambda s: triage.map_values(s, "email", {"c2@example.com": "c1@example.com"}),
             lambda s: triage.map_values(s, "sex", {"U": "U", "x": "male"}),
             lambda s: triage.fill(s, "sex", "female")]
    for step in steps:
        before = snapshot_of(session)
        fixed = step(session)
        assert snapshot_of(session) == before  # the given session is left alone
        whole = fixed.with_options(fixed.options)
        whole.plan()
        for a, b in zip(fixed.rows, whole.rows, strict=True):
            b.include = a.include
        whole._counts = None
        assert snapshot_of(fixed) == snapshot_of(whole)
        session = fixed


def test_a_value_mapping_checks_only_the_rows_it_changes(make_session, admin, monkeypatch):
    org.update_org(admin, client_seat_limit=None)
    session = make_session(hr_file())
    checked = []
    original = session.validator.validate
    monkeypatch.setattr(session.validator, "validate",
                        lambda row: checked.append(row.number) or original(row))
    fixed = triage.map_values(session, "sex", {"U": "female"})
    assert checked == [4, 5] and fixed.row(4).values["sex"] == "female"
    assert fixed.rows[0] is session.rows[0]  # unchanged rows are shared, not copied
    assert fixed.row(4) is not session.row(4)


def test_with_options_after_the_database_changed_reads_it_again(make_session, admin):
    """Only the triage fixes reuse what was read; an option change (after an undo, say)
    plans against the database as it is."""
    from rostertui.domain.users import create_clients
    from tests.factories import client_data

    session = make_session(hr_file())
    assert session.row(2).action == "create"
    create_clients([client_data(1, email="c0@example.com")], admin)
    again = session.with_options(session.options)
    again.plan()
    assert again.row(2).action in ("update", "unchanged")
