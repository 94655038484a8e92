"""The Import tab: load the sample file with mistakes, fix a cell, exclude a row, mark two
emails, commit, check the database and the outbox; then undo that batch from the history."""

from __future__ import annotations

from rostertui.config import Config
from rostertui.db.models import ImportBatch, User
from rostertui.mail import outbox
from rostertui.ui.app import make_app
from rostertui.ui.screens.confirm import ConfirmScreen
from rostertui.ui.screens.import_fix import FixRowScreen, PathScreen
from rostertui.ui.screens.import_history import HistoryScreen
from rostertui.ui.tabs.import_tab import ImportTab
from rostertui.ui.tabs.import_text import describe_outcome
from tests.ui.conftest import SIZE
from tests.ui.import_waits import settled


def tab(app) -> ImportTab:
    return app.screen.query_one("#import-tab", ImportTab)


def row(app, number: int):
    return tab(app).session.row(number)


async def goto(pilot, number: int) -> None:
    t = tab(pilot.app)
    position = next(i for i, r in enumerate(t.session.rows) if r.number == number)
    t.table.move(position)
    await pilot.pause()


async def commit_sample(pilot) -> None:
    """Fix row 17's email, exclude row 3, mark rows 2 and 4 for an email, commit."""
    app = pilot.app
    await settled(pilot)
    t = tab(app)
    assert t.session is not None
    assert row(app, 17).action == "error"  # not-an-email
    # fix a cell through the modal
    await goto(pilot, 17)
    await pilot.press("E")  # the row dialog (e edits the cell in place)
    await settled(pilot)
    assert isinstance(app.screen, FixRowScreen)
    field = app.screen.focused
    assert field.id == "cell-0"  # the email cell, the one with the error
    field.value = "fixed.address@example.com"
    await pilot.press("enter")
    await settled(pilot)
    assert row(app, 17).action == "create"
    # exclude a row; an error row cannot be included
    await goto(pilot, 3)
    await pilot.press("space")
    assert row(app, 3).include is False
    await goto(pilot, 18)
    assert row(app, 18).action == "error"
    before = row(app, 18).include
    await pilot.press("space")  # says why (test_polish), and changes nothing
    assert row(app, 18).include is before
    # two emails
    await goto(pilot, 2)
    await pilot.press("m")
    await goto(pilot, 4)
    await pilot.press("m")
    assert t.session.summary()["emails"] == 2
    # errors only
    await pilot.press("f")
    await pilot.pause()
    assert t.controller.filter == "error"
    assert all(t.session.rows[i].action == "error" for i in t.table.view)
    await pilot.press("f", "f", "f", "f")
    assert t.controller.filter == "all"
    # commit
    await pilot.press("c")
    await settled(pilot)
    assert isinstance(app.screen, ConfirmScreen)
    assert describe_outcome(t.session.outcome()) in app.screen.body
    await pilot.click("#confirm")
    await settled(pilot)


async def test_load_fix_exclude_email_commit(import_app, tmp_path):
    async with import_app.run_test(size=SIZE) as pilot:
        await commit_sample(pilot)
        batch = ImportBatch.select().order_by(ImportBatch.id.desc()).first()
        assert batch is not None and batch.emails == 2
        assert User.get_or_none(User.email == "fixed.address@example.com") is not None
        assert User.get_or_none(User.email == "kwame.kowalski702@mail.example.com") is None
        assert User.get_or_none(User.email == "omar.obrien701@example.org") is not None
        assert User.get_or_none(User.email == "bad.sex@example.com") is None
        to = sorted(m.to for m in outbox.list_messages() if m.to != "invitee@example.com")
        assert to == ["omar.obrien701@example.org", "viktor.costa703@example.com"]
        # after the commit the preview shows the file against the new roster
        assert row(import_app, 2).action == "unchanged"
        assert "created" in str(tab(import_app).query_one("#import-status").render())


