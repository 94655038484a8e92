"""The one scrolling table under the roster tables and the Import preview: whole-column
sideways scrolling with a lead that stays, the cursor row kept in sight above the
horizontal scrollbar, paging; and the roster table's workers, which turn a refusal into a
message and let a bug propagate."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any

import pytest
from rich.text import Text
from textual.app import App, ComposeResult
from textual.worker import WorkerFailed

from rostertui.ui.services import Refusal
from rostertui.ui.widgets.roster_table import Column, RosterTable
from rostertui.ui.widgets.scroll_table import ScrollTable
from tests.ui.import_waits import is_permanent

WIDTHS = [10] * 8  # eight columns of ten cells: wider than the 60-cell terminal


class Grid(ScrollTable):
    """Rows of numbered cells: the least a subclass has to say."""

    def __init__(self, count: int, widths: Sequence[int] = WIDTHS) -> None:
        super().__init__(id="grid")
        self.count, self.widths = count, list(widths)

    @property
    def total(self) -> int:
        return self.count

    def row_at(self, index: int) -> int | None:
        return index if 0 <= index < self.count else None

    def column_widths(self) -> list[int]:
        return self.widths

    @property
    def lead_width(self) -> int:
        return 5

    def header_text(self) -> Text:
        return Text("   # " + "".join(f"{f'col{i}':{w}} " for i, w in enumerate(self.widths)))

    def row_text(self, index: int, row: int) -> tuple[Text, None]:
        cells = "".join(f"{f'r{row}c{i}':{w}} " for i, w in enumerate(self.widths))
        return Text(f"{row:>4} " + cells), None


class GridApp(App):
    def __init__(self, count: int = 100) -> None:
        super().__init__()
        self.count = count

    def compose(self) -> ComposeResult:
        yield Grid(self.count)

    def on_mount(self) -> None:
        self.query_one(Grid).focus()


@asynccontextmanager
async def grid_on_screen(size: tuple[int, int] = (60, 12)) -> AsyncIterator[tuple[Any, Grid]]:
    """A table of 100 rows of eight 10-cell columns, focused, in a terminal of ``size``."""
    app = GridApp()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        yield pilot, app.query_one(Grid)


async def quiet(pilot) -> None:
    """Wait for the workers (and those their results start) and the messages they post.
    A file tree keeps a worker waiting on its queue for as long as it lives: not waited."""

    def running() -> list:
        return [w for w in pilot.app.workers if not w.is_finished and not is_permanent(w)]

    for _ in range(50):
        if workers := running():  # (an empty list would mean every worker)
            await pilot.app.workers.wait_for_complete(workers)
        await pilot.pause()
        if not running():
            return
    raise AssertionError("the workers never finished")


def line(table: ScrollTable, y: int) -> str:
    return table.render_line(y).text


def cursor_is_drawn(pilot, table: ScrollTable) -> bool:
    """The cursor row's line is inside the table's rows, not under a scrollbar or below."""
    y = table.content_region.y + 1 + table.cursor_row - int(table.scroll_y)
    widget, _ = pilot.app.screen.get_widget_at(table.content_region.x + 1, y)
    return widget is table and y < table.region.bottom


async def test_left_and_right_scroll_a_whole_column_and_the_lead_stays():
    async with grid_on_screen() as (pilot, grid):
        assert grid.show_horizontal_scrollbar
        assert line(grid, 0).startswith("   # col0 ")
        await pilot.press("right")
        assert grid.scroll_x == 11 and grid.first_column == 1
        assert line(grid, 0).startswith("   # col1 ")  # col0 went whole, the lead stayed
        assert line(grid, 1).startswith("   0 r0c1 ")
        await pilot.press("l")
        assert line(grid, 0).startswith("   # col2 ")
        await pilot.press("h")
        assert grid.scroll_x == 11
        await pilot.press("left", "left")  # the second press has nowhere to go
        assert grid.scroll_x == 0
        for _ in range(10):
            await pilot.press("right")
        # at the far right the last column is shown whole at the right edge
        assert grid.scroll_x == grid.max_scroll_x
        visible = grid.scrollable_content_region.width
        assert line(grid, 0)[:visible].rstrip().endswith("col7")
        await pilot.press("left")  # back to where a column starts
        assert grid.scroll_x in grid.column_starts()


async def test_the_cursor_row_is_never_under_the_horizontal_scrollbar():
    async with grid_on_screen() as (pilot, grid):
        assert grid.show_horizontal_scrollbar
        await pilot.press("end")
        await pilot.pause()
        assert grid.cursor_row == 99
        assert cursor_is_drawn(pilot, grid)
        assert "  99 " in line(grid, grid.cursor_row - int(grid.scroll_y) + 1)
        await pilot.press("up", "down", "down")
        assert grid.cursor_row == 99 and cursor_is_drawn(pilot, grid)


async def test_columns_growing_wider_do_not_hide_the_cursor_row_under_the_scrollbar():
    async with grid_on_screen() as (pilot, grid):
        grid.widths = [4, 4]
        grid.update_layout()
        await pilot.pause()
        assert not grid.show_horizontal_scrollbar
        await pilot.press(*["down"] * 10)  # the last line of the table
        assert grid.cursor_row == 10 and cursor_is_drawn(pilot, grid)
        grid.widths = WIDTHS  # the horizontal scrollbar comes
        grid.update_layout()
        await pilot.pause()
        await pilot.pause()
        assert grid.show_horizontal_scrollbar
        assert cursor_is_drawn(pilot, grid)


async def test_page_down_and_up_move_a_screenful_and_keep_the_cursor_in_sight():
    async with grid_on_screen() as (pilot, grid):
        # 12 lines: the header, 10 rows, the horizontal scrollbar
        assert grid.visible_rows == 10
        await pilot.press("pagedown")
        assert (grid.cursor_row, int(grid.scroll_y)) == (10, 10)
        assert cursor_is_drawn(pilot, grid)
        await pilot.press("pagedown", "down")
        assert grid.cursor_row == 21 and cursor_is_drawn(pilot, grid)
        await pilot.press("pageup")
        assert grid.cursor_row == 11 and cursor_is_drawn(pilot, grid)
        await pilot.press("home")
        assert (grid.cursor_row, int(grid.scroll_y)) == (0, 0)
        for _ in range(12):
            await pilot.press("pagedown")
        assert grid.cursor_row == 99 and cursor_is_drawn(pilot, grid)


async def test_a_shorter_terminal_keeps_the_cursor_in_sight():
    async with grid_on_screen((60, 20)) as (pilot, grid):
        await pilot.press("down", *["down"] * 15)
        assert grid.cursor_row == 16 and cursor_is_drawn(pilot, grid)
        await pilot.resize_terminal(60, 10)
        await pilot.pause()
        await pilot.pause()
        assert cursor_is_drawn(pilot, grid)


# --- the roster table's workers ----------------------------------------------------


class Source:
    """A row source that fails as told."""

    def __init__(self, error: Exception) -> None:
        self.error = error

    def window(self, query, offset, limit):
        raise self.error

    def page(self, query, offset, limit):
        raise self.error

    def count(self, query):
        raise self.error

    def ids(self, query):
        raise self.error


class SourceApp(App):
    def __init__(self, source: Source) -> None:
        super().__init__()
        self.source = source
        self.failures: list[str] = []

    def compose(self) -> ComposeResult:
        yield RosterTable([Column("name", "Name", 10, str)], self.source)

    def on_roster_table_load_failed(self, event: RosterTable.LoadFailed) -> None:
        self.failures.append(event.error)


async def test_a_refusal_becomes_a_message():
    app = SourceApp(Source(Refusal("database error: disk I/O error; nothing was changed")))
    async with app.run_test() as pilot:
        app.query_one(RosterTable).load("anything")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.failures == ["could not read the table: database error: disk I/O error; "
                                "nothing was changed"]


async def test_a_bug_in_the_source_propagates_out_of_the_worker():
    app = SourceApp(Source(ZeroDivisionError("division by zero")))
    async with app.run_test() as pilot:
        app.query_one(RosterTable).load("anything")
        with pytest.raises(WorkerFailed) as failed:
            await app.workers.wait_for_complete()
        assert isinstance(failed.value.error, ZeroDivisionError)
        await pilot.pause()
        assert app.failures == []  # not dressed up as a refusal



# --- the two tables of the app --------------------------------------------------------


async def test_import_preview_last_row_is_drawn_above_the_scrollbar(import_app):
    """The sample file with mistakes at 120x40, G: row 28 was under the scrollbar."""
    async with import_app.run_test(size=(120, 40)) as pilot:
        await quiet(pilot)
        table = import_app.screen.query_one("#import-table")
        assert table.show_horizontal_scrollbar
        await pilot.press("G")
        await pilot.pause()
        assert table.current_row.number == 28
        assert cursor_is_drawn(pilot, table)
        assert " 28 " in line(table, table.cursor_row - int(table.scroll_y) + 1)


async def test_right_on_the_clients_table_scrolls_by_a_column_at_80_columns(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await quiet(pilot)
        table = app.screen.query_one("#clients-tab").table
        assert table.has_focus and table.show_horizontal_scrollbar
        first = table.columns[0]
        await pilot.press("right")
        assert table.scroll_x == first.width + 1
        header = line(table, 0)
        assert header.startswith("  " + table.columns[1].label)  # the mark lead stays
        await pilot.press("l", "h", "left")
        assert table.scroll_x == 0


class PreviewApp(App):
    def compose(self) -> ComposeResult:
        from rostertui.ui.widgets.preview_table import PreviewTable

        yield PreviewTable(id="preview")


async def test_the_preview_keeps_its_cells_under_their_headers_past_row_999():
    """The row number's field is as wide as the last row's number (it was 3 wide, so from
    row 1000 on every cell stood a cell or more right of its header)."""
    from rostertui.importing.rows import CREATE, Row
    from rostertui.ui.widgets.preview_table import PreviewTable, columns_for

    rows = []
    for number in range(2, 1202):
        row = Row(number, [f"user{number}@example.com", "Ann"])
        row.action = CREATE
        rows.append(row)
    app = PreviewApp()
    async with app.run_test(size=(100, 12)) as pilot:
        table = app.query_one(PreviewTable)
        table.set_rows(rows, columns_for(["email", "first_name"],
                                         [(0, "email", "email"), (1, "first_name",
                                                                  "first_name")], rows))
        table.focus()
        await pilot.press("end")
        await pilot.pause()
        header = line(table, 0)
        last = line(table, table.cursor_row - int(table.scroll_y) + 1)
        assert " 1201 user1201@" in last
        assert last.index("user1201@") == header.index("email")
        assert last.index("Ann") == header.index("first_name")
