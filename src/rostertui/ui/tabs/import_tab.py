"""The Import tab: choose a CSV file, preview every row with its errors, fix cells, choose
rows and emails, commit in one transaction, and undo past imports from the history.

The state lives in an :class:`~rostertui.ui.import_controller.ImportController` (no
Textual). This tab lays out the widgets (path bar, options bar, status line, preview,
detail panel), turns keys into the controller's operations, runs its computations in
thread workers, and swaps their results in when their typed messages arrive: a worker
never changes the session on show. See docs/architecture.md, "UI shape".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import ContentSwitcher, DirectoryTree
from textual.worker import Worker, WorkerState

from rostertui.domain.actor import Actor
from rostertui.importing.engine import ImportSession
from rostertui.importing.rows import ERROR, UNCHANGED, Row
from rostertui.ui import import_controller as ops
from rostertui.ui.import_controller import (
    Checked,
    Committed,
    Fixed,
    ImportController,
    ImportFailed,
    ImportLaunchOptions,
)
from rostertui.ui.tabs.import_text import (
    delimiter_name,
    describe_outcome,
    describe_row_defaults,
    plural,
)
from rostertui.ui.widgets.csv_picker import CsvTree, PathSuggester
from rostertui.ui.widgets.import_counters import ImportCounters
from rostertui.ui.widgets.import_detail import RowDetail, row_detail
from rostertui.ui.widgets.import_options_bar import ImportOptionsBar
from rostertui.ui.widgets.import_path_bar import ImportPathBar
from rostertui.ui.widgets.import_status import ImportStatusLine
from rostertui.ui.widgets.inert import inert
from rostertui.ui.widgets.preview_table import PreviewTable, columns_for

GROUPS = ("import-load", "import-fix", "import-commit", "import-export")


class ImportTab(Vertical):
    """Choose a file, preview it, fix it, commit it; see and undo past imports."""

    BINDINGS = [
        Binding("o", "open", "Open file", id="open", tooltip="Choose a file in the tree"),
        Binding("space", "toggle_include", "Include", id="toggle_include",
                tooltip="Leave the row out of the commit, or take it back in"),
        Binding("m", "toggle_email", "Email", id="toggle_email",
                tooltip="Send this user a welcome email when committed"),
        Binding("A", "include_all", "Include all valid", id="include_all"),
        Binding("M", "email_all", "Email all", id="email_all",
                tooltip="Tick every row's email box (or untick them all)"),
        Binding("f", "next_filter", "Filter", id="next_filter",
                tooltip="All rows, errors only, creates, updates, unchanged"),
        Binding("e", "fix", "Fix row", id="fix", tooltip="Edit the row's cells"),
        Binding("x", "export_errors", "Export errors", id="export_errors",
                tooltip="Write the rows with errors to a CSV to fix elsewhere"),
        Binding("p", "mapping", "Mapping", id="mapping",
                tooltip="Which column holds which field"),
        Binding("c", "commit", "Commit", id="commit",
                tooltip="Write the included rows in one transaction"),
        Binding("h", "history", "History", id="history", tooltip="Past imports; undo one"),
    ]

    ROW_ACTIONS = {"toggle_include", "toggle_email", "fix"}
    FILE_ACTIONS = {"include_all", "email_all", "next_filter", "export_errors", "commit"}

    # --- messages: results of the workers, and what the tab tells the screen ------------

    @dataclass
    class StageReached(Message):
        """A worker checked a file's rows and began planning them against the roster."""

        generation: int
        rows: int

    @dataclass
    class FileChecked(Message):
        generation: int
        checked: Checked

    @dataclass
    class WorkFailed(Message):
        generation: int | None  # None: not tied to a load (a fix, a commit, an export)
        text: str
        file_not_read: bool = False

    @dataclass
    class CellsFixed(Message):
        fixed: Fixed

    @dataclass
    class BatchCommitted(Message):
        committed: Committed

    @dataclass
    class ErrorsExported(Message):
        text: str
        failed: bool = False

    @dataclass
    class UsersChanged(Message):
        """An import or an undo wrote users: the header and the roster tabs need a fresh
        look."""

        tab: ImportTab

    def __init__(self, operator: Actor, launch: ImportLaunchOptions | None = None, *,
                 id: str | None = None) -> None:
        super().__init__(id=id)
        self.controller = ImportController(operator, launch)
        self._binding_state: tuple[object, ...] | None = None

    # --- the state, as the controller holds it -----------------------------------------

    @property
    def session(self) -> ImportSession | None:
        return self.controller.session

    @property
    def refused(self) -> ImportSession | None:
        return self.controller.refused

    @property
    def busy(self) -> bool:
        return self.controller.busy

    @property
    def path(self) -> str | None:
        return self.controller.path

    @property
    def filter(self) -> str:
        return self.controller.filter

    # --- layout -------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # compact (one line each): the preview below needs the height, at 80x24 too
        yield ImportOptionsBar(self.controller.launch.options,
                               lead=ImportPathBar(id="import-path"), id="import-options-bar")
        yield ImportStatusLine("Choose a file: type its path above, or pick it below.",
                               id="import-status-line")
        with ContentSwitcher(initial="import-picker", id="import-body"):
            yield Vertical(id="import-picker")  # the file tree is mounted when first shown
            with Vertical(id="import-preview"):
                yield ImportCounters("", id="import-counters")
                yield PreviewTable(id="import-table")
                yield RowDetail("", id="import-detail")

    @property
    def table(self) -> PreviewTable:
        return self.query_one("#import-table", PreviewTable)

    @property
    def status(self) -> ImportStatusLine:
        return self.query_one(ImportStatusLine)

    @property
    def options_bar(self) -> ImportOptionsBar:
        return self.query_one(ImportOptionsBar)

    def activate(self) -> None:
        """The tab is shown: focus what the admin will use first."""
        if self.session is not None:
            self.table.focus()
        else:
            self._ensure_tree()
            self.query_one(ImportPathBar).focus()

    def _ensure_tree(self) -> CsvTree:
        """The file tree, mounted the first time it is needed (it reads the folder)."""
        found = self.query(CsvTree)
        if found:
            return found.first()
        root = self.controller.launch.folder or "."
        tree = CsvTree(root, id="import-tree")
        tree.root.set_label(inert(Path(root).resolve().name or root))
        self.query_one("#import-picker", Vertical).mount(tree)
        return tree

    # --- running the controller's computations --------------------------------------------

    def _run(self, group: str, compute: Callable[[], Any],
             done: Callable[[Any], Message], generation: int | None = None,
             *, exclusive: bool = False,
             refused: Callable[[ImportFailed], Message] | None = None) -> None:
        """Run ``compute`` in a thread worker and post ``done(result)``; a refusal posts
        ``refused(exc)`` (default :class:`WorkFailed`). Any other exception fails the worker
        (see :meth:`_worker_changed`)."""

        def work() -> None:
            try:
                result = compute()
            except ImportFailed as exc:
                self.post_message(refused(exc) if refused is not None else
                                  self.WorkFailed(generation, str(exc), exc.file_not_read))
                return
            self.post_message(done(result))

        self.run_worker(work, thread=True, group=group, exclusive=exclusive,
                        exit_on_error=False)

    def _stage(self, generation: int) -> Callable[[int], None]:
        return lambda rows: self.post_message(self.StageReached(generation, rows))

    def _start(self, status: str, *, indeterminate: bool = False) -> None:
        self.status.start(status, indeterminate=indeterminate)
        self._refresh_bindings()

    @on(Worker.StateChanged)
    def _worker_changed(self, event: Worker.StateChanged) -> None:
        """A bug in a worker (not a refusal): the tab is usable again and says so; the error
        itself goes where every failed worker's goes (not swallowed here)."""
        worker = event.worker
        if event.state is WorkerState.ERROR and worker.group in GROUPS:
            self.controller.finish()
            self.status.stop()
            self.status.say(f"The import work stopped on an error: {worker.error!r}",
                            error=True)
            self._refresh_bindings()

    # --- loading and checking again ---------------------------------------------------------

    def load_file(self, path: str, mapping: dict[str, str] | None = None) -> None:
        """Read, check and plan ``path`` in a worker; the tab stays usable meanwhile. Its
        headers are mapped by ``mapping`` (default: those given on the command line), then
        by the mappings this operator chose for earlier files."""
        controller = self.controller
        try:
            options = self.options_bar.options(
                controller.preset_mapping if mapping is None else mapping)
        except ValueError as exc:
            self.status.say(f"Tags to add to every row: {exc}", error=True)
            self.options_bar.focus_tags()
            return
        generation = controller.start_load(path)
        self.query_one(ImportPathBar).show_path(path)
        self._start(f"Reading and checking {Path(path).name}…")
        operator = controller.operator
        self._run("import-load",
                  lambda: ops.read_and_check(path, options, operator, self._stage(generation)),
                  lambda checked: self.FileChecked(generation, checked), generation,
                  exclusive=True)

    def check_again(self, status: str, *, mapping: dict[str, str] | None = None,
                    remember: dict[str, str] | None = None, options=None) -> None:
        """Check the file on show again in a worker, with ``options`` (default: as they
        are) and/or a header ``mapping``, keeping its fixes and row choices; ``remember``:
        header mappings to store once they worked."""
        controller = self.controller
        source = controller.source
        if source is None:
            return
        generation = controller.start()
        self._start(status)
        operator, options = controller.operator, options or source.options
        self._run("import-load",
                  lambda: ops.check_again(source, options, operator, self._stage(generation),
                                          mapping=mapping, remember=remember),
                  lambda checked: self.FileChecked(generation, checked), generation,
                  exclusive=True)

    def remap(self, mapping: dict[str, str], changes: dict[str, str]) -> None:
        """Check the file on show again with another header ``mapping``; ``changes`` (what
        the admin chose) are remembered once it worked."""
        source = self.controller.source
        if source is not None:
            self.check_again(f"Checking {Path(source.name).name} again with the new mapping…",
                             mapping=mapping, remember=changes)

    @on(StageReached)
    def _stage_reached(self, event: StageReached) -> None:
        if self.controller.is_current(event.generation):
            self.status.step(1, f"Matching {plural(event.rows, 'row')} against the roster…")

    @on(WorkFailed)
    def _work_failed(self, event: WorkFailed) -> None:
        controller = self.controller
        if event.generation is not None and not controller.is_current(event.generation):
            return
        controller.failed(file_not_read=event.file_not_read)
        self.status.stop()
        self.status.say(event.text, error=True)
        self.app.notify(event.text, title="Import", severity="error", timeout=10)
        self._after_work()

    @on(FileChecked)
    def _file_checked(self, event: FileChecked) -> None:
        controller = self.controller
        if not controller.is_current(event.generation):
            return
        for note in event.checked.notes:
            self.app.notify(note, title="Mapping", severity="warning", timeout=8)
        shown = self.table.current_row if event.checked.same_file and self.session else None
        controller.show(event.checked)
        self.status.stop()
        session = controller.session
        if session is None:
            self._show_refused(event.checked.session)
        else:
            self._show_session(session, shown)
        self._after_work()

    def _show_refused(self, session: ImportSession) -> None:
        mappable = not session.rows and bool(session.file.records)
        hint = "  (p: map the columns)" if mappable else ""
        self.status.say(f"{Path(session.name).name}: " + "; ".join(session.file_errors) + hint,
                        error=True)
        self._refresh_bindings()
        if mappable:  # the header is the problem: show how it was read, to map it
            self.action_mapping()

    def _show_session(self, session: ImportSession, shown: Row | None) -> None:
        """Swap a checked session into the preview; ``shown``: the row to keep the cursor
        on (the file on show checked again), else the first row of every row."""
        mapped = [(c.index, c.header, c.key) for c in session.columns.columns]
        ignored = [h for i, h in enumerate(session.header)
                   if i not in {c.index for c in session.columns.columns}]
        info = (f"{Path(session.name).name}  ·  {session.encoding}  ·  "
                f"{delimiter_name(session.delimiter)}  ·  {plural(len(session.rows), 'row')}")
        if ignored:
            info += "  ·  ignored: " + ", ".join(ignored)
        self.status.say(info)
        table = self.table
        table.set_rows(session.rows, columns_for(session.header, mapped, session.rows))
        if shown is not None:
            self._keep_cursor(shown.number)
        self.query_one("#import-body", ContentSwitcher).current = "import-preview"
        self._update_counters()
        self._show_detail()
        table.focus()
        self._refresh_bindings()

    def _keep_cursor(self, number: int, scroll_y: float | None = None) -> None:
        """After a swap: the filter as it was, the cursor on the row numbered ``number``."""
        table = self.table
        table.set_view(self.controller.view())
        rows = table.rows
        if scroll_y is not None:
            table.scroll_to(y=scroll_y, animate=False, immediate=True)
        table.move(next((i for i in range(table.total)
                         if rows[table.position_at(i)].number == number), 0))

    def _after_work(self) -> None:
        """A worker's result is in: apply what was asked for meanwhile (fixes, then
        options), one at a time."""
        controller = self.controller
        while not controller.busy:
            pending = controller.take_pending_fix()
            if pending is None:
                break
            self.fix_number(*pending)
        if not controller.busy and controller.take_pending_options():
            self.call_later(self._options_changed_now)
        self._refresh_bindings()

    # --- options -------------------------------------------------------------------------

    @on(ImportPathBar.PathChosen)
    def _path_chosen(self, event: ImportPathBar.PathChosen) -> None:
        event.stop()
        self.load_file(event.path)

    @on(DirectoryTree.FileSelected, "#import-tree")
    def _file_selected(self, event: DirectoryTree.FileSelected) -> None:
        event.stop()
        self.load_file(str(event.path))

    @on(ImportOptionsBar.OptionsChanged)
    def _options_changed(self, event: ImportOptionsBar.OptionsChanged) -> None:
        event.stop()
        if self._options_changed_now() and event.submitted and self.session is not None:
            self.table.focus()

    def _options_changed_now(self) -> bool:
        """Check the file on show again with the options as set (from memory: its fixes
        stay); while busy, when the work ends. False when an option cannot be."""
        controller = self.controller
        source = controller.source
        mapping = source.options.mapping if source else controller.preset_mapping
        try:
            options = self.options_bar.options(mapping)
        except ValueError as exc:
            self.status.say(f"Tags to add to every row: {exc}", error=True)
            return False
        if controller.wants_check(options):
            self.check_again(f"Checking {Path(source.name).name} again with the new options…",
                             options=options)
        return True

    # --- the preview ------------------------------------------------------------------------

    def _update_counters(self) -> None:
        if self.session is not None:
            self.query_one(ImportCounters).show(self.session.summary(),
                                                self.controller.filter_label)

    def _show_detail(self) -> None:
        if self.session is not None:
            self.query_one(RowDetail).show(self.table.current_row)

    @on(PreviewTable.CursorMoved)
    def _cursor_moved(self, event: PreviewTable.CursorMoved) -> None:
        event.stop()
        self._show_detail()
        self._refresh_bindings()

    def set_filter(self, name: str) -> None:
        self.controller.filter = name
        self.table.set_view(self.controller.view())
        self._update_counters()
        self._show_detail()

    def _changed(self) -> None:
        """Rows changed in memory: redraw, recount, and re-filter when a row's action moved."""
        table = self.table
        if self.filter != "all":
            table.set_view(self.controller.view())
        table.refresh_rows()
        self._update_counters()
        self._show_detail()
        self._refresh_bindings()

    def _refresh_bindings(self) -> None:
        row = self.table.current_row if self.session is not None else None
        state = (self.busy, self.session is not None, row is not None and row.action,
                 self.is_mounted and self.screen.is_current)
        if state != self._binding_state:
            self._binding_state = state
            if self.is_mounted:
                self.screen.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self.ROW_ACTIONS or action in self.FILE_ACTIONS:
            if self.busy or self.session is None:
                return None
            if self.query_one("#import-body", ContentSwitcher).current != "import-preview":
                return None
        if action in self.ROW_ACTIONS:
            row = self.table.current_row
            if row is None:
                return None
            if action == "toggle_include" and row.action == ERROR:
                return None  # fix it first
            if action == "toggle_email" and row.action == UNCHANGED:
                return None  # nothing is written, so no email
        if action == "history" and self.busy:
            return None
        if action == "mapping" and (self.busy or self.controller.source is None):
            return None
        return True

    # --- keys: choosing rows ------------------------------------------------------------------

    def action_open(self) -> None:
        self.query_one("#import-body", ContentSwitcher).current = "import-picker"
        self._ensure_tree().focus()
        self._refresh_bindings()

    def action_next_filter(self) -> None:
        self.set_filter(self.controller.next_filter())

    def action_toggle_include(self) -> None:
        row = self.table.current_row
        if row is not None and self.controller.toggle_include(row):
            self._changed()

    def action_toggle_email(self) -> None:
        row = self.table.current_row
        if row is not None and self.controller.toggle_email(row):
            self._changed()

    def action_include_all(self) -> None:
        if self.controller.include_all():
            self._changed()
            self.app.notify("Every valid row is included", timeout=3)

    def action_email_all(self) -> None:
        send = self.controller.email_all()
        if send is not None:
            self._changed()
            self.app.notify("Every row is marked for an email" if send
                            else "No row is marked for an email", timeout=3)

    # --- keys: mapping and fixing ---------------------------------------------------------------

    def action_mapping(self) -> None:
        """Show how each header was mapped; a new mapping checks the file again."""
        from rostertui.ui.screens.import_mapping import MappingScreen

        source = self.controller.source
        if source is None or self.busy:
            return

        def chosen(result: tuple[dict[str, str], dict[str, str]] | None) -> None:
            if result and result[1] and self.controller.source is source:
                self.remap(*result)

        self.app.push_screen(MappingScreen(source), chosen)

    def action_fix(self) -> None:
        from rostertui.ui.screens.import_fix import FixRowScreen

        session, row = self.session, self.table.current_row
        if session is None or row is None:
            return

        def fixed(cells: dict[int, str] | None) -> None:
            if cells:
                self.fix_number(row.number, cells)

        self.app.push_screen(FixRowScreen(session, row), fixed)

    def fix_cells(self, row: Row, cells: dict[int, str]) -> None:
        """Apply an inline fix to ``row`` of the file on show; see :meth:`fix_number`."""
        self.fix_number(row.number, cells)

    def fix_number(self, number: int, cells: dict[int, str]) -> None:
        """Apply an inline fix: the row (and the rows it duplicates) are checked again; at
        once when no key needs looking up, else on a copy in a worker, swapped in when done.
        While the tab is busy, the fix waits until the work ends."""
        controller = self.controller
        session = controller.session
        if session is None:
            return
        changed = controller.fix_in_memory(number, cells)
        if changed is not None:
            self._fixed_note(number, len(changed))
            self._changed()
            return
        if controller.busy:
            return  # pending: applies when the work ends
        controller.start()
        self._refresh_bindings()
        self._run("import-fix", lambda: ops.fix(session, number, cells), self.CellsFixed)

    @on(CellsFixed)
    def _cells_fixed(self, event: CellsFixed) -> None:
        fixed = event.fixed
        current = self.table.current_row
        scroll_y = self.table.scroll_y
        if self.controller.swap_fix(fixed):
            session = fixed.session
            table = self.table
            table.set_rows(session.rows, table.columns)
            self._keep_cursor(current.number if current else fixed.number, scroll_y)
            self._changed()
            self._fixed_note(fixed.number, len(fixed.changed))
        self._after_work()

    def _fixed_note(self, number: int, changed: int) -> None:
        session = self.session
        if session is None:
            return
        row = session.row(number)
        note = "fixed" if row.action != ERROR else "still has errors"
        self.app.notify(f"Row {number} {note}"
                        + (f"; {plural(changed - 1, 'other row')} checked again"
                           if changed > 1 else ""), timeout=3)

    # --- keys: export, commit, history -----------------------------------------------------------

    def action_export_errors(self) -> None:
        from rostertui.ui.screens.import_fix import PathScreen

        session = self.session
        if session is None:
            return
        if not session.summary()["error"]:
            self.app.notify("No row has errors", timeout=3)
            return

        def chosen(path: str | None) -> None:
            if path:
                self._run("import-export", lambda: ops.export_errors(session, path),
                          lambda n: self.ErrorsExported(
                              f"Wrote {plural(n, 'row')} with errors to {path}"),
                          refused=lambda exc: self.ErrorsExported(str(exc), failed=True))

        self.app.push_screen(PathScreen("Export the rows with errors",
                                        "Their cells as read plus an errors column; fix them "
                                        "and import the file again.",
                                        ops.error_export_path(self.controller) or ""), chosen)

    @on(ErrorsExported)
    def _errors_exported(self, event: ErrorsExported) -> None:
        self.app.notify(event.text, title="Export",
                        severity="error" if event.failed else "information", timeout=6)

    def action_commit(self) -> None:
        from rostertui.ui.screens.confirm import ConfirmScreen

        session = self.session
        if session is None:
            return
        out = session.outcome()
        if not out["create"] and not out["update"]:
            self.app.notify("Nothing to import: no row creates or updates a user",
                            severity="warning")
            return
        body = (f"Import {Path(session.name).name}: {describe_outcome(out)}. "
                f"{describe_row_defaults(session.options)}Everything is written in one "
                "transaction, and the import can be undone from the history (h).")

        def confirmed(yes: bool | None) -> None:
            if yes and self.session is session and not self.busy:
                self.controller.start()
                self._start(f"Importing {Path(session.name).name}…", indeterminate=True)
                operator = self.controller.operator
                self._run("import-commit", lambda: ops.commit(session, operator),
                          self.BatchCommitted, exclusive=True)

        self.app.push_screen(ConfirmScreen("Commit this import?", body, confirm_label="Import"),
                             confirmed)

    @on(BatchCommitted)
    def _batch_committed(self, event: BatchCommitted) -> None:
        committed = event.committed
        current, scroll_y = self.table.current_row, self.table.scroll_y
        if self.controller.swap_commit(committed):
            self.table.set_rows(committed.session.rows, self.table.columns)
            if current is not None:
                self._keep_cursor(current.number, scroll_y)
            self._changed()
        self.status.stop()
        r = committed.result
        text = (f"Batch {r.batch_id}: {plural(r.created, 'user')} created, "
                f"{plural(r.updated, 'user')} updated, {r.unchanged:,} unchanged, "
                f"{r.skipped:,} left out; {plural(r.emails, 'email')} queued")
        self.status.say(text)
        self.app.notify(text, title="Imported", timeout=8)
        self.post_message(self.UsersChanged(self))
        self.app.deliver_mail()  # type: ignore[attr-defined]
        self._after_work()

    def action_history(self) -> None:
        from rostertui.ui.screens.import_history import HistoryScreen

        def closed(changed: bool | None) -> None:
            if changed:
                self.post_message(self.UsersChanged(self))
                session = self.session
                if session is not None and not self.busy:
                    # the roster moved: check the file on show again (its fixes stay)
                    self.check_again(f"Checking {Path(session.name).name} again "
                                     "against the roster…")

        self.app.push_screen(HistoryScreen(), closed)


__all__ = ["ImportTab", "PathSuggester", "describe_outcome", "row_detail"]
