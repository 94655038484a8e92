"""The Import tab's column fixes without Textual (ui/import_triage.py): each computation
returns a new session and leaves the one on show alone; the controller swaps it in, or drops
it when the file on show changed; the fixes stay through another option; value mappings are
remembered per header and applied to the next file with that header."""

from __future__ import annotations

from pathlib import Path

import pytest

from rostertui.domain import org, prefs
from rostertui.domain.actor import Actor
from rostertui.domain.enums import Status
from rostertui.importing import edits
from rostertui.importing.edits import DistinctValue
from rostertui.importing.engine import ImportOptions
from rostertui.ui import import_operations, import_triage
from rostertui.ui.import_controller import ImportController
from rostertui.ui.import_operations import ImportFailed

CSV = ("email,first_name,last_name,DOB,Gender\n"
       "ann@example.com,Ann,Lee,03/04/1980,U\n"
       "bob@example.com,Bob,Ray,05/06/1975,M\n"
       "cy@example.com,Cy,Dee,07/08/1990,U\n")


@pytest.fixture
def shown(admin: Actor, tmp_path: Path) -> ImportController:
    org.update_org(admin, client_seat_limit=100)
    path = tmp_path / "hr.csv"
    path.write_text(CSV, encoding="utf-8")
    controller = ImportController(admin)
    job = controller.start_load(str(path))
    checked = import_operations.read_and_check(str(path), ImportOptions(), admin,
                                               lambda rows: None)
    assert controller.finish(job)
    controller.show(checked)
    return controller


def test_invalid_values_and_their_words(shown: ImportController):
    columns = import_triage.invalid_values(shown.session)
    # the columns with invalid values first, in the file's order
    assert [(c.key, c.header) for c in columns[:2]] == [("birthdate", "DOB"), ("sex", "Gender")]
    assert [(v.text, v.count) for v in columns[1].values] == [("U", 2)]
    assert len(columns[0].values) == 3 and all(not c.values for c in columns[2:])
    only = import_triage.invalid_values(shown.session, only="sex")
    assert [c.key for c in only] == ["sex"]
    assert import_triage.describe_values([DistinctValue("M", 1204), DistinctValue("F", 1150),
                                          DistinctValue("U", 3)]) == "M ×1,204 · F ×1,150 · U ×3"
    many = [DistinctValue(str(i), 1) for i in range(9)]
    assert import_triage.describe_values(many, most=6).endswith("· 3 more values")


def test_map_values_swaps_in_a_new_session_and_remembers(shown: ImportController,
                                                         admin: Actor):
    before = shown.session
    cells = [list(r.cells) for r in before.rows]
    triaged = import_triage.map_values(before, "sex", "Gender", {"U": "female"}, admin)
    assert [list(r.cells) for r in before.rows] == cells  # the session on show untouched
    assert triaged.before is before and triaged.session is not before
    assert "Gender: U → female in 2 rows; no invalid sex left" == triaged.note
    assert shown.swap_triage(triaged) and shown.session is triaged.session
    assert shown.session.rows[0].fixes[4] == ("U", edits.VALUE)
    assert not shown.swap_triage(triaged)  # computed from a session no longer on show
    assert prefs.get_pref(admin, edits.PREF_KEY) == {"gender": {"u": "female"}}


def test_remembered_values_apply_to_the_next_file(shown: ImportController, admin: Actor,
                                                  tmp_path: Path):
    prefs.set_pref(admin, edits.PREF_KEY, {"gender": {"u": "female"}, "other": {"x": "y"}})
    path = tmp_path / "again.csv"
    path.write_text(CSV, encoding="utf-8")
    checked = import_operations.read_and_check(str(path), ImportOptions(), admin,
                                               lambda rows: None)
    assert checked.session.options.values == {"sex": {"u": "female"}}
    assert checked.session.rows[0].cells[4] == "female"
    # values the admin gives win over remembered ones
    given = ImportOptions(values={"sex": {"U": "male"}})
    checked = import_operations.read_and_check(str(path), given, admin, lambda rows: None)
    assert checked.session.rows[0].cells[4] == "male"


def test_column_fixes_stay_through_another_option(shown: ImportController, admin: Actor):
    for fix in (lambda s: import_triage.date_format(s, "DD/MM/YYYY"),
                lambda s: import_triage.fill(s, "status", "pending", None),
                lambda s: import_triage.invite_incomplete(s, True)):
        assert shown.swap_triage(fix(shown.session))
    session = shown.session
    from_bar = ImportOptions(default_status=Status.PENDING)  # what the options bar reads
    carried = shown.with_triage(from_bar)
    assert carried.date_format == "DD/MM/YYYY" and carried.fills == {"status": "pending"}
    assert carried.invite_incomplete and carried.default_status is Status.PENDING
    again = import_operations.check_again(session, carried, admin, lambda rows: None)
    assert str(again.session.rows[0].values["birthdate"]) == "1980-04-03"
    assert again.session.rows[0].fixes[5] == ("", edits.SET)


def test_refusals_are_lines_to_show(shown: ImportController):
    with pytest.raises(ImportFailed, match="no status column"):
        import_triage.fill(shown.session, "status", "pending", [2])
    with pytest.raises(ImportFailed, match="not a date format"):
        import_triage.date_format(shown.session, "YY/MM")


def test_date_hint_and_warning(shown: ImportController, admin: Actor, tmp_path: Path):
    assert import_triage.date_hint(shown.session) == (  # 03/04/1980: either way
        "Press d to choose the date format: 3 birthdates could be day/month or month/day")
    assert import_triage.date_warnings(shown.session) == []
    path = tmp_path / "proved.csv"
    path.write_text(CSV.replace("07/08/1990", "27/08/1990"), encoding="utf-8")
    proved = import_operations.read_and_check(str(path), ImportOptions(), admin,
                                              lambda rows: None).session
    assert import_triage.date_hint(proved) == ""
    assert import_triage.date_warnings(proved) == [
        "column 'DOB' is read as DD/MM/YYYY: row 4 has '27/08/1990', whose first part is above "
        "12"]  # the tab names its key (d), never the command line's flag


def test_reading_a_new_file_unfreezes_what_column_fixes_froze(tmp_path):
    """The column fixes freeze a large file's objects out of the collector's sight; reading
    the next file lets them back in, so frozen cyclic garbage is bounded by one file."""
    import gc

    import pytest

    from rostertui.importing.options import ImportOptions
    from rostertui.ui import import_operations
    from rostertui.ui.import_operations import ImportFailed

    gc.freeze()
    assert gc.get_freeze_count() > 0
    with pytest.raises(ImportFailed):  # even a file that cannot be read
        import_operations.read_and_check(str(tmp_path / "missing.csv"), ImportOptions(),
                                         None, lambda *a: None)
    assert gc.get_freeze_count() == 0