async def test_undo_the_batch_from_the_history(import_app):
    async with import_app.run_test(size=SIZE) as pilot:
        await commit_sample(pilot)
        created = User.select().where(User.email == "fixed.address@example.com").count()
        assert created == 1
        await pilot.press("h")
        await settled(pilot)
        assert isinstance(import_app.screen, HistoryScreen)
        await pilot.press("u")
        await settled(pilot)
        assert isinstance(import_app.screen, ConfirmScreen)
        await pilot.click("#confirm")
        await settled(pilot)
        assert isinstance(import_app.screen, HistoryScreen)
        assert "Undid import batch" in str(import_app.screen.query_one("#history-result")
                                           .render())
        assert User.get_or_none(User.email == "fixed.address@example.com") is None
        assert ImportBatch.select().first().status == "reverted"
        await pilot.press("escape")
        await settled(pilot)
        assert row(import_app, 2).action == "create"  # planned again against the roster
        # the file was not read again: the fix made before the commit is still there
        assert row(import_app, 17).values["email"] == "fixed.address@example.com"
        assert row(import_app, 17).action == "create"


async def test_a_file_that_is_not_a_csv_is_refused(roster, admin, tmp_path, seats):
    bad = tmp_path / "photo.csv"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 20)
    app = make_app(roster, Config(data_dir=tmp_path), admin, import_path=str(bad),
                   import_dir=str(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        assert tab(app).session is None
        assert "was not read" in str(tab(app).query_one("#import-status").render())
        assert tab(app).check_action("commit", ()) is None


async def test_typing_a_path_loads_it(app, tmp_path, seats):
    path = tmp_path / "two.csv"
    path.write_text("email,first_name,last_name,birthdate,sex\n"
                    "new1@example.com,New,One,1980-01-01,F\n"
                    "new2@example.com,New,Two,1980-01-01,F\n", encoding="utf-8")
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await pilot.press("5")
        await settled(pilot)
        t = tab(app)
        assert app.focused.id == "import-path"
        app.focused.value = str(path)
        await pilot.press("enter")
        await settled(pilot)
        assert t.session is not None and t.session.summary()["create"] == 2
        await pilot.press("M")  # email all
        assert t.session.summary()["emails"] == 2
        await pilot.press("x")  # export errors: no row has errors, so no dialog and no file
        await settled(pilot)
        assert not isinstance(app.screen, PathScreen)
        assert app.focused is t.table
        assert not list(tmp_path.glob("*errors*"))


async def test_export_writes_the_rows_with_errors(import_app, tmp_path):
    """x asks where (beside the file by default) and writes each row with errors: its cells
    as read plus what is wrong, so it can be fixed elsewhere and imported again."""
    import csv

    from rostertui.domain.csv_safety import escape_cell

    async with import_app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        t = tab(import_app)
        bad = [r.number for r in t.session.rows if r.action == "error"]
        assert bad
        await pilot.press("x")
        await settled(pilot)
        assert isinstance(import_app.screen, PathScreen)
        field = import_app.screen.query_one("#path")
        assert field.value == "messy_clients-errors.csv"
        target = tmp_path / "out" / "errors.csv"
        target.parent.mkdir()
        field.value = str(target)
        await pilot.press("enter")
        await settled(pilot)
        with target.open(encoding="utf-8", newline="") as fh:
            written = list(csv.reader(fh))
        assert written[0] == [*t.session.header, "errors", "source_row"]
        assert len(written) == 1 + len(bad)
        errors = [r for r in t.session.rows if r.action == "error"]
        for row, line in zip(errors, written[1:], strict=True):
            # cells as read (a formula is escaped, so a spreadsheet shows it, never runs it)
            assert line[:len(row.cells)] == [escape_cell(c) for c in row.cells]
            assert all(e.message in line[-2] for e in row.errors)
            assert line[-1] == str(row.number)  # the row's number in the file imported
        assert any(line[0].startswith("'=") for line in written[1:])


async def test_options_given_on_the_command_line_are_preset(roster, admin, tmp_path, seats):
    from rostertui.domain.enums import Kind, Role
    from rostertui.importing.engine import ImportOptions

    path = tmp_path / "team.csv"
    path.write_text("email,first_name,last_name\nnew.member@example.com,New,Member\n",
                    encoding="utf-8")
    app = make_app(roster, Config(data_dir=tmp_path), admin, import_path=str(path),
                   import_dir=str(tmp_path),
                   import_options=ImportOptions(kind=Kind.TEAM_MEMBER,
                                                default_role=Role.PRACTITIONER))
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        session = tab(app).session
        assert session is not None and session.kind is Kind.TEAM_MEMBER
        assert session.rows[0].action == "create"
        assert session.rows[0].values["roles"] == ["Practitioner"]


async def test_the_path_field_completes_folders_and_csv_files(tmp_path):
    from rostertui.ui.widgets.csv_picker import PathSuggester

    (tmp_path / "clients.csv").write_text("email\n", encoding="utf-8")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    (tmp_path / "sub").mkdir()
    suggest = PathSuggester().get_suggestion
    assert await suggest(f"{tmp_path}/cl") == f"{tmp_path}/clients.csv"
    assert await suggest(f"{tmp_path}/su") == f"{tmp_path}/sub/"
    assert await suggest(f"{tmp_path}/no") is None
    assert await suggest(f"{tmp_path}/missing/x") is None


async def test_a_commit_refreshes_the_roster_tabs_and_the_header(import_app):
    """The Import tab says users changed (its own message); the main screen reads the
    loaded roster tabs again, without the admin switching to them."""
    from rostertui.ui.tabs.clients import ClientsTab

    async with import_app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await pilot.press("1")
        await settled(pilot)
        clients = import_app.screen.query_one(ClientsTab)
        before = clients.table.total
        await pilot.press("5")
        await settled(pilot)
        await commit_sample(pilot)
        batch = ImportBatch.select().order_by(ImportBatch.id.desc()).first()
        assert batch.created > 0
        assert clients.table.total == before + batch.created
        assert import_app.screen.query_one("#tabs").active == "import"


async def test_a_bug_in_a_worker_is_not_swallowed_and_the_tab_is_usable_again(import_app,
                                                                             monkeypatch):
    from rostertui.importing.engine import ImportSession

    def broken(self, number, cells):
        raise RuntimeError("a bug")

    monkeypatch.setattr(ImportSession, "fix_needs_database", lambda *args: True)
    monkeypatch.setattr(ImportSession, "with_cells", broken)
    from textual.worker import Worker, WorkerState

    failed = []

    def hook(message) -> None:
        if isinstance(message, Worker.StateChanged) and message.state is WorkerState.ERROR:
            failed.append(message.worker)

    async with import_app.run_test(size=SIZE, message_hook=hook) as pilot:
        await settled(pilot)
        t = tab(import_app)
        t.fix_cells(row(import_app, 17), {0: "fixed.address@example.com"})
        await settled(pilot)
        # one worker failed with the bug; its state change is forwarded to the app's one
        # handler of failed workers (so the hook sees it twice), which shows the error once
        assert {w.group for w in failed} == {"import-fix"} and len(set(failed)) == 1
        assert isinstance(failed[0].error, RuntimeError)
        assert t.controller.busy is False and t.check_action("fix", ()) is True
        # the tab's status line does not repeat it: the app's notification is the one error
        assert "a bug" not in str(t.query_one("#import-status").render())
        assert row(import_app, 17).action == "error"  # nothing half-applied


def test_every_import_binding_has_its_action_as_id():
    from rostertui.ui.screens.import_fix import PathScreen
    from rostertui.ui.screens.import_history import HistoryScreen
    from rostertui.ui.screens.import_mapping import MappingScreen

    for cls in (ImportTab, FixRowScreen, PathScreen, HistoryScreen, MappingScreen):
        for binding in cls.BINDINGS:
            assert binding.id == binding.action, (cls.__name__, binding)
