"""The Import tab: choose a CSV file, preview every row with its errors, fix cells, choose
rows and emails, commit in one transaction, and undo past imports from the history.

The state lives in an :class:`~rostertui.ui.import_controller.ImportController`; this tab
lays the widgets out, turns keys into its operations, starts workers (``import_work``) and
swaps their results in when their messages arrive. See docs/architecture.md, "UI shape"."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual import getters, on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DirectoryTree
from textual.worker import Worker, WorkerState

from rostertui.domain.actor import Actor
from rostertui.importing.engine import ImportSession
from rostertui.importing.rows import Row
from rostertui.ui.import_controller import (
    ImportController,
    ImportLaunchOptions,
    error_export_path,
)
from rostertui.ui.tabs import import_columns as columns
from rostertui.ui.tabs import import_commit as commit
from rostertui.ui.tabs import import_dialogs as dialogs
from rostertui.ui.tabs import import_export as export
from rostertui.ui.tabs import import_files as files
from rostertui.ui.tabs import import_fixes as fixes
from rostertui.ui.tabs import import_loading as loading
from rostertui.ui.tabs import import_rows as rows
from rostertui.ui.tabs import import_text as text
from rostertui.ui.tabs import import_work as work
from rostertui.ui.tabs.import_keys import IMPORT_TAB_BINDINGS
from rostertui.ui.widgets.import_body import ImportBody
from rostertui.ui.widgets.import_options_bar import ImportOptionsBar
from rostertui.ui.widgets.import_path_bar import ImportPathBar
from rostertui.ui.widgets.import_preview import ImportPreview
from rostertui.ui.widgets.import_status import ImportStatusLine
from rostertui.ui.widgets.preview_table import PreviewTable
from rostertui.ui.workers import ReportsFailedWorkers


class ImportTab(ReportsFailedWorkers, Vertical):
    """Choose a file, preview it, fix it, commit it; see and undo past imports."""

    BINDINGS = IMPORT_TAB_BINDINGS  # its keys, with ids and tooltips
    KEY_BAR_FIRST = ("open", "commit", "history")  # binding ids the key bar shows first

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
        self.column_fixes = columns.ColumnFixes(self, swap=self.swap, begin=self.start_work)

    @property
    def session(self) -> ImportSession | None:
        return self.controller.session

    # --- layout -------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # compact (one line each): the preview below needs the height, at 80x24 too
        yield ImportOptionsBar(self.controller.launch.options,
                               lead=ImportPathBar(id="import-path"), id="import-options-bar")
        yield ImportStatusLine(files.CHOOSE, id="import-status-line")
        yield ImportBody(self.controller.launch.folder, id="import-body")

    body = getters.query_one(ImportBody)
    preview = getters.query_one(ImportPreview)
    table = getters.query_one("#import-table", PreviewTable)
    status = getters.query_one(ImportStatusLine)
    options_bar = getters.query_one(ImportOptionsBar)
    path_bar = getters.query_one(ImportPathBar)

    def activate(self) -> None:
        """The tab is shown: focus what the admin will use first."""
        if self.session is not None:
            self.table.focus()
        else:
            self.body.tree()
            self.path_bar.focus()
            files.count_parked(self)  # "2 parked imports: R lists them"

    # --- workers ----------------------------------------------------------------------

    def start_work(self, status: str, *, indeterminate: bool = False) -> None:
        self.status.start(status, indeterminate=indeterminate)
        self.refresh_key_state()

    @on(Worker.StateChanged)
    def _worker_cancelled(self, event: Worker.StateChanged) -> None:
        """A worker cancelled before it ran: its job is over."""
        job = work.job_of(event.worker)
        if job is not None and event.state is WorkerState.CANCELLED:
            self.controller.finish(job)
            self._after_work()

    def worker_failed(self, worker: Worker) -> None:
        """A bug (not a refusal) stopped a worker: the app shows it, once (see
        ui/workers.py); here the job is over and the line says what is on show again."""
        job = work.job_of(worker)
        if job is None:
            return
        self.controller.finish(job)
        self.status.stop()
        session = self.session
        self.status.say(text.describe_file(session) if session is not None else files.CHOOSE)
        self._after_work()

    # --- loading and checking again ---------------------------------------------------------

    def load_file(self, path: str, mapping: dict[str, str] | None = None, *,
                  sheet: str | None = None) -> None:
        """Read, check and plan ``path`` in a worker (see ``import_loading.load``)."""
        loading.load(self, path, mapping, sheet=sheet)

    def check_again(self, status: str, *, mapping: dict[str, str] | None = None,
                    remember: dict[str, str] | None = None, options=None) -> None:
        """Check the file on show again in a worker (fixes and row choices stay), with other
        ``options`` or ``mapping``; ``remember``: mappings to store once they worked."""
        controller = self.controller
        source = controller.source
        if source is None:
            return
        generation = controller.start(load=True)
        self.start_work(status)
        work.check_again(self, generation, source, options or source.options,
                         controller.operator, mapping=mapping, remember=remember)

    def remap(self, mapping: dict[str, str], changes: dict[str, str]) -> None:
        """Check the file on show again with another ``mapping``, remembering ``changes``."""
        source = self.controller.source
        if source is not None:
            self.check_again(f"Checking {Path(source.name).name} again with the new mapping…",
                             mapping=mapping, remember=changes)

    @on(work.StageReached)
    def _stage_reached(self, event: work.StageReached) -> None:
        if self.controller.is_current(event.generation):
            self.status.step(1, f"Matching {text.plural(event.rows, 'row')} against the roster…")

    @on(work.WorkFailed)
    def _work_failed(self, event: work.WorkFailed) -> None:
        controller = self.controller
        if not controller.finish(event.job):
            return
        controller.failed(file_not_read=event.file_not_read)
        self.status.stop()
        self.status.say(event.text, error=True)
        self.app.notify(event.text, title="Import", severity="error", timeout=10)
        self._after_work()

    @on(work.FileChecked)
    def _file_checked(self, event: work.FileChecked) -> None:
        loading.checked(self, event)
        self._after_work()

    def swap(self, session: ImportSession, *, keep: int | None,
              same_columns: bool = False) -> None:
        controller = self.controller
        self.preview.show(session, controller.view(), controller.filter_label, keep=keep,
                          same_columns=same_columns)
        self.refresh_key_state()

    def _after_work(self) -> None:
        """A worker's result is in: apply what was asked for meanwhile (fixes, then
        options), one at a time."""
        controller = self.controller
        while not controller.busy:
            pending = controller.take_pending_fix()
            if pending is None:
                break
            self._fix(*pending)
        if not controller.busy and controller.take_pending_options():
            self.call_later(self._options_changed_now)
        self.refresh_key_state()

    # --- options -------------------------------------------------------------------------

    @on(ImportPathBar.PathChosen)
    @on(DirectoryTree.FileSelected, "#import-tree")
    def _path_chosen(self, event: ImportPathBar.PathChosen | DirectoryTree.FileSelected
                     ) -> None:
        event.stop()
        path = str(event.path)
        files.leave(self, "Open another file", lambda: self.load_file(path))

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
        try:
            options = controller.with_triage(
                self.options_bar.options(controller.options_mapping()))
        except ValueError as exc:
            self.status.say(f"Tags to add to every row: {exc}", error=True)
            return False
        if controller.wants_check(options):
            self.check_again(f"Checking {Path(source.name).name} again with the new options…",
                             options=options)
        return True

    # --- the preview ------------------------------------------------------------------------

    @on(PreviewTable.CursorMoved)
    def _cursor_moved(self, event: PreviewTable.CursorMoved) -> None:
        event.stop()
        self.refresh_key_state()

    def set_filter(self, name: str) -> None:
        self.controller.filter = name
        self.preview.set_view(self.controller.view(), self.controller.filter_label)

    def rows_changed(self) -> None:
        """Rows changed in memory (on this thread): filter again, draw, recount."""
        self.preview.changed(self.controller.view())
        self.refresh_key_state()

    def refresh_key_state(self) -> None:
        row = self.table.current_row if self.session is not None else None
        state = (self.controller.busy, self.session is not None, row is not None and row.action,
                 self.is_mounted and self.screen.is_current, self.body.previewing,
                 self.controller.source is not None)
        if state != self._binding_state:
            self._binding_state = state
            if self.is_mounted:
                self.screen.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        row = self.table.current_row if self.session is not None else None
        return self.controller.allows(action, row, previewing=self.body.previewing) or None

    # --- keys: choosing rows ------------------------------------------------------------------

    def action_open(self) -> None:
        """The file chooser (after asking, when the file on show has fixes); Esc returns."""
        def show_tree() -> None:
            self.body.show_tree().focus()
            self.refresh_key_state()

        if self.body.previewing:
            files.leave(self, "Open another file", show_tree)
        else:
            show_tree()

    def action_back_to_file(self) -> None:
        self.controller.leaving = False  # the fixes are wanted: ask again next time
        self.body.show_preview()
        self.table.focus()
        self.refresh_key_state()

    def action_park(self) -> None:
        files.ask_park(self)

    def action_parked(self) -> None:
        files.show_parked(self)

    def action_sheet(self) -> None:
        files.switch_sheet(self)

    @on(work.FileParked)
    @on(work.SheetsListed)
    @on(work.ParkedCounted)
    def _file_work_done(self, event: files.FileWork) -> None:
        files.work_done(self, event)
        self._after_work()

    def action_next_filter(self) -> None:
        self.set_filter(self.controller.next_filter())

    def action_toggle_include(self) -> None:
        rows.toggle_include(self)

    def action_toggle_email(self) -> None:
        rows.toggle_email(self)

    def action_include_all(self) -> None:
        rows.include_all(self)

    def action_email_all(self) -> None:
        rows.email_all(self)

    # --- keys: mapping and fixing ---------------------------------------------------------------

    def action_mapping(self) -> None:
        """Show how each header was mapped; a new mapping checks the file again."""
        source = self.controller.source
        if source is None or self.controller.busy:
            return

        def chosen(mapping: dict[str, str], changes: dict[str, str]) -> None:
            if self.controller.source is source:  # still the file on show
                self.remap(mapping, changes)

        dialogs.ask_mapping(self.app, source, chosen)

    def action_edit_cell(self) -> None:
        if not self.preview.edit_cursor_cell():
            self.action_fix()  # a password: in the row dialog, masked

    @on(ImportPreview.CellEdited)
    def _cell_edited(self, event: ImportPreview.CellEdited) -> None:
        event.stop()
        self._fix(event.number, {event.index: event.value})

    def action_fix(self) -> None:
        fixes.ask(self)

    def fix_cells(self, row: Row, cells: dict[int, str]) -> None:
        """Apply an inline fix to ``row`` of the file on show (see ``import_fixes``)."""
        self._fix(row.number, cells)

    def _fix(self, number: int, cells: dict[int, str]) -> None:
        fixes.fix(self, number, cells)

    @on(work.CellsFixed)
    def _cells_fixed(self, event: work.CellsFixed) -> None:
        fixes.fixed(self, event)
        self._after_work()

    # --- keys: a column at a time (ui/tabs/import_columns.py) ----------------------------

    def action_map_values(self) -> None:
        self.column_fixes.map_values()

    def action_date_format(self) -> None:
        self.column_fixes.date_format()

    def action_fill_column(self) -> None:
        self.column_fixes.fill()

    def action_replace_in_column(self) -> None:
        self.column_fixes.replace()

    def action_invite_incomplete(self) -> None:
        self.column_fixes.toggle_invite()

    @on(columns.ValuesCounted)
    @on(columns.ColumnFixed)
    def _column_work_done(self, event: columns.ValuesCounted | columns.ColumnFixed) -> None:
        self.column_fixes.done(event)
        self._after_work()

    # --- keys: export, commit, history -----------------------------------------------------------

    def action_export_errors(self) -> None:
        if self.session is not None:
            export.start(self, self.session, error_export_path(self.controller) or "")

    @on(work.ErrorsExported)
    def _errors_exported(self, event: work.ErrorsExported) -> None:
        export.finished(self, event)

    def action_commit(self) -> None:
        commit.ask(self, self.controller, lambda session: commit.begin(self, session))

    @on(work.CommitProgressed)
    def _commit_progressed(self, event: work.CommitProgressed) -> None:
        commit.progressed(self.status, self.controller, event)

    @on(work.BatchCommitted)
    def _batch_committed(self, event: work.BatchCommitted) -> None:
        commit.committed(self, event)
        self.post_message(self.UsersChanged(self))  # the app sends the emails it queued
        self._after_work()

    def action_history(self) -> None:
        dialogs.show_history(self.app, self.controller.operator, self._undone)

    def _undone(self) -> None:
        """An import was undone from the history: the roster moved, so the file on show is
        checked against it again (its fixes stay)."""
        self.post_message(self.UsersChanged(self))
        session = self.session
        if session is not None and not self.controller.busy:
            self.check_again(f"Checking {Path(session.name).name} again against the roster…")


__all__ = ["ImportTab"]
