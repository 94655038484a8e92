"""The Import tab's widgets, each mounted alone in a bare app (no database, no tab): the path
bar, the options bar, the status line, the preview and the detail panel."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widget import Widget
from textual.widgets import Input, Select

from rostertui.domain.enums import Kind, Role, Status
from rostertui.importing.engine import ImportOptions, load_bytes
from rostertui.ui.widgets.import_detail import RowDetail
from rostertui.ui.widgets.import_options_bar import ImportOptionsBar
from rostertui.ui.widgets.import_path_bar import ImportPathBar
from rostertui.ui.widgets.import_preview import ImportPreview
from rostertui.ui.widgets.import_status import ImportStatusLine


class Alone(App[None]):
    """One widget, and every message it posts."""

    def __init__(self, widget: Widget) -> None:
        super().__init__()
        self.widget, self.seen = widget, []

    def compose(self) -> ComposeResult:
        yield self.widget

    def on_import_path_bar_path_chosen(self, event) -> None:
        self.seen.append(event)

    def on_import_options_bar_options_changed(self, event) -> None:
        self.seen.append(event)


def text(widget) -> str:
    return str(widget.render())


async def test_the_path_bar_says_which_path_was_chosen():
    app = Alone(ImportPathBar(id="path"))
    async with app.run_test() as pilot:
        bar = app.widget
        bar.focus()
        await pilot.press("enter")  # nothing typed: nothing chosen
        bar.value = "  clients.csv "
        await pilot.press("enter")
        await pilot.pause()
        assert [e.path for e in app.seen] == ["clients.csv"]
        bar.show_path("other.csv")  # shown, not chosen
        await pilot.pause()
        assert bar.value == "other.csv" and len(app.seen) == 1


async def test_the_options_bar_reads_presets_and_says_when_they_change():
    preset = ImportOptions(kind=Kind.TEAM_MEMBER, default_role=Role.PRACTITIONER,
                           default_status=Status.PENDING, extra_tags=("VIP",),
                           create_missing_tags=True)
    app = Alone(ImportOptionsBar(preset))
    async with app.run_test(size=(120, 6)) as pilot:
        bar = app.widget
        await pilot.pause()
        app.seen.clear()
        options = bar.options({"mail": "email"})
        assert options == ImportOptions(kind=Kind.TEAM_MEMBER, mapping={"mail": "email"},
                                        default_role=Role.PRACTITIONER,
                                        default_status=Status.PENDING, extra_tags=("VIP",),
                                        create_missing_tags=True)
        assert bar.query_one("#import-role").display
        bar.query_one("#import-kind", Select).value = Kind.CLIENT.value
        await pilot.pause()
        assert not bar.query_one("#import-role").display
        assert bar.options({}).default_role is None  # a role is for team members only
        assert app.seen and not app.seen[-1].submitted
        tags = bar.query_one("#import-add-tags", Input)
        tags.focus()
        tags.value = "x" * 200
        await pilot.press("enter")
        await pilot.pause()
        assert app.seen[-1].submitted
        try:
            bar.options({})
        except ValueError:
            pass
        else:
            raise AssertionError("a tag name of 200 characters was taken")


async def test_the_status_line_shows_text_never_markup():
    app = Alone(ImportStatusLine("Choose a file"))
    async with app.run_test() as pilot:
        line = app.widget
        assert text(line.query_one("#import-status")) == "Choose a file"
        assert not line.query_one("#import-progress").display
        line.start("Reading [bold]x[/bold].csv…")
        await pilot.pause()
        assert line.query_one("#import-progress").display
        assert text(line.query_one("#import-status")) == "Reading [bold]x[/bold].csv…"
        line.stop()
        await pilot.pause()
        assert not line.query_one("#import-progress").display


DATA = (b"email,first_name,last_name,birthdate,sex\r\n"
        b"ann@example.com,Ann,Lee,1980-01-31,F\r\n"
        b"not-an-email,[red]Cy[/red],Dee,1990-02-03,F\r\n")


async def test_the_preview_draws_a_session_it_is_given():
    session = load_bytes(DATA, "clients.csv", ImportOptions())  # checked, not planned:
    session.rows[0].action = "create"  # as planning would say (no database here)
    app = Alone(ImportPreview())
    async with app.run_test(size=(100, 20)) as pilot:
        preview = app.widget
        preview.show(session, None, "All rows")
        await pilot.pause()
        assert preview.table.rows is session.rows and preview.table.total == 2
        counters = text(preview.query_one("#import-counters"))
        assert "1 with errors" in counters and "Showing: All rows" in counters
        preview.table.move(1)
        await pilot.pause()
        detail = text(preview.query_one(RowDetail))
        assert detail.startswith("Row 3: error") and "email" in detail
        preview.set_view([1], "Errors only")
        await pilot.pause()
        assert preview.table.total == 1 and preview.table.current_row.number == 3
        # another session for the same file: the cursor stays on the row it was on
        again = load_bytes(DATA, "clients.csv", ImportOptions())
        again.rows[0].action = "create"
        preview.show(again, [1], "Errors only", keep=3, same_columns=True)
        await pilot.pause()
        assert preview.table.rows is again.rows and preview.table.current_row.number == 3
        line = preview.table.render_line(1).text
        assert "[red]Cy[/red]" in line  # drawn as typed, never as markup
