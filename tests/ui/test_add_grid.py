"""The add-several grid (``n`` on Clients and Team Members): rows, paste, errors, create."""

from __future__ import annotations

from textual import events

from rostertui.db.models import ImportBatch, User
from rostertui.ui.screens.add_grid import AddGridScreen
from rostertui.ui.screens.client_form import ClientFormScreen
from tests.ui.conftest import SIZE, Notes, settle, user


async def open_grid(pilot, *keys: str) -> AddGridScreen:
    await settle(pilot)
    await pilot.press(*keys, "n")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, AddGridScreen)
    return screen


async def paste(pilot, screen: AddGridScreen, text: str) -> None:
    screen.grid.post_message(events.Paste(text))
    await settle(pilot)


def client_line(n: int, email: str | None = None) -> str:
    return f"Gina{n}\tGrid{n}\t{email or f'gina{n}@example.com'}\t1990-02-0{n % 9 + 1}\tfemale"


async def test_add_5_10_15_and_delete_a_row(app):
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_grid(pilot)
        grid = screen.grid
        assert len(grid.cells) == 3
        await pilot.press("a")
        assert len(grid.cells) == 4
        await pilot.press("5")
        assert len(grid.cells) == 9
        await pilot.press("t")
        assert len(grid.cells) == 19
        await pilot.press("f")
        assert len(grid.cells) == 34 and grid.row_count == 34
        grid.move_cursor(row=0, column=0)
        await paste(pilot, screen, client_line(1) + "\n" + client_line(2))
        grid.move_cursor(row=0, column=0)
        await pilot.press("d")
        await settle(pilot)
        assert len(grid.cells) == 33 and grid.cells[0][0] == "Gina2"


async def test_paste_three_rows_and_create_them_in_one_batch(app, seats):
    notes = Notes()
    async with app.run_test(size=SIZE, message_hook=notes) as pilot:
        screen = await open_grid(pilot)
        await paste(pilot, screen, "\n".join(client_line(n) for n in (1, 2, 3, 4)))
        assert len(screen.grid.cells) == 4
        assert "Create 4 accounts" in str(screen.query_one("#grid-summary").render())
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(pilot.app.screen, AddGridScreen)
    assert all(user(f"gina{n}@example.com") for n in (1, 2, 3, 4))
    assert any("4 clients created" in t for t in notes.texts)
    assert ImportBatch.select().count() == 1  # in the import history, so it can be undone


async def test_a_duplicate_within_the_grid_is_shown_in_its_cell_and_nothing_is_created(app,
                                                                                       seats):
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_grid(pilot)
        await paste(pilot, screen, client_line(1, "twin@example.com") + "\n"
                    + client_line(2, "TWIN@example.com"))
        assert (2, "email") in screen.grid.errors
        screen.grid.move_cursor(row=1, column=2)
        await pilot.pause()
        assert "row 1" in str(screen.query_one("#cell-error").render())
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert pilot.app.screen is screen
        assert "nothing was created" in str(screen.query_one("#error").render())
        # fix it in the cell: Enter, new text, Enter
        await pilot.press("enter", "ctrl+u", *"other@example.com", "enter")
        await settle(pilot)
        assert not screen.grid.errors
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert pilot.app.screen is not screen
    assert user("twin@example.com") and user("other@example.com")


async def test_a_batch_past_the_seat_limit_creates_nobody(app):
    before = User.select().count()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_grid(pilot)  # 10 seats, 5 taken by the fixture
        await paste(pilot, screen, "\n".join(client_line(n) for n in range(1, 7)))
        assert any("seat limit" in m for m in screen.grid.errors.values())
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert pilot.app.screen is screen
    assert User.select().count() == before


async def test_a_pasted_header_orders_the_columns(app):
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_grid(pilot)
        await paste(pilot, screen, "Email,First Name,Last Name\nhal@example.com,Hal,Hart\n")
        assert screen.grid.cells[0][:3] == ["Hal", "Hart", "hal@example.com"]
        assert len(screen.grid.cells) == 3  # one row filled, no header row


async def test_team_members_grid_and_the_single_form_on_N(app):
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_grid(pilot, "2")
        await paste(pilot, screen, "Tia\tTeam\ttia@example.com\tPractitioner\n")
        assert not screen.grid.errors
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("1", "N")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ClientFormScreen)
    assert user("tia@example.com") is not None


async def test_escape_on_an_empty_grid_closes_it_at_once(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await open_grid(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(pilot.app.screen, AddGridScreen)
        assert pilot.app.screen.query_one("#clients-tab").table.has_focus


async def test_escape_on_a_grid_with_typed_rows_asks_before_discarding_them(app):
    from rostertui.ui.screens.confirm import ConfirmScreen

    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_grid(pilot)
        await paste(pilot, screen, client_line(1) + "\n" + client_line(2))
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ConfirmScreen)
        assert pilot.app.screen.title_text == "Discard the 2 rows typed?"
        await pilot.press("n")  # no: back to the grid, the rows still there
        await settle(pilot)
        assert pilot.app.screen is screen and screen.grid.cells[1][0] == "Gina2"
        await pilot.press("escape", "y")
        await settle(pilot)
        assert not isinstance(pilot.app.screen, AddGridScreen | ConfirmScreen)
        assert user("gina1@example.com") is None  # nothing was created
