"""The Import tab: choose a CSV file, preview every row with its errors, fix cells, choose
rows and emails, commit in one transaction, and undo past imports from the history.

The engine (``rostertui.importing``) does the work; this tab only drives an
:class:`~rostertui.importing.engine.ImportSession`. Reading, checking and
planning, a fix (which may read the database for a new key), the commit and the
undo all run in thread workers through :func:`rostertui.ui.services.call`;
toggles only flip flags in memory, on the UI thread.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import (
    Checkbox,
    ContentSwitcher,
    Input,
    ProgressBar,
    Select,
    Static,
)

from rostertui.domain.enums import Kind, Role, Status
from rostertui.importing.engine import ImportOptions, ImportSession
from rostertui.importing.rows import ERROR, UNCHANGED, Row
from rostertui.ui.tabs.import_commit_flow import ImportCommitFlow
from rostertui.ui.tabs.import_edits import ImportEdits
from rostertui.ui.tabs.import_loading import ImportLoading
from rostertui.ui.tabs.import_text import describe_outcome, plural, row_detail
from rostertui.ui.widgets.csv_picker import CsvTree, PathSuggester
from rostertui.ui.widgets.inert import inert
from rostertui.ui.widgets.preview_table import PreviewTable

FILTERS = (("all", "All rows"), ("error", "Errors only"), ("create", "Creates"),
           ("update", "Updates"), ("unchanged", "Unchanged"))
KINDS = ((Kind.CLIENT, "Import as clients"), (Kind.TEAM_MEMBER, "Import as team members"))


class ImportTab(ImportLoading, ImportEdits, ImportCommitFlow):
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

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.session: ImportSession | None = None
        self.refused: ImportSession | None = None  # a file whose mapping refused it
        self.preset_mapping: dict[str, str] = {}  # `import FILE --ui --map ...`
        self.path: str | None = None
        self._previous_path: str | None = None  # shown again when a new file fails to load
        self.filter = "all"
        self.busy = False
        self._options_pending = False  # options changed while busy: apply when it ends
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

    def action_next_filter(self) -> None:
        names = [name for name, _ in FILTERS]
        self.set_filter(names[(names.index(self.filter) + 1) % len(names)])


__all__ = ["ImportTab", "describe_outcome", "row_detail"]
