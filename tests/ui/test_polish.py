"""Issue 13's small things: confirmations answer to y / n, and the careful user's trips."""

from __future__ import annotations

from rostertui.ui.screens.confirm import ConfirmScreen
from tests.ui.conftest import SIZE, Notes, settle, user


async def show(pilot, key: str) -> None:
    await pilot.press(key)
    await settle(pilot)


async def test_a_confirmation_answers_to_y_and_n(app):
    notes = Notes()
    async with app.run_test(size=SIZE, message_hook=notes) as pilot:
        await settle(pilot)
        await show(pilot, "x")  # archive the client under the cursor
        assert isinstance(pilot.app.screen, ConfirmScreen)
        await show(pilot, "n")  # no: nothing archived, and no new-client form opened
        assert not isinstance(pilot.app.screen, ConfirmScreen)
        assert user("client1@example.com").status == "active"
        await show(pilot, "x")
        await show(pilot, "y")
        assert not isinstance(pilot.app.screen, ConfirmScreen)
        assert "1 client archived" in notes.texts
    assert user("client1@example.com").status == "archived"


async def test_an_irreversible_confirmation_still_wants_the_count(app):
    notes = Notes()
    async with app.run_test(size=SIZE, message_hook=notes) as pilot:
        await settle(pilot)
        await show(pilot, "4")
        await show(pilot, "X")  # delete the archived client permanently
        confirm = pilot.app.screen
        assert isinstance(confirm, ConfirmScreen) and confirm.type_to_confirm == "1"
        await show(pilot, "y")  # y is typed into the field, it does not confirm
        assert pilot.app.screen is confirm
        confirm.focus_next()  # even away from the field, y does not confirm
        await show(pilot, "y")
        assert pilot.app.screen is confirm
        assert not confirm.check_action("confirm", ())
    assert user("client8@example.com") is not None


async def test_ctrl_s_saves_the_path_of_the_rows_with_errors(import_app, tmp_path):
    from rostertui.ui.screens.import_fix import PathScreen
    from tests.ui.import_waits import settled

    async with import_app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await pilot.press("x")
        await settled(pilot)
        assert isinstance(import_app.screen, PathScreen)
        target = tmp_path / "errors.csv"
        import_app.screen.query_one("#path").value = str(target)
        await pilot.press("ctrl+s")
        await settled(pilot)
        assert not isinstance(import_app.screen, PathScreen)
    assert target.read_text(encoding="utf-8").startswith("E-mail")


async def test_space_on_a_row_with_errors_says_why(import_app):
    from rostertui.ui.tabs.import_tab import ImportTab
    from tests.ui.import_waits import settled

    notes = Notes()
    async with import_app.run_test(size=SIZE, message_hook=notes) as pilot:
        await settled(pilot)
        t = import_app.screen.query_one("#import-tab", ImportTab)
        position, bad = next((i, r) for i, r in enumerate(t.session.rows)
                             if r.action == "error")
        t.table.move(position)
        await pilot.pause()
        before = bad.include
        await pilot.press("space")
        await pilot.pause()
        assert f"Row {bad.number} has errors; fix them first (e)" in notes.texts
        assert bad.include is before


async def test_send_by_email_says_sending_and_sends_once(app, monkeypatch):
    import threading

    from rostertui.domain import registration
    from rostertui.mail import outbox

    release = threading.Event()
    real = registration.send_code

    def slow_send(user_id, actor):
        release.wait(10)  # an SMTP-slow moment: the admin presses again meanwhile
        return real(user_id, actor)

    monkeypatch.setattr(registration, "send_code", slow_send)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await show(pilot, "c")
        await pilot.click("#send")
        await pilot.pause()
        button = pilot.app.screen.query_one("#send")
        assert button.disabled and str(button.label) == "Sending…"
        await pilot.click("#send")
        button.press()
        await pilot.pause()
        release.set()
        await settle(pilot)
        assert not button.disabled and str(button.label) == "Send by email"
        sent = [m for m in outbox.list_messages() if m.kind == "registration_code"]
        assert len(sent) == 1


