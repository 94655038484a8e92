"""A worker never changes the rows the Import tab draws: it computes a new session, and the
tab swaps it in on the UI thread. Options changed and cells fixed while it runs wait, and
apply once it is done."""

from __future__ import annotations

import threading

import pytest
from textual.widgets import Select

from rostertui.importing.engine import ImportSession
from rostertui.ui.widgets.preview_table import PreviewTable
from tests.ui.conftest import SIZE
from tests.ui.import_waits import Gate, hold_database_reads, settled
from tests.ui.test_import_tab import goto, row, tab


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Gate:
    held = hold_database_reads(monkeypatch)
    # every fix looks a key up (the sample's roster is small enough to be read whole, which
    # would make every fix one of memory only, done at once on the UI thread)
    monkeypatch.setattr(ImportSession, "fix_needs_database", lambda *args: True)
    return held


def drawn_state(session: ImportSession) -> list[tuple]:
    return [(r.number, tuple(r.cells), r.action, r.include, r.send_email,
             repr(sorted(r.values.items(), key=str)), tuple(map(str, r.errors)))
            for r in session.rows]


def drawn_lines(table: PreviewTable) -> list[str]:
    return [table.render_line(y).text for y in range(table.size.height)]


async def test_a_worker_never_changes_the_rows_on_show(import_app, gate, monkeypatch):
    swaps: list[str] = []
    set_rows = PreviewTable.set_rows

    def recording_set_rows(self, rows, columns):
        swaps.append(threading.current_thread().name)
        return set_rows(self, rows, columns)

    monkeypatch.setattr(PreviewTable, "set_rows", recording_set_rows)
    async with import_app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        t = tab(import_app)
        await goto(pilot, 17)
        shown, rows = t.session, t.table.rows
        assert rows is shown.rows and row(import_app, 17).action == "error"
        before, lines = drawn_state(shown), drawn_lines(t.table)
        swaps.clear()

        gate.armed = True
        t.fix_cells(row(import_app, 17), {0: "fixed.address@example.com"})
        await gate.reached()  # the fix is computed, in the worker, and held there
        assert t.controller.busy
        # meanwhile: another option, and another fix
        t.query_one("#import-default-status", Select).value = "pending"
        await pilot.pause()
        t.fix_cells(row(import_app, 18), {4: "F"})
        await pilot.pause()
        # what is drawn has not moved: the same session, the same row objects, the same
        # cells and actions, the same lines on screen, the cursor on the same row
        assert t.session is shown and t.table.rows is rows
        assert drawn_state(shown) == before
        assert drawn_lines(t.table) == lines
        assert t.table.current_row.number == 17
        assert swaps == []

        gate.armed = False
        gate.open.set()
        await settled(pilot)
        # swapped in, on the UI thread, with the fix, then the fix and the option asked for
        # meanwhile
        assert swaps and set(swaps) == {threading.main_thread().name}
        assert t.session is not shown and t.table.rows is t.session.rows
        assert row(import_app, 17).values["email"] == "fixed.address@example.com"
        assert row(import_app, 17).action == "create"
        assert row(import_app, 18).cells[4] == "F"
        assert t.session.options.default_status.value == "pending"
        assert row(import_app, 17).values["status"] == "pending"
        assert t.table.current_row.number == 17 and not t.controller.busy
        # and the session that was on show was never touched
        assert drawn_state(shown) == before


async def test_a_new_file_while_a_fix_runs(import_app, gate, tmp_path):
    """Another file is loaded while a fix of the first one is still computed: the tab stays
    busy until both have ended, and the late fix (of a file no longer on show) is dropped."""
    other = tmp_path / "two.csv"
    other.write_text("email,first_name,last_name,birthdate,sex\n"
                     "new1@example.com,New,One,1980-01-01,F\n", encoding="utf-8")
    async with import_app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        t = tab(import_app)
        gate.armed = True
        t.fix_cells(row(import_app, 17), {0: "fixed.address@example.com"})
        await gate.reached()
        gate.armed = False  # the load is not held
        t.load_file(str(other))
        for worker in [w for w in import_app.workers if w.group == "import-load"]:
            await worker.wait()
        await pilot.pause()
        assert t.session.name.endswith("two.csv") and t.controller.busy  # the fix still runs
        gate.open.set()
        await settled(pilot)
        assert not t.controller.busy
        assert t.session.name.endswith("two.csv") and len(t.session.rows) == 1
        assert t.table.rows is t.session.rows
