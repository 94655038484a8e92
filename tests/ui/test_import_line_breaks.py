"""Issue 14, "free text keeps its line breaks": a quoted line break inside a custom attribute
shows as ⏎ in the preview's one line, and the detail panel shows the real lines, each inert
(no markup, no terminal escapes). At 80x24."""

from __future__ import annotations

from pathlib import Path

from rostertui.config import Config
from rostertui.importing.rows import Row
from rostertui.ui.app import make_app
from rostertui.ui.widgets.import_detail import RowDetail, row_detail
from rostertui.ui.widgets.preview_table import PreviewColumn
from tests.ui.import_waits import settled
from tests.ui.test_import_tab import goto, tab

CSV = ('email,first_name,last_name,birthdate,sex,attribute:Notes\n'
       'ann@example.com,Ann,Lee,1980-01-31,female,"called twice\n[bold]prefers[/bold] email"\n'
       'bob@example.com,Bob,Ray,1975-06-02,male,one line\n')


def plain(panel: RowDetail) -> str:
    return str(panel.content)


async def test_a_line_break_in_free_text_shows_as_a_symbol_and_in_full_below(
        roster, admin, tmp_path: Path, seats):
    path = tmp_path / "notes.csv"
    path.write_text(CSV, encoding="utf-8")
    app = make_app(roster, Config(data_dir=tmp_path), admin, import_path=str(path),
                   import_dir=str(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        t = tab(pilot.app)
        ann = t.session.row(2)
        assert ann.values["attribute:Notes"] == "called twice\n[bold]prefers[/bold] email"
        line, _ = t.table.row_text(0, ann)
        assert "called twice⏎[bold]prefers" in line.plain  # the cell, cut to its width
        assert "␊" not in line.plain and "\n" not in line.plain
        await goto(pilot, 2)
        detail = plain(pilot.app.screen.query_one(RowDetail))
        assert "Notes:\n  called twice\n  [bold]prefers[/bold] email" in detail
        await goto(pilot, 3)
        assert "Notes:" not in plain(pilot.app.screen.query_one(RowDetail))


def test_the_detail_panel_never_obeys_the_text():
    row = Row(2, ["ann@example.com", "evil\x1b[2J\nline two\x07"])
    notes = PreviewColumn(1, "attribute:Notes", "attribute:Notes", 20)
    shown = row_detail(row, [notes]).plain
    assert "\x1b" not in shown and "\x07" not in shown
    assert "\n  evil␛[2J\n  line two␇" in shown
    secret = PreviewColumn(1, "password", "password", 8, secret=True)
    assert "evil" not in row_detail(row, [secret]).plain
