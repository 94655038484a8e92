"""The Import tab's reading and checking of a file: the path or the file tree chooses it, a
worker reads, checks and plans it, and the tab shows it. An option changed on the tab
(kind, role, default status, tags to add, missing tags) checks the file on show again from
memory, keeping its fixes. A part of :class:`~rostertui.ui.tabs.import_tab.ImportTab`, kept
apart by concern, as are its edits and its commit flow."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from textual import on, work
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import (
    Checkbox,
    ContentSwitcher,
    DirectoryTree,
    Input,
    ProgressBar,
    Select,
)

from rostertui.domain import fields, prefs
from rostertui.domain.enums import Kind, Role, Status
from rostertui.importing import engine
from rostertui.importing import mapping as header_map
from rostertui.importing.engine import ImportOptions, ImportSession
from rostertui.importing.reader import FileRefused
from rostertui.ui.services import Refusal, call
from rostertui.ui.tabs.import_text import delimiter_name, plural
from rostertui.ui.widgets.inert import inert_str
from rostertui.ui.widgets.preview_table import columns_for


class ImportLoading(Vertical):
    """Reading, checking and showing a file; the tab provides the widgets, the table, the
    status line, the filter and ``_refresh_bindings``."""

    # --- messages from the workers ----------------------------------------

    @dataclass
    class _Stage(Message):
        generation: int
        step: int
        text: str

    @dataclass
    class _Loaded(Message):
        generation: int
        session: ImportSession
        same_file: bool = False  # the file on show, checked again: keep the filter and cursor

    @dataclass
    class _Failed(Message):
        generation: int
        text: str
        file_not_read: bool = False  # a new file failed to load: the shown one stays

    # --- choosing and loading a file ----------------------------------------

    def options(self, mapping: dict[str, str] | None = None) -> ImportOptions:
        """The options as set on the tab; ValueError for a tag name that cannot be."""
        kind = Kind(self.query_one("#import-kind", Select).value)
        role = self.query_one("#import-role", Select).value
        status = Status(self.query_one("#import-default-status", Select).value)
        return ImportOptions(kind=kind, mapping=self.preset_mapping if mapping is None
                             else mapping,
                             default_status=None if status is Status.ACTIVE else status,
                             extra_tags=tuple(fields.tag_names(
                                 self.query_one("#import-add-tags", Input).value)),
                             default_role=Role(role) if kind is Kind.TEAM_MEMBER and
                             isinstance(role, str) else None,
                             create_missing_tags=self.query_one("#import-create-tags",
                                                                Checkbox).value)

    def load_file(self, path: str, mapping: dict[str, str] | None = None) -> None:
        """Read, check and plan ``path`` in a worker; the tab stays usable meanwhile.
        Its headers are mapped by ``mapping`` (default: those given on the command line),
        then by the mappings this operator chose for earlier files."""
        try:
            options = self.options(mapping)
        except ValueError as exc:
            self._status(f"Tags to add to every row: {exc}", error=True)
            self.query_one("#import-add-tags", Input).focus()
            return
        self._previous_path, self.path = self.path, path
        path_input = self.query_one("#import-path", Input)
        if path_input.value != path:
            with path_input.prevent(Input.Changed):
                path_input.value = path
        self._generation += 1
        self._start_busy(f"Reading and checking {Path(path).name}…")
        self._load(self._generation, path, options,
                   self.app.operator)  # type: ignore[attr-defined]

    @work(thread=True, exclusive=True, group="import-load", exit_on_error=False)
    def _load(self, generation: int, path: str, options: ImportOptions, operator) -> None:
        try:
            parsed = engine.read_file(path, options)
        except FileRefused as exc:
            self.post_message(self._Failed(generation, f"{Path(path).name} was not read: {exc}",
                                           file_not_read=True))
            return
        except OSError as exc:
            self.post_message(self._Failed(generation, f"could not read {path}: "
                                                       f"{exc.strerror or exc}",
                                           file_not_read=True))
            return
        # the admin's mappings from earlier files, known before the rows are checked (once)
        try:
            stored = call(prefs.get_pref, operator, header_map.PREF_KEY, {})
        except Refusal as exc:  # a preference never stops a file from loading
            self._warn_mapping(f"Mappings from earlier files were not read: {exc}")
            stored = {}
        remembered = header_map.remembered(stored, parsed.header)
        session = None
        if any(k not in options.mapping for k in remembered):
            try:  # those given for this file win
                session = engine.start(parsed, replace(
                    options, mapping={**remembered, **options.mapping}))
            except ValueError as exc:  # a stored mapping this version no longer accepts
                self._warn_mapping(f"Mappings from earlier files were not applied: {exc}")
        if session is None:
            session = engine.start(parsed, options)
        self._plan_and_post(generation, session)

    def _warn_mapping(self, text: str) -> None:
        """(In a worker.) A remembered mapping could not be used; the file loads all the same."""
        self.app.call_from_thread(self.app.notify, text, title="Mapping", severity="warning",
                                  timeout=8)

    def _plan_and_post(self, generation: int, session: ImportSession, *,
                       same_file: bool = False) -> None:
        """(In a worker.) Plan a file that was read and post it to the tab; ``same_file``: the
        file on show, checked again (its filter and cursor stay)."""
        if not session.file_errors:
            counted = plural(len(session.rows), "row")
            self.post_message(self._Stage(generation, 1,
                                          f"Matching {counted} against the roster…"))
            try:
                call(session.plan)
            except Refusal as exc:
                self.post_message(self._Failed(generation, str(exc)))
                return
        self.post_message(self._Loaded(generation, session, same_file))

    @on(_Stage)
    def _stage(self, event: _Stage) -> None:
        if event.generation == self._generation:
            self.query_one("#import-progress", ProgressBar).update(progress=event.step)
            self._status(event.text)

    @on(_Failed)
    def _failed(self, event: _Failed) -> None:
        if event.generation != self._generation:
            return
        self._end_busy()
        if event.file_not_read:
            self.path = self._previous_path  # the file on show (if any) is still the one
        self.query_one("#import-progress", ProgressBar).display = False
        self._status(event.text, error=True)
        self.app.notify(inert_str(event.text), title="Import", severity="error", timeout=10)
        self._refresh_bindings()

    @on(_Loaded)
    def _loaded(self, event: _Loaded) -> None:
        if event.generation != self._generation:
            return
        self._end_busy()
        self.query_one("#import-progress", ProgressBar).display = False
        shown = self.table.current_row if event.same_file and self.session is not None \
            else None
        session = self.session = event.session
        self.refused = None
        if session.file_errors:
            self.session = None
            self.refused = session
            mappable = not session.rows and bool(session.file.records)
            hint = "  (p: map the columns)" if mappable else ""
            self._status(f"{Path(session.name).name}: " + "; ".join(session.file_errors)
                         + hint, error=True)
            self._refresh_bindings()
            if mappable:  # the header is the problem: show how it was read, to map it
                self.action_mapping()
            return
        mapped = [(c.index, c.header, c.key) for c in session.columns.columns]
        ignored = [h for i, h in enumerate(session.header)
                   if i not in {c.index for c in session.columns.columns}]
        info = (f"{Path(session.name).name}  ·  {session.encoding}  ·  "
                f"{delimiter_name(session.delimiter)}  ·  {plural(len(session.rows), 'row')}")
        if ignored:
            info += "  ·  ignored: " + ", ".join(ignored)
        self._status(info)
        table = self.table
        table.set_rows(session.rows, columns_for(session.header, mapped, session.rows))
        if shown is None:
            self.filter = "all"
        else:  # the same file checked again: the same filter, the cursor on the same row
            self.set_filter(self.filter)
            rows = session.rows
            table.move(next((i for i in range(table.total)
                             if rows[table.position_at(i)].number == shown.number), 0))
        self.query_one("#import-body", ContentSwitcher).current = "import-preview"
        self._update_counters()
        self._show_detail(table.current_row)
        table.focus()
        self._refresh_bindings()

    @on(Input.Submitted, "#import-path")
    def _path_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.value.strip():
            self.load_file(event.value.strip())

    @on(DirectoryTree.FileSelected, "#import-tree")
    def _file_selected(self, event: DirectoryTree.FileSelected) -> None:
        event.stop()
        self.load_file(str(event.path))

    @on(Select.Changed, "#import-kind")
    def _kind_changed(self, event: Select.Changed) -> None:
        event.stop()
        self.query_one("#import-role", Select).display = event.value == Kind.TEAM_MEMBER.value
        self._reload()

    @on(Select.Changed, "#import-role")
    @on(Select.Changed, "#import-default-status")
    @on(Checkbox.Changed, "#import-create-tags")
    def _option_changed(self, event: Message) -> None:
        event.stop()
        self._reload()

    @on(Input.Submitted, "#import-add-tags")
    def _tags_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        current = self.session or self.refused
        applied = current.options.extra_tags if current else ()
        try:
            wanted = tuple(fields.tag_names(event.value))
        except ValueError as exc:
            self._status(f"Tags to add to every row: {exc}", error=True)
            return
        if wanted != applied:
            self._reload()
        if self.session is not None:
            self.table.focus()

    def _reload(self) -> None:
        """The options changed: check the file on show again with them, keeping the fixes
        made so far (the file is not read again). While the tab is busy, the change waits
        until the work ends, then applies to the file on show then."""
        if self.busy:
            self._options_pending = True
            return
        source = self.session or self.refused
        if source is None:
            return  # nothing on show: a file is read with the options as they are then
        try:
            options = self.options(source.options.mapping)
        except ValueError as exc:
            self._status(f"Tags to add to every row: {exc}", error=True)
            return
        if options != source.options:
            self.recheck(source,
                         f"Checking {Path(source.name).name} again with the new options…",
                         options=options)

    def _end_busy(self) -> None:
        """The worker's work is over; options changed meanwhile apply now."""
        self.busy = False
        if self._options_pending:
            self._options_pending = False
            self.call_later(self._reload)

    # --- busy ---------------------------------------------------------------------

    def _start_busy(self, status: str, *, indeterminate: bool = False) -> None:
        """Work began in a worker: the keys that need a still file are off, the progress
        bar shows from zero (or pulses, when ``indeterminate``), and the status line says
        what is happening."""
        self.busy = True
        bar = self.query_one("#import-progress", ProgressBar)
        if indeterminate:
            bar.update(total=None, progress=0)
        else:
            bar.update(progress=0)
        bar.display = True
        self._status(status)
        self._refresh_bindings()
