"""The Import tab: choose a CSV file, preview every row with its errors, fix cells, choose
rows and emails, commit in one transaction, and undo past imports from the history.

The engine (``rostertui.importing``) does the work; this tab only drives an
:class:`~rostertui.importing.engine.ImportSession`. Reading, checking and
planning, a fix (which may read the database for a new key), the commit and the
undo all run in thread workers through :func:`rostertui.ui.services.call`;
toggles only flip flags in memory, on the UI thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import (
    Checkbox,
    ContentSwitcher,
    DirectoryTree,
    Input,
    ProgressBar,
    Select,
    Static,
)

from rostertui.domain import fields, prefs
from rostertui.domain.enums import Kind, Role, Status
from rostertui.importing import engine
from rostertui.importing import mapping as header_map
from rostertui.importing.engine import ImportOptions, ImportSession
from rostertui.importing.reader import FileRefused
from rostertui.importing.rows import ERROR, UNCHANGED, Row
from rostertui.ui.services import Refusal, call
from rostertui.ui.tabs.import_commit_flow import ImportCommitFlow
from rostertui.ui.tabs.import_edits import ImportEdits
from rostertui.ui.tabs.import_text import delimiter_name, describe_outcome, plural, row_detail
from rostertui.ui.widgets.csv_picker import CsvTree, PathSuggester
from rostertui.ui.widgets.inert import inert, inert_str
from rostertui.ui.widgets.preview_table import PreviewTable, columns_for

FILTERS = (("all", "All rows"), ("error", "Errors only"), ("create", "Creates"),
           ("update", "Updates"), ("unchanged", "Unchanged"))
KINDS = ((Kind.CLIENT, "Import as clients"), (Kind.TEAM_MEMBER, "Import as team members"))


class ImportTab(ImportEdits, ImportCommitFlow):
    """Choose a file, preview it, fix it, commit it; see and undo past imports."""

    BINDINGS = [
        Binding("o", "open", "Open file"),
        Binding("space", "toggle_include", "Include"),
        Binding("m", "toggle_email", "Email"),
        Binding("A", "include_all", "Include all valid"),
        Binding("M", "email_all", "Email all"),
        Binding("f", "next_filter", "Filter"),
        Binding("e", "fix", "Fix row"),
        Binding("x", "export_errors", "Export errors"),
        Binding("p", "mapping", "Mapping"),
        Binding("c", "commit", "Commit"),
        Binding("h", "history", "History"),
    ]

    ROW_ACTIONS = {"toggle_include", "toggle_email", "fix"}
    FILE_ACTIONS = {"include_all", "email_all", "next_filter", "export_errors", "commit"}

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

    @dataclass
    class _Failed(Message):
        generation: int
        text: str
        file_not_read: bool = False  # a new file failed to load: the shown one stays

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.session: ImportSession | None = None
        self.refused: ImportSession | None = None  # a file whose mapping refused it
        self.preset_mapping: dict[str, str] = {}  # `import FILE --ui --map ...`
        self.path: str | None = None
        self._previous_path: str | None = None  # shown again when a new file fails to load
        self.filter = "all"
        self.busy = False
        self._generation = 0
        self._binding_state: tuple[object, ...] | None = None

    # --- layout -------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # compact (one line each): the preview below needs the height, at 80x24 too
        with Horizontal(id="import-options"):
            yield Input(placeholder="Path of a CSV file (→ completes, Enter loads)",
                        suggester=PathSuggester(), id="import-path", compact=True)
            yield Select([(label, kind.value) for kind, label in KINDS], value=Kind.CLIENT.value,
                         allow_blank=False, id="import-kind", compact=True)
            yield Select([(f"New members: {r.value}", r.value) for r in Role],
                         prompt="Default role", id="import-role", compact=True)
        with Horizontal(id="import-row-options"):
            yield Select([(f"New users: {s.value}", s.value) for s in Status],
                         value=Status.ACTIVE.value, allow_blank=False,
                         id="import-default-status", compact=True)
            yield Input(placeholder="Tags to add to every row (separate with ;, Enter applies)",
                        id="import-add-tags", compact=True)
            yield Checkbox("Create missing tags", id="import-create-tags", compact=True)
        with Horizontal(id="import-status-line"):
            yield Static("Choose a file: type its path above, or pick it below.",
                         id="import-status")
            yield ProgressBar(total=2, show_eta=False, show_percentage=False,
                              id="import-progress")
        with ContentSwitcher(initial="import-picker", id="import-body"):
            yield Vertical(id="import-picker")  # the file tree is mounted when first shown
            with Vertical(id="import-preview"):
                yield Static("", id="import-counters")
                yield PreviewTable(id="import-table")
                yield Static("", id="import-detail")

    def _tree_root(self) -> str:
        root = getattr(self.app, "import_dir", None)
        return str(root) if root else "."

    def on_mount(self) -> None:
        self.query_one("#import-progress", ProgressBar).display = False
        role = self.query_one("#import-role", Select)
        preset: ImportOptions | None = getattr(self.app, "import_options", None)
        if preset is not None:  # `rostertui import FILE --ui --kind team ...`
            kind = self.query_one("#import-kind", Select)
            tags = self.query_one("#import-create-tags", Checkbox)
            with self.prevent(Select.Changed, Checkbox.Changed):
                kind.value = preset.kind.value
                if preset.default_role is not None:
                    role.value = preset.default_role.value
                tags.value = preset.create_missing_tags
                if preset.default_status is not None:
                    self.query_one("#import-default-status", Select).value = \
                        preset.default_status.value
            with self.query_one("#import-add-tags", Input).prevent(Input.Changed):
                self.query_one("#import-add-tags", Input).value = "; ".join(preset.extra_tags)
            self.preset_mapping = dict(preset.mapping)
        role.display = self.query_one("#import-kind", Select).value == Kind.TEAM_MEMBER.value

    @property
    def table(self) -> PreviewTable:
        return self.query_one("#import-table", PreviewTable)

    def activate(self) -> None:
        """The tab is shown: focus what the admin will use first."""
        if self.session is not None:
            self.table.focus()
        else:
            self._ensure_tree()
            self.query_one("#import-path", Input).focus()

    def _ensure_tree(self) -> CsvTree:
        """The file tree, mounted the first time it is needed (it reads the folder)."""
        found = self.query(CsvTree)
        if found:
            return found.first()
        root = self._tree_root()
        tree = CsvTree(root, id="import-tree")
        tree.root.set_label(inert(Path(root).resolve().name or root))
        self.query_one("#import-picker", Vertical).mount(tree)
        return tree

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
            session = engine.load(path, options)
        except FileRefused as exc:
            self.post_message(self._Failed(generation, f"{Path(path).name} was not read: {exc}",
                                           file_not_read=True))
            return
        except OSError as exc:
            self.post_message(self._Failed(generation, f"could not read {path}: "
                                                       f"{exc.strerror or exc}",
                                           file_not_read=True))
            return
        try:
            stored = call(prefs.get_pref, operator, header_map.PREF_KEY, {})
        except Refusal as exc:  # a preference never stops a file from loading
            self.app.call_from_thread(
                self.app.notify, f"Mappings from earlier files were not read: {exc}",
                title="Mapping", severity="warning", timeout=8)
            stored = {}
        remembered = header_map.remembered(stored, session.header)
        if any(k not in options.mapping for k in remembered):
            # the admin's mappings from earlier files; those given for this one win
            try:
                session = session.remap({**remembered, **options.mapping})
            except ValueError as exc:  # a stored mapping this version no longer accepts
                self.app.call_from_thread(
                    self.app.notify, f"Mappings from earlier files were not applied: {exc}",
                    title="Mapping", severity="warning", timeout=8)
        self._plan_and_post(generation, session)

    def _plan_and_post(self, generation: int, session: ImportSession) -> None:
        """(In a worker.) Plan a file that was read and post it to the tab."""
        if not session.file_errors:
            counted = plural(len(session.rows), "row")
            self.post_message(self._Stage(generation, 1,
                                          f"Matching {counted} against the roster…"))
            try:
                call(session.plan)
            except Refusal as exc:
                self.post_message(self._Failed(generation, str(exc)))
                return
        self.post_message(self._Loaded(generation, session))

    @on(_Stage)
    def _stage(self, event: _Stage) -> None:
        if event.generation == self._generation:
            self.query_one("#import-progress", ProgressBar).update(progress=event.step)
            self._status(event.text)

    @on(_Failed)
    def _failed(self, event: _Failed) -> None:
        if event.generation != self._generation:
            return
        self.busy = False
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
        self.busy = False
        self.query_one("#import-progress", ProgressBar).display = False
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
        self.filter = "all"
        table = self.table
        table.set_rows(session.rows, columns_for(session.header, mapped, session.rows))
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
        """The options changed: read the file again with them (fixes made so far are lost)."""
        if self.path and (self.session is not None or not self.busy):
            current = self.session or self.refused
            self.load_file(self.path, current.options.mapping if current else None)

    # --- the preview ---------------------------------------------------------

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

    def _status(self, text: str, *, error: bool = False) -> None:
        self.query_one("#import-status", Static).update(
            inert(text, "bold red" if error else ""))

    def _update_counters(self) -> None:
        session = self.session
        if session is None:
            return
        s = session.summary()
        label = dict(FILTERS)[self.filter]
        text = Text(no_wrap=True, end="")
        text.append(f"{s['create']:,} create", "green")
        text.append("  ·  ")
        text.append(f"{s['update']:,} update", "yellow")
        text.append("  ·  ")
        text.append(f"{s['unchanged']:,} unchanged", "dim")
        text.append("  ·  ")
        text.append(f"{s['error']:,} with errors", "bold red" if s["error"] else "")
        text.append(f"  ·  {plural(s['emails'], 'email')} to send")
        text.append(f"   Showing: {label} (f)", "italic")
        self.query_one("#import-counters", Static).update(text)

    def _show_detail(self, row: Row | None) -> None:
        if self.session is not None:
            self.query_one("#import-detail", Static).update(row_detail(self.session, row))

    @on(PreviewTable.CursorMoved)
    def _cursor_moved(self, event: PreviewTable.CursorMoved) -> None:
        event.stop()
        self._show_detail(event.row)
        self._refresh_bindings()

    def _view(self) -> list[int] | None:
        session = self.session
        if session is None or self.filter == "all":
            return None
        wanted = self.filter
        return [i for i, r in enumerate(session.rows) if r.action == wanted]

    def set_filter(self, name: str) -> None:
        self.filter = name
        self.table.set_view(self._view())
        self._update_counters()
        self._show_detail(self.table.current_row)

    def _changed(self) -> None:
        """Rows changed in memory: redraw, recount, and re-filter when a row's action moved."""
        table = self.table
        if self.filter != "all":
            table.set_view(self._view())
        table.refresh_rows()
        self._update_counters()
        self._show_detail(table.current_row)
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
        if action == "mapping" and (self.busy or (self.session or self.refused) is None):
            return None
        return True

    # --- keys ------------------------------------------------------------------

    def action_open(self) -> None:
        self.query_one("#import-body", ContentSwitcher).current = "import-picker"
        self._ensure_tree().focus()
        self._refresh_bindings()

    def action_next_filter(self) -> None:
        names = [name for name, _ in FILTERS]
        self.set_filter(names[(names.index(self.filter) + 1) % len(names)])


__all__ = ["ImportTab", "describe_outcome", "row_detail"]
