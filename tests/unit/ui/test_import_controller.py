"""The Import tab's controller, driven without Textual: computations return new sessions and
leave the one on show alone; the controller swaps them in, drops stale ones, and keeps what
was asked for while busy."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from rostertui.db.models import User
from rostertui.domain import org, prefs
from rostertui.domain.actor import Actor
from rostertui.importing import mapping as header_map
from rostertui.importing.engine import ImportOptions
from rostertui.ui import import_operations as ops
from rostertui.ui.import_controller import (
    ImportController,
    ImportLaunchOptions,
    error_export_path,
)
from rostertui.ui.import_operations import Checked, ImportFailed

HEADER = "email,first_name,last_name,birthdate,sex"
LINES = ["ann@example.com,Ann,Lee,1980-01-31,F", "bob@example.com,Bob,Ray,1975-06-02,M",
         "not-an-email,Cy,Dee,1990-02-03,F"]


def state(session) -> list[tuple]:
    return [(r.number, tuple(r.cells), r.action, r.include, r.send_email,
             repr(sorted(r.values.items(), key=str))) for r in session.rows]


@pytest.fixture
def csv_file(tmp_path: Path) -> Path:
    path = tmp_path / "clients.csv"
    path.write_text("\n".join([HEADER, *LINES]) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def loaded(admin: Actor, csv_file: Path) -> ImportController:
    """A controller showing the file, as the tab is once its load worker is done."""
    org.update_org(admin, client_seat_limit=100)
    controller = ImportController(admin)
    generation = controller.start_load(str(csv_file))
    stages: list[int] = []
    checked = ops.read_and_check(str(csv_file), ImportOptions(), admin, stages.append)
    assert stages == [3] and controller.is_current(generation)
    assert controller.finish(generation)
    controller.show(checked)
    assert not controller.busy
    return controller


def test_the_controller_and_its_operations_import_no_textual():
    code = ("import json, sys\nimport rostertui.ui.import_controller\n"
            "import rostertui.ui.import_operations\n"
            "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('textual', 'rich'))))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert json.loads(out.stdout) == []


def test_load_shows_the_file_and_a_refused_file_keeps_the_one_on_show(loaded, admin,
                                                                       tmp_path):
    session = loaded.session
    assert [r.action for r in session.rows] == ["create", "create", "error"]
    assert loaded.path.endswith("clients.csv")
    bad = tmp_path / "photo.csv"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 20)
    job = loaded.start_load(str(bad))
    with pytest.raises(ImportFailed) as failure:
        ops.read_and_check(str(bad), ImportOptions(), admin, lambda n: None)
    assert failure.value.file_not_read and "photo.csv was not read" in str(failure.value)
    assert loaded.finish(job)
    loaded.failed(file_not_read=True)
    assert loaded.session is session and loaded.path.endswith("clients.csv")
    assert not loaded.busy


def test_a_fix_is_computed_on_a_copy_and_swapped_in(loaded):
    shown = loaded.session
    before = state(shown)
    fixed = ops.fix(shown, 4, {0: "cy@example.com"})
    assert state(shown) == before  # what is drawn has not changed
    assert fixed.before is shown and fixed.session is not shown
    assert fixed.session.row(4).action == "create" and fixed.changed == (4,)
    assert loaded.swap_fix(fixed)
    assert loaded.session is fixed.session


def test_a_result_for_a_session_no_longer_on_show_is_dropped(loaded, admin):
    shown = loaded.session
    fix_job = loaded.start()
    fixed = ops.fix(shown, 4, {0: "cy@example.com"})
    load_job = loaded.start(load=True)
    again = ops.check_again(shown, ImportOptions(default_status="pending"), admin,
                            lambda n: None)
    assert loaded.finish(load_job)
    loaded.show(again)
    assert loaded.busy and loaded.finish(fix_job) and not loaded.busy
    assert not loaded.swap_fix(fixed)  # computed from the session shown before
    assert loaded.session is again.session


def test_only_the_latest_load_applies_and_every_job_ends_once(loaded):
    older, newer = loaded.start(load=True), loaded.start(load=True)
    assert loaded.is_current(newer) and not loaded.is_current(older)
    assert not loaded.finish(older)  # stale: its result is dropped
    assert loaded.busy
    assert loaded.finish(newer) and not loaded.busy
    assert not loaded.finish(newer)  # a second end (a cancel after the result) is ignored
    assert not loaded.is_current(newer)  # it no longer runs


def test_check_again_keeps_fixes_and_choices_and_leaves_the_source(loaded, admin):
    shown = loaded.session
    assert loaded.fix_in_memory(4, {0: "cy@example.com"}) is not None  # no key to look up
    assert loaded.toggle_include(shown.row(2))
    assert loaded.toggle_email(shown.row(3))
    loaded.filter = "create"
    before = state(shown)
    job = loaded.start(load=True)
    checked = ops.check_again(shown, ImportOptions(default_status="pending"), admin,
                              lambda n: None)
    assert state(shown) == before
    assert loaded.finish(job)
    loaded.show(checked)
    session = loaded.session
    assert session.row(4).values["email"] == "cy@example.com"
    assert session.row(2).include is False and session.row(3).send_email is True
    assert session.row(3).values["status"] == "pending"
    assert loaded.filter == "create"  # the same file: the filter stays
    assert loaded.view() == [0, 1, 2]  # a row left out still creates if taken back


def test_a_mapping_is_remembered_once_it_worked(loaded, admin):
    shown = loaded.session
    with pytest.raises(ImportFailed, match="Mapping not applied"):
        ops.check_again(shown, ImportOptions(), admin, lambda n: None,
                        mapping={"sex": "attribute:" + "N" * 150},
                        remember={"sex": "attribute:" + "N" * 150})
    assert prefs.get_pref(admin, header_map.PREF_KEY) is None
    checked = ops.check_again(shown, ImportOptions(), admin, lambda n: None,
                              mapping={"sex": "attribute:Sex"},
                              remember={"sex": "attribute:Sex"})
    assert checked.same_file and checked.session.rows[0].values["attribute:Sex"] == "F"
    assert prefs.get_pref(admin, header_map.PREF_KEY) == {"sex": "attribute:Sex"}


def test_while_busy_fixes_and_options_wait(loaded):
    job = loaded.start()
    options = ImportOptions(default_status="archived")
    assert loaded.wants_check(options) is False
    assert loaded.fix_in_memory(4, {0: "cy@example.com"}) is None
    assert loaded.session.row(4).action == "error"  # not applied while busy
    # nor a toggle: a worker may be reading the session on show
    before = state(loaded.session)
    assert not loaded.toggle_include(loaded.session.row(2))
    assert not loaded.toggle_email(loaded.session.row(2))
    assert not loaded.include_all() and loaded.email_all() is None
    assert state(loaded.session) == before
    loaded.finish(job)
    assert loaded.take_pending_fix() == (4, {0: "cy@example.com"})
    assert loaded.take_pending_fix() is None
    assert loaded.take_pending_options() is True and loaded.take_pending_options() is False
    assert loaded.wants_check(options) is True


def test_commit_writes_and_plans_a_copy_against_the_new_roster(loaded, admin):
    shown = loaded.session
    before = state(shown)
    committed = ops.commit(shown, admin)
    assert committed.result.created == 2
    assert User.get_or_none(User.email == "ann@example.com") is not None
    assert state(shown) == before  # still the plan as it was when committed
    assert [r.action for r in committed.session.rows] == ["unchanged", "unchanged", "error"]
    assert loaded.swap_commit(committed) and loaded.session is committed.session


def test_export_errors(loaded, tmp_path):
    assert error_export_path(loaded).endswith("clients-errors.csv")
    target = tmp_path / "errors.csv"
    assert ops.export_errors(loaded.session, str(target)) == 1
    assert target.read_text(encoding="utf-8").splitlines()[1].startswith("not-an-email,Cy")
    with pytest.raises(ImportFailed, match="cannot write .* does not exist"):
        ops.export_errors(loaded.session, str(tmp_path / "missing" / "x.csv"))


def test_launch_options_preset_the_mapping(admin):
    launch = ImportLaunchOptions("f.csv", "/tmp", ImportOptions(mapping={"Mail": "email"}))
    assert ImportController(admin, launch).preset_mapping == {"mail": "email"}


def test_filters_cycle(loaded):
    names = [loaded.next_filter() for _ in range(5)]
    assert names == ["error", "create", "update", "unchanged", "all"]
    loaded.filter = "error"
    assert loaded.view() == [2] and loaded.filter_label == "Errors only"


def test_a_remembered_mapping_applies_before_the_rows_are_checked(admin, tmp_path):
    prefs.set_pref(admin, header_map.PREF_KEY, {"mail": "email"})
    path = tmp_path / "crm.csv"
    path.write_text("Mail,first_name,last_name,birthdate,sex\n"
                    "ann@example.com,Ann,Lee,1980-01-31,F\n", encoding="utf-8")
    checked = ops.read_and_check(str(path), ImportOptions(), admin, lambda n: None)
    assert isinstance(checked, Checked) and checked.session.rows[0].action == "create"


def test_which_keys_apply(loaded):
    rows = {r.number: r for r in loaded.session.rows}
    allows = loaded.allows
    assert allows("toggle_include", rows[2], previewing=True)
    # an error row: the key applies so that the tab can say why the row stays out
    assert allows("toggle_include", rows[4], previewing=True)
    assert allows("toggle_email", rows[2], previewing=True)
    assert not allows("commit", rows[2], previewing=False)  # the file tree is on show
    assert not allows("fix", None, previewing=True)
    assert allows("history", None, previewing=False) and allows("mapping", None,
                                                                 previewing=False)
    job = loaded.start()
    assert not allows("commit", rows[2], previewing=True)
    assert not allows("history", None, previewing=True)
    assert not allows("mapping", None, previewing=True)
    loaded.finish(job)
    empty = ImportController(loaded.operator)
    assert allows("open", None, previewing=False)  # open always applies
    assert not empty.allows("mapping", None, previewing=False)
    assert not empty.allows("commit", None, previewing=True)


def test_a_commit_would_write(loaded, admin):
    assert loaded.commit_writes()
    for row in loaded.session.rows:
        loaded.toggle_include(row)
    assert not loaded.commit_writes()
    assert not ImportController(admin).commit_writes()


def test_fixed_cells_say_what_leaving_would_lose(loaded):
    assert loaded.fixed_cells() == (0, 0) and not loaded.must_ask_to_leave()
    session = loaded.session
    session.set_cell(session.row(4), 0, "cy@example.com")
    assert loaded.fixed_cells() == (1, 1) and loaded.must_ask_to_leave()
    loaded.leaving = True  # the admin said to lose them
    assert not loaded.must_ask_to_leave()
    loaded.leaving = False
    assert loaded.parked(session, 7) and session.parked_id == 7
    assert not loaded.must_ask_to_leave()  # saved as it is
    session.set_cell(session.row(2), 1, "Annie")
    assert loaded.must_ask_to_leave()  # a fix since it was parked
    assert loaded.parked(session, 7)
    session.set_cell(session.row(2), 1, "Anna")  # the same cell fixed again: not parked
    assert loaded.fixed_cells() == (2, 2) and loaded.must_ask_to_leave()
    loaded.forget_parked((7,))
    session.set_cell(session.row(2), 1, "Annie")
    assert loaded.must_ask_to_leave()  # parked nowhere now


def test_with_triage_keeps_a_files_fixes_and_gives_the_launch_file_its_own(admin, csv_file):
    launch = ImportLaunchOptions(path=str(csv_file), options=ImportOptions(
        values={"sex": {"F": "female"}}, date_format="DD/MM/YYYY", invite_incomplete=True))
    controller = ImportController(admin, launch)
    bar = ImportOptions(create_missing_tags=True)
    mine = controller.with_triage(bar, path=str(csv_file))
    assert mine.values == {"sex": {"f": "female"}} and mine.invite_incomplete
    assert mine.create_missing_tags and mine.date_format == "DD/MM/YYYY"
    other = controller.with_triage(bar, path=str(csv_file.with_name("other.csv")))
    assert other == bar  # the command line named another file
    assert controller.with_triage(bar, path="x.xlsx", sheet="Staff").sheet == "Staff"
    assert controller.with_triage(bar, path="x.xlsx", sheet="").sheet is None


def test_column_fixes_kept_as_options_are_asked_about_too(loaded):
    """A date format chosen with d or invitations with i are options, not fixed cells:
    leaving the file asked nothing and dropped them (found in review)."""
    assert not loaded.must_ask_to_leave() and loaded.column_choices() == []
    loaded.session.options.date_format = "DD/MM/YYYY"  # as d checks the file again with
    loaded.session.options.invite_incomplete = True
    assert loaded.fixed_cells() == (0, 0)
    assert loaded.must_ask_to_leave()
    assert loaded.column_choices() == ["a date format", "invitations"]
    assert loaded.parked(loaded.session, 9)
    assert not loaded.must_ask_to_leave()  # saved with them
    loaded.session.options.date_format = "MM/DD/YYYY"
    assert loaded.must_ask_to_leave()
