"""A roster tab whose users are edited: in place, a cell at a time, or in the full form.

Enter on a cell of a column that is edited in place opens a field over it (on another
column Enter opens the actions, as on every tab); ``e`` does the same, falling back to
the full form, which ``E`` and the actions menu always open. Enter saves through the
service the form uses, in a worker; a refusal keeps the field open with the value typed
and says why, naming the field; Escape cancels.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding

from rostertui.ui.tabs import cell_edit
from rostertui.ui.tabs.base import RosterTab
from rostertui.ui.tabs.cell_edit import CellEdit, CellRefused, CellSaved
from rostertui.ui.widgets.inline_editor import InlineEditor
from rostertui.ui.widgets.scroll_table import ScrollTable

# The tab's own keys (its class lists them where its "e" was, so the key bar shows "e Edit"
# among the tab's keys, as before).
EDIT_BINDINGS = [
    Binding("e", "edit_here", "Edit", id="edit_here",
            tooltip="Edit the cell under the cursor in place (as Enter does); on a column "
                    "that is not edited in place, the full form"),
    Binding("E", "edit", "Edit form", id="edit", show=False,
            tooltip="Every field of the user in the full form"),
]


class EditableRosterTab(RosterTab):
    """A :class:`RosterTab` whose columns with ``edit`` set are edited in place (its
    subclasses bind :data:`EDIT_BINDINGS`)."""

    BINDINGS = [
        # Enter edits the cell when its column is edited in place; elsewhere check_action
        # says False (hidden), and Enter goes on to the actions menu, which the key bar
        # and the help then show on Enter
        Binding("enter", "edit_cell", "Edit cell", id="edit_cell", show=False,
                tooltip="Edit the cell under the cursor in place: Enter saves, Escape "
                        "cancels (on a column not edited in place, Enter opens the actions)"),
        Binding("enter,a", "menu", "Actions", id="menu",
                tooltip="The actions that apply to the marked rows, or to the row under the "
                        "cursor"),
    ]

    _editing: CellEdit | None = None

    def compose(self) -> ComposeResult:
        yield from super().compose()
        yield InlineEditor(id="inline-editor")

    @property
    def editor(self) -> InlineEditor:
        return self.query_one("#inline-editor", InlineEditor)

    def cell_to_edit(self) -> CellEdit | None:
        """The cell under the cursor, when one user is the target and its column is edited
        in place."""
        table = self.table
        if table.marks or not table.columns or table.cursor_column >= len(table.columns):
            return None
        return CellEdit.of(table.current_row, table.columns[table.cursor_column])

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self._editing is not None and action in ("edit_cell", "edit_here", "edit"):
            return False  # one field at a time: the open one (or its save) comes first
        if action == "edit_cell":
            return self.cell_to_edit() is not None
        if action == "edit_here":
            return super().check_action("edit", parameters)
        return super().check_action(action, parameters)

    def action_edit_cell(self) -> None:
        edit = self.cell_to_edit()
        if edit is not None:
            self._editing = edit
            self.editor.open(self.table, edit.before)

    def action_edit_here(self) -> None:
        if self.cell_to_edit() is not None:
            self.action_edit_cell()
        else:
            self.action_edit()

    @on(ScrollTable.ColumnHighlighted)
    def _column_moved(self, event: ScrollTable.ColumnHighlighted) -> None:
        # not stopped: whatever else follows the column cursor hears it too
        if (self.cell_to_edit() is not None) != self._cell_editable:
            self._cell_editable = not self._cell_editable
            self.screen.refresh_bindings()  # Enter: "Edit cell" or "Actions"

    _cell_editable = True  # the first column (first name) is edited in place

    # --- the field over the cell -------------------------------------------------

    @on(InlineEditor.Submitted)
    def _cell_submitted(self, event: InlineEditor.Submitted) -> None:
        event.stop()
        edit = self._editing
        if event.editor.saving:
            return  # sent already: its outcome comes
        if edit is None or event.value == edit.before:
            self._close_editor()
            return
        event.editor.saving = True
        cell_edit.save(self, edit, event.value, self.operator)

    @on(InlineEditor.Cancelled)
    def _cell_cancelled(self, event: InlineEditor.Cancelled) -> None:
        event.stop()
        self._close_editor()

    @on(CellSaved)
    def _cell_saved(self, event: CellSaved) -> None:
        event.stop()
        if event.edit is not self._editing:  # not the field on show: show what was saved
            self.table.reload()
            return
        self._close_editor()
        self.after_change(f"{event.record.email}: {event.edit.label} saved")

    @on(CellRefused)
    def _cell_refused(self, event: CellRefused) -> None:
        event.stop()
        if event.edit is not self._editing:  # the outcome of an edit no longer on show
            return
        text, self._editing = event.edit.refused(event.error)
        editor = self.editor
        editor.saving = False
        editor.show_error(text)
        editor.input.focus()
        if self._editing.version != event.edit.version:
            self.table.reload()  # the row shows their values behind the field

    def _close_editor(self) -> None:
        self._editing = None
        self.editor.close()
        self.table.focus()


__all__ = ["EDIT_BINDINGS", "EditableRosterTab"]
