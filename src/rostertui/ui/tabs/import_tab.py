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
from textual.suggester import Suggester
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
from rostertui.importing.commit import CommitResult
from rostertui.importing.engine import ImportOptions, ImportSession
from rostertui.importing.reader import FileRefused
from rostertui.importing.rows import CREATE, ERROR, UNCHANGED, UPDATE, Row
from rostertui.ui.services import Refusal, call
from rostertui.ui.widgets.inert import inert, inert_str
from rostertui.ui.widgets.preview_table import PreviewTable, columns_for

SUFFIXES = (".csv", ".txt", ".tsv")
FILTERS = (("all", "All rows"), ("error", "Errors only"), ("create", "Creates"),
           ("update", "Updates"), ("unchanged", "Unchanged"))
KINDS = ((Kind.CLIENT, "Import as clients"), (Kind.TEAM_MEMBER, "Import as team members"))


def plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


class PathSuggester(Suggester):
    """Completes a typed path with the first matching folder or importable file."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        if not value:
            return None
        typed = Path(value).expanduser()
        folder, prefix = (typed, "") if value.endswith(("/", "\\")) else (typed.parent,
                                                                          typed.name)
        try:
            children = sorted(folder.iterdir())
        except OSError:
            return None
        for child in children:
            if child.name.startswith(".") or not child.name.startswith(prefix):
                continue
            if child.is_dir():
                return value + child.name[len(prefix):] + "/"
            if child.suffix.lower() in SUFFIXES:
                return value + child.name[len(prefix):]
        return None


class CsvTree(DirectoryTree):
    """A directory tree that lists folders and the files an import can read."""

    def filter_paths(self, paths):
        return [p for p in paths if not p.name.startswith(".")
                and (p.is_dir() or p.suffix.lower() in SUFFIXES)]


def describe_outcome(out: dict[str, int]) -> str:
    """"create 120, update 30, leave out 5 rows with errors, send 40 emails"."""
    parts = [f"create {out['create']:,}", f"update {out['update']:,}"]
    if out["unchanged"]:
        parts.append(f"leave {plural(out['unchanged'], 'unchanged row')} as they are")
    if out["errors"]:
        parts.append(f"leave out {plural(out['errors'], 'row')} with errors")
    if out["excluded"]:
        parts.append(f"leave out {plural(out['excluded'], 'row')} you excluded")
    parts.append(f"send {plural(out['emails'], 'email')}")
    return ", ".join(parts)


def describe_row_defaults(options: ImportOptions) -> str:
    """What the row options add, for the confirmation: "New users without a status are
    pending. Every user gets the tags VIP, Spring." (or "")."""
    out = ""
    if options.default_status is not None:
        out += f"New users without a status are {options.default_status.value}. "
    if options.extra_tags:
        out += f"Every user gets the tag{'s' if len(options.extra_tags) > 1 else ''} " \
               f"{', '.join(options.extra_tags)}. "
    return out


def row_detail(session: ImportSession, row: Row | None) -> Text:
    """The focused row's errors in full, its warnings, and for an update each change."""
    text = Text(no_wrap=False, end="")
    if row is None:
        return text
    head = f"Row {row.number}: {row.action}"
    if row.action != ERROR and not row.include:
        head += " (left out)"
    text.append(head, "bold")
    if row.send_email and row.action in (CREATE, UPDATE):
        text.append("  ·  email marked")
    for issue in row.errors:
        text.append("\n✗ ", "bold red")
        text.append_text(inert(str(issue)))
    for issue in row.warnings:
        text.append("\n! ", "bold yellow")
        text.append_text(inert(str(issue)))
    for key, (old, new) in row.changes.items():
        text.append("\n")
        text.append_text(inert(f"{key}: {_show(old)} → {_show(new)}"))
    if row.action == UNCHANGED:
        text.append("\nThe stored user already holds these values.")
    return text


def _show(value: object) -> str:
    if value is None or value == "" or value == []:
        return "(blank)"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