async def test_a_check_box_shows_its_state_by_glyph_not_only_colour(app):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await show(pilot, "N")  # the new-client form has "Send registration code"
        box = pilot.app.screen.query_one("#send_code")
        off = str(box.render())
        box.value = not box.value
        await pilot.pause()
        on = str(box.render())
        if box.value is False:
            on, off = off, on
        assert "✓" in on and "✓" not in off and "X" not in off


async def test_a_role_list_shows_ticked_and_unticked_by_glyph_in_every_theme(app):
    """The team member form's roles: "✓" beside a ticked role, a blank beside the others,
    whatever the theme (Textual's SelectionList draws "X" beside both)."""
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await show(pilot, "2")
        await show(pilot, "N")
        roles = pilot.app.screen.query_one("#roles")
        roles.select("Practitioner")
        await pilot.pause()
        names = [str(o.prompt) for o in roles.options]
        ticked = names.index("Practitioner")
        for theme in sorted(pilot.app.available_themes):
            pilot.app.theme = theme
            await pilot.pause()
            lines = [roles.render_line(y).text for y in range(len(names))]
            assert lines[ticked].lstrip().startswith("▐✓▌"), (theme, lines)
            for y, line in enumerate(lines):
                if y != ticked:
                    assert "✓" not in line and "X" not in line, (theme, line)
                    assert line.lstrip().startswith("▐ ▌"), (theme, line)


async def test_tag_choices_count_within_the_tab_and_remove_lists_held_tags(app, admin,
                                                                          monkeypatch):
    from textual.widgets import SelectionList

    from rostertui.domain import users
    from rostertui.ui.widgets.filter_bar import FilterBar

    given: list = []
    real = FilterBar.set_choices

    def record(bar, options):
        given[:] = options
        real(bar, options)

    monkeypatch.setattr(FilterBar, "set_choices", record)
    users.archive_users([user("client1@example.com").id], admin)  # Alice held VIP
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        labels = [str(prompt) for prompt, _ in given]
        assert "VIP (1)" in labels and "Newsletter (0)" in labels
        await show(pilot, "T")  # remove tags from Bruno (the first row now), who has VIP
        listed = pilot.app.screen.query_one("#tags", SelectionList)
        assert [listed.get_option_at_index(i).value
                for i in range(listed.option_count)] == ["VIP"]


async def test_the_history_fits_the_operator_and_file_name(import_app):
    from textual.widgets import DataTable

    from rostertui.ui.screens.import_history import HistoryScreen, fit_two
    from tests.ui.import_waits import settled

    async with import_app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await pilot.press("c")
        await settled(pilot)
        await pilot.press("y")  # commit the valid rows
        await settled(pilot)
        await pilot.press("h")
        await settled(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, HistoryScreen)
        [batch] = screen.batches
        widths = {str(c.label): c.width for c in screen.query_one(DataTable).columns.values()}
        assert widths["by"] >= len(batch.operator) > 15
        assert widths["file"] >= len("messy_clients.csv")
    assert fit_two(10, 30, 30) == (10, 20) and fit_two(5, 6, 30) == (5, 6)
    assert fit_two(40, 40, 30) == (15, 15)


async def test_the_history_at_80_columns_shows_the_operator_and_file_whole(
        import_app, admin):
    """At 80x24 there is no room for whole "by" and "file" columns beside the counts: the
    line under the table shows both, whole, for the highlighted batch."""
    from textual.widgets import DataTable, Static

    from rostertui.ui.screens.import_history import HistoryScreen
    from tests.ui.import_waits import settled

    async with import_app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await pilot.press("c")
        await settled(pilot)
        await pilot.press("y")  # commit the valid rows
        await settled(pilot)
        await pilot.press("h")
        await settled(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, HistoryScreen)
        [batch] = screen.batches
        table = screen.query_one(DataTable)
        for column in table.columns.values():  # nothing in the table is cut
            assert column.width >= len(str(column.label)), column.label
        line = str(screen.query_one("#history-selected", Static).render())
        assert "messy_clients.csv" in line and batch.operator in line, line
