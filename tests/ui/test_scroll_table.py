"""The one scrolling table under the roster tables and the Import preview: a column
cursor that scrolls whole columns with a lead that stays, its cell drawn apart; the
cursor row kept in sight above the horizontal scrollbar; paging; and the roster table's
workers, which turn a refusal into a message and let a bug propagate."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any

import pytest
from rich.style import Style
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


async def test_left_and_right_move_a_column_cursor_scrolling_by_whole_columns():
    async with grid_on_screen() as (pilot, grid):
        assert grid.show_horizontal_scrollbar
        assert (grid.cursor_column, grid.current_column()) == (0, "0")
        assert line(grid, 0).startswith("   # col0 ")
        await pilot.press("right", "l", "l")  # col3 ends at 49: in sight, nothing scrolls
        assert grid.cursor_column == 3 and grid.scroll_x == 0
        await pilot.press("right")  # col4 ends past the edge: a whole column goes
        assert grid.cursor_column == 4 and grid.scroll_x == 11 and grid.first_column == 1
        assert line(grid, 0).startswith("   # col1 ")  # col0 went whole, the lead stayed
        assert line(grid, 1).startswith("   0 r0c1 ")
        for _ in range(10):
            await pilot.press("right")
        # at the far right the last column is shown whole at the right edge
        assert grid.cursor_column == 7 and grid.scroll_x == grid.max_scroll_x
        visible = grid.scrollable_content_region.width
        assert line(grid, 0)[:visible].rstrip().endswith("col7")
        await pilot.press("h", "left", "left")  # col4 to col3: still in sight
        assert grid.cursor_column == 4 and grid.scroll_x == grid.max_scroll_x
        await pilot.press("left", "left")  # col2 starts left of the view: back to its start
        assert grid.cursor_column == 2 and grid.scroll_x == grid.column_starts()[2]
        await pilot.press(*["left"] * 5)  # nowhere left of the first
        assert grid.cursor_column == 0 and grid.scroll_x == 0


def style_at(table: ScrollTable, y: int, x: int) -> Style:
    """The style of the cell ``x`` cells from the left of line ``y``."""
    for seg in table.render_line(y):
        if x < seg.cell_length:
            return seg.style
        x -= seg.cell_length
    raise AssertionError("past the line's end")


def shown(style: Style) -> tuple[object, object]:
    """(background, foreground) as the terminal shows them."""
    return (style.color, style.bgcolor) if style.reverse else (style.bgcolor, style.color)


async def test_the_cell_under_the_cursor_stands_out_from_its_row_in_every_theme():
    async with grid_on_screen() as (pilot, grid):
        await pilot.press("down", "right")
        assert grid.cursor_cell_span() == (16, 26)  # lead 5, then col0 and its space
        themes = sorted(pilot.app.available_themes)
        assert len(themes) > 10
        for theme in themes:
            pilot.app.theme = theme
            await pilot.pause()
            cell, rest = shown(style_at(grid, 2, 17)), shown(style_at(grid, 2, 28))
            assert cell[0] != rest[0], theme  # its own background
            assert cell[0] != cell[1], theme  # and text that shows on it
            # no other row wears it
            assert shown(style_at(grid, 1, 17)) != cell, theme
        grid.blur()
        await pilot.pause()
        assert style_at(grid, 2, 17).underline  # unfocused, still marked
        assert not style_at(grid, 2, 28).underline


async def test_the_column_cursor_posts_the_column_it_moved_to_and_follows_clicks():
    moves: list[tuple[int, str | None]] = []
    # a message is handed to the hook at each node it bubbles to: count each once, by
    # identity, keeping it alive (a freed message's id can be a later message's: the test
    # then lost a move, 1 run in many)
    seen: list[object] = []

    def hook(message) -> None:
        if isinstance(message, ScrollTable.ColumnHighlighted) and \
                not any(message is m for m in seen):
            seen.append(message)
            moves.append((message.column, message.key))

    app = GridApp()
    async with app.run_test(size=(60, 12), message_hook=hook) as pilot:
        grid = app.query_one(Grid)
        grid.focus()
        await pilot.press("right", "right", "left")
        await pilot.pause()
        assert moves == [(1, "1"), (2, "2"), (1, "1")]
        await pilot.click(grid, offset=(5 + 11 * 3 + 2, 4))  # col3 of the fourth row
        await pilot.pause()
        assert (grid.cursor_row, grid.cursor_column) == (3, 3)
        assert moves[-1] == (3, "3")
        grid.widths = [4, 4]  # fewer columns: the cursor stays on one
        grid.update_layout()
        await pilot.pause()
        assert grid.cursor_column == 1


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


async def test_the_clients_table_moves_by_field_at_80_columns(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await quiet(pilot)
        table = app.screen.query_one("#clients-tab").table
        assert table.has_focus and table.show_horizontal_scrollbar
        assert table.current_column() == "first_name"
        await pilot.press("right", "l")
        assert table.current_column() == "email" and table.scroll_x == 0
        await pilot.press("right", "right")  # Sex does not fit beside them: scrolled to
        assert table.current_column() == "sex"
        start, end = table.cursor_cell_span()
        assert round(table.scroll_x) > 0
        assert end - round(table.scroll_x) <= table.scrollable_content_region.width
        header = line(table, 0)
        assert header.startswith("  " + table.columns[table.first_column].label)  # lead
        await pilot.press("h", "h", "h", "h", "left")
        assert table.current_column() == "first_name" and table.scroll_x == 0


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


async def test_the_preview_names_its_cursor_column_by_field_or_by_the_files_header():
    from rostertui.importing.rows import CREATE, Row
    from rostertui.ui.widgets.preview_table import PreviewTable, columns_for

    row = Row(2, ["ann@example.com", "Ann", "blue"])
    row.action = CREATE
    app = PreviewApp()
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.query_one(PreviewTable)
        header = ["E-mail", "First", "Colour"]
        table.set_rows([row], columns_for(header, [(0, "E-mail", "email"),
                                                   (1, "First", "first_name"),
                                                   (2, "Colour", "")], [row]))
        table.focus()
        assert table.current_column() == "email"
        await pilot.press("right")
        assert table.current_column() == "first_name"
        await pilot.press("right", "right")
        assert table.current_column() == "Colour"  # left out of the import: its header