class ImportTab(Vertical):
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

    @dataclass
    class _Fixed(Message):
        session: ImportSession
        rows: list[Row]

    @dataclass
    class _Committed(Message):
        session: ImportSession
        result: CommitResult

    @dataclass
    class _Exported(Message):
        text: str
        failed: bool = False

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.session: ImportSession | None = None
        self.refused: ImportSession | None = None  # a file whose mapping refused it
        self.preset_mapping: dict[str, str] = {}  # `import FILE --ui --map ...`
        self.path: str | None = None
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
        self.path = path
        path_input = self.query_one("#import-path", Input)
        if path_input.value != path:
            with path_input.prevent(Input.Changed):
                path_input.value = path
        self._generation += 1
        self.busy = True
        bar = self.query_one("#import-progress", ProgressBar)
        bar.update(progress=0)
        bar.display = True
        self._status(f"Reading and checking {Path(path).name}…")
        self._refresh_bindings()
        self._load(self._generation, path, options,
                   self.app.operator)  # type: ignore[attr-defined]

    @work(thread=True, exclusive=True, group="import-load", exit_on_error=False)
    def _load(self, generation: int, path: str, options: ImportOptions, operator) -> None:
        try:
            session = engine.load(path, options)
            remembered = header_map.remembered(
                call(prefs.get_pref, operator, header_map.PREF_KEY, {}), session.header)
            if any(options.mapping.get(k) != v for k, v in remembered.items()
                   if k not in options.mapping):
                # the admin's mappings from earlier files; those given for this one win
                session = session.remap({**remembered, **options.mapping})
        except Refusal as exc:
            self.post_message(self._Failed(generation, str(exc)))
            return
        except FileRefused as exc:
            self.post_message(self._Failed(generation, f"{Path(path).name} was not read: {exc}"))
            return
        except OSError as exc:
            self.post_message(self._Failed(generation, f"could not read {path}: "
                                                       f"{exc.strerror or exc}"))
            return
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
                f"{_delimiter_name(session.delimiter)}  ·  {plural(len(session.rows), 'row')}")
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

    def action_toggle_include(self) -> None:
        session, row = self.session, self.table.current_row
        if session is None or row is None or row.action == ERROR:
            return
        session.set_included(row, not row.include)
        self._changed()

    def action_toggle_email(self) -> None:
        session, row = self.session, self.table.current_row
        if session is None or row is None:
            return
        session.set_send_email(row, not row.send_email)
        self._changed()

    def action_include_all(self) -> None:
        if self.session is not None:
            self.session.set_all_included(True)
            self._changed()
            self.app.notify("Every valid row is included", timeout=3)

    def action_email_all(self) -> None:
        session = self.session
        if session is None:
            return
        writing = [r for r in session.rows if r.writes]
        send = not writing or not all(r.send_email for r in writing)
        session.set_send_email(None, send)
        self._changed()
        self.app.notify("Every row is marked for an email" if send
                        else "No row is marked for an email", timeout=3)

    def action_mapping(self) -> None:
        """Show how each header was mapped; a new mapping checks the file again."""
        from rostertui.ui.screens.import_mapping import MappingScreen

        source = self.session or self.refused
        if source is None or self.busy:
            return

        def chosen(result: tuple[dict[str, str], dict[str, str]] | None) -> None:
            if result and result[1]:
                self._start_remap(source, *result)

        self.app.push_screen(MappingScreen(source), chosen)

    def _start_remap(self, source: ImportSession, mapping: dict[str, str],
                     changes: dict[str, str]) -> None:
        self._generation += 1
        self.busy = True
        bar = self.query_one("#import-progress", ProgressBar)
        bar.update(progress=0)
        bar.display = True
        self._status(f"Checking {Path(source.name).name} again with the new mapping…")
        self._refresh_bindings()
        self._remap(self._generation, source, mapping, changes,
                    self.app.operator)  # type: ignore[attr-defined]

    @work(thread=True, exclusive=True, group="import-load", exit_on_error=False)
    def _remap(self, generation: int, source: ImportSession, mapping: dict[str, str],
               changes: dict[str, str], operator) -> None:
        try:
            stored = call(prefs.get_pref, operator, header_map.PREF_KEY, {})
            call(prefs.set_pref, operator, header_map.PREF_KEY,
                 header_map.merged(stored, changes))
        except Refusal as exc:  # the file is still checked; only the memory of it failed
            self.app.call_from_thread(self.app.notify, f"The mapping was not remembered: {exc}",
                                      title="Mapping", severity="warning", timeout=8)
        self._plan_and_post(generation, source.remap(mapping))

    def action_next_filter(self) -> None:
        names = [name for name, _ in FILTERS]
        self.set_filter(names[(names.index(self.filter) + 1) % len(names)])

    # --- inline fix ---------------------------------------------------------------

    def action_fix(self) -> None:
        from rostertui.ui.screens.import_fix import FixRowScreen

        session, row = self.session, self.table.current_row
        if session is None or row is None:
            return

        def fixed(cells: dict[int, str] | None) -> None:
            if cells:
                self.fix_cells(row, cells)

        self.app.push_screen(FixRowScreen(session, row), fixed)

    def fix_cells(self, row: Row, cells: dict[int, str]) -> None:
        """Apply an inline fix: the row (and the rows it duplicates) are checked again."""
        session = self.session
        if session is None:
            return
        if not any(session.fix_needs_database(row, i, t) for i, t in cells.items()):
            # memory only (no key to look up): apply it at once, on this thread
            changed: list[Row] = []
            for index, text in sorted(cells.items()):
                changed += session.set_cell(row, index, text)
            self._fixed(self._Fixed(session, changed))
            return
        self.busy = True
        self._refresh_bindings()
        self._fix(session, row, cells)

    @work(thread=True, group="import-fix", exit_on_error=False)
    def _fix(self, session: ImportSession, row: Row, cells: dict[int, str]) -> None:
        def apply() -> list[Row]:
            changed: list[Row] = []
            for index, text in sorted(cells.items()):
                changed += session.set_cell(row, index, text)
            return changed

        try:
            rows = call(apply)
        except Refusal as exc:
            self.post_message(self._Failed(self._generation, str(exc)))
            return
        self.post_message(self._Fixed(session, rows))

    @on(_Fixed)
    def _fixed(self, event: _Fixed) -> None:
        self.busy = False
        if event.session is not self.session:
            return
        row = self.table.current_row
        self._changed()
        if row is not None:
            note = "fixed" if row.action != ERROR else "still has errors"
            self.app.notify(f"Row {row.number} {note}"
                            + (f"; {plural(len(event.rows) - 1, 'other row')} checked again"
                               if len(event.rows) > 1 else ""), timeout=3)

    # --- export of the error rows ---------------------------------------------------

    def action_export_errors(self) -> None:
        from rostertui.ui.screens.import_fix import PathScreen

        session = self.session
        if session is None:
            return
        if not session.summary()["error"]:
            self.app.notify("No row has errors", timeout=3)
            return
        base = Path(self.path or session.name)
        default = str(base.with_name(f"{base.stem}-errors.csv"))

        def chosen(path: str | None) -> None:
            if path:
                self._export(session, path)

        self.app.push_screen(PathScreen("Export the rows with errors",
                                        "Their cells as read plus an errors column; fix them "
                                        "and import the file again.", default), chosen)

    @work(thread=True, group="import-export", exit_on_error=False)
    def _export(self, session: ImportSession, path: str) -> None:
        from rostertui.importing import report

        try:
            with open(path, "w", newline="", encoding="utf-8") as fh:
                n = report.write_errors_csv(fh, session)
        except OSError as exc:
            self.post_message(self._Exported(f"could not write {path}: {exc.strerror or exc}",
                                             True))
            return
        self.post_message(self._Exported(f"Wrote {plural(n, 'row')} with errors to {path}"))

    @on(_Exported)
    def _exported(self, event: _Exported) -> None:
        self.app.notify(inert_str(event.text), title="Export",
                        severity="error" if event.failed else "information", timeout=6)

    # --- commit ---------------------------------------------------------------------

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
            if yes:
                self._start_commit(session)

        self.app.push_screen(ConfirmScreen("Commit this import?", body, confirm_label="Import"),
                             confirmed)

    def _start_commit(self, session: ImportSession) -> None:
        self.busy = True
        bar = self.query_one("#import-progress", ProgressBar)
        bar.update(total=None, progress=0)
        bar.display = True
        self._status(f"Importing {Path(session.name).name}…")
        self._refresh_bindings()
        self._commit(session, self.app.operator)  # type: ignore[attr-defined]

    @work(thread=True, exclusive=True, group="import-commit", exit_on_error=False)
    def _commit(self, session: ImportSession, operator) -> None:
        try:
            result = call(session.commit, operator, skip_invalid=True)
            call(session.plan, refresh=True)  # the file against the roster as it is now
        except Refusal as exc:
            self.post_message(self._Failed(self._generation, f"Nothing was imported: {exc}"))
            return
        self.post_message(self._Committed(session, result))

    @on(_Committed)
    def _committed(self, event: _Committed) -> None:
        from rostertui.ui.tabs.base import RosterTab

        self.busy = False
        bar = self.query_one("#import-progress", ProgressBar)
        bar.display = False
        bar.update(total=2, progress=0)
        r = event.result
        text = (f"Batch {r.batch_id}: {plural(r.created, 'user')} created, "
                f"{plural(r.updated, 'user')} updated, {r.unchanged:,} unchanged, "
                f"{r.skipped:,} left out; {plural(r.emails, 'email')} queued")
        self._status(text)
        self.app.notify(text, title="Imported", timeout=8)
        if event.session is self.session:
            self._changed()
        self.post_message(RosterTab.RosterChanged(self))  # type: ignore[arg-type]
        self.app.deliver_mail()  # type: ignore[attr-defined]

    # --- history ---------------------------------------------------------------------

    def action_history(self) -> None:
        from rostertui.ui.screens.import_history import HistoryScreen

        def closed(changed: bool | None) -> None:
            if changed:
                from rostertui.ui.tabs.base import RosterTab

                self.post_message(RosterTab.RosterChanged(self))  # type: ignore[arg-type]
                if self.path and self.session is not None:
                    # the roster moved: plan the file again
                    self.load_file(self.path, self.session.options.mapping)

        self.app.push_screen(HistoryScreen(), closed)


def _delimiter_name(delimiter: str) -> str:
    return {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}.get(delimiter,
                                                                       repr(delimiter))


__all__ = ["ImportTab", "describe_outcome", "row_detail"]
