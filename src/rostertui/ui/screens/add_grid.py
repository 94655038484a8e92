"""Add several clients or team members at once: a grid of rows, checked and created by the
import engine (``importing/grid.py``), so the batch lands in the import history and can be
undone like any import.

Each edit, paste or removed row starts a check in a worker (the rules, duplicates within the
grid and against the database, the seat limit for the whole batch); its errors come back as a
message and are drawn in their cells. ctrl+s creates every filled row in one transaction, or
none of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Footer, Input, Static

from rostertui.domain.enums import Kind
from rostertui.domain.words import plural
from rostertui.importing.grid import (
    check_grid,
    errors_by_cell,
    is_blank,
    session_from_rows,
)
from rostertui.ui.screens.form import FormScreen
from rostertui.ui.services import Refusal, call
from rostertui.ui.widgets.add_grid import AddGrid
from rostertui.ui.widgets.inert import inert


class CellEditor(Input):
    """The line where a cell is typed: Enter keeps the text, Escape puts the old one back."""

    KEY_BAR_ENTER = "Keep"

    BINDINGS = [
        Binding("escape", "cancel_edit", "Cancel edit", id="cancel_edit",
                tooltip="Leave the cell as it was"),
    ]

    @dataclass
    class Cancelled(Message):
        editor: CellEditor

    def action_cancel_edit(self) -> None:
        self.post_message(self.Cancelled(self))


def check_rows(kind: Kind, rows: list[list[str]]) -> tuple[dict[tuple[int, str], str], int, int]:
    """Run in a worker: (errors per cell, rows to create, rows with errors)."""
    session = session_from_rows(kind, rows)
    check_grid(session)
    return errors_by_cell(session), len(session.rows), len(session.error_rows)


class AddGridScreen(FormScreen):
    """Rows of new users of ``kind``; dismisses with what was created, or None."""

    ENTER_SAVES = False  # Enter in the cell editor keeps the cell; ctrl+s adds the rows
    KEY_BAR_ENTER = None

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="cancel"),
        Binding("ctrl+s", "submit", "Create all", id="submit",
                tooltip="Create every filled row in one transaction, or none"),
    ]

    @dataclass
    class Checked(Message):
        generation: int
        errors: dict[tuple[int, str], str]
        rows: int
        bad: int

    def __init__(self, actor: Any, kind: Kind, rows: int = 3) -> None:
        super().__init__()
        self.actor, self.kind, self.start_rows = actor, kind, rows
        self.noun = ("client", "clients") if kind is Kind.CLIENT else (
            "team member", "team members")
        self.generation = 0
        self.editing: tuple[int, int] | None = None
        self.counts = (0, 0)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog grid"):
            yield Static(f"Create new {self.noun[1]}: a row each; paste rows from a "
                         "spreadsheet", classes="dialog-title")
            yield AddGrid(self.kind, self.start_rows, id="grid")
            yield Static("", id="cell-error")
            yield Static("", id="grid-editor-label")
            yield CellEditor(id="cell-editor", disabled=True)
            yield Static("", id="grid-summary")
            yield self.error_box()
        yield Footer()

    @property
    def grid(self) -> AddGrid:
        return self.query_one("#grid", AddGrid)

    def on_mount(self) -> None:
        super().on_mount()
        self.grid.focus()
        self._show_summary()

    # --- editing a cell --------------------------------------------------------------

    @on(AddGrid.EditRequested)
    def _edit(self, event: AddGrid.EditRequested) -> None:
        event.stop()
        self.editing = (event.row, event.column)
        column = self.grid.grid_columns[event.column]
        editor = self.query_one("#cell-editor", CellEditor)
        self.query_one("#grid-editor-label", Static).update(
            f"Row {event.row + 1}, {column.label}: Enter keeps it, Escape cancels")
        editor.disabled = False
        editor.value = self.grid.cells[event.row][event.column]
        editor.focus()

    @on(Input.Submitted, "#cell-editor")
    def _edited(self, event: Input.Submitted) -> None:
        event.stop()
        if self.editing is None:
            return
        row, column = self.editing
        self.grid.set_cell(row, column, event.value.strip())
        self._stop_editing()
        if column + 1 < len(self.grid.grid_columns):
            self.grid.move_cursor(row=row, column=column + 1)
        self.check()

    @on(CellEditor.Cancelled)
    def _edit_cancelled(self, event: CellEditor.Cancelled) -> None:
        event.stop()
        self._stop_editing()

    def _stop_editing(self) -> None:
        self.editing = None
        editor = self.query_one("#cell-editor", CellEditor)
        editor.value = ""
        editor.disabled = True
        self.query_one("#grid-editor-label", Static).update("")
        self.grid.focus()

    # --- checking --------------------------------------------------------------------

    @on(AddGrid.Changed)
    def _grid_changed(self, event: AddGrid.Changed) -> None:
        event.stop()
        self.check()

    @on(AddGrid.CellHighlighted)
    def _cursor_moved(self, event: AddGrid.CellHighlighted) -> None:
        self._show_cell_error()

    def check(self) -> None:
        """Check the whole grid again in a worker (the rows depend on each other)."""
        self.generation += 1
        self._check(self.generation, self.grid.filled_rows())

    @work(thread=True, exclusive=True, group="grid-check", exit_on_error=False)
    def _check(self, generation: int, rows: list[list[str]]) -> None:
        try:
            errors, n, bad = call(check_rows, self.kind, rows)
        except Refusal as exc:
            self.post_message(self.Refused(exc))
            return
        self.post_message(self.Checked(generation, errors, n, bad))

    @on(Checked)
    def _checked(self, event: Checked) -> None:
        if event.generation != self.generation:
            return  # the grid changed since: a newer check is on its way
        self.grid.show_errors(event.errors)
        self.counts = (event.rows, event.bad)
        self._show_summary()
        self._show_cell_error()

    def _show_cell_error(self) -> None:
        self.query_one("#cell-error", Static).update(inert(self.grid.error_at_cursor()))

    def _show_summary(self) -> None:
        rows, bad = self.counts
        if rows == 0:
            text = "No rows filled yet"
        elif bad:
            text = (f"{plural(bad, 'row')} with errors, marked in their cells: fix them "
                    "to create")
        else:
            text = f"ctrl+s: Create {plural(rows, 'account')}"
        self.query_one("#grid-summary", Static).update(text)

    # --- leaving -----------------------------------------------------------------------

    def action_cancel(self) -> None:
        """Close; when rows were typed, only once the admin says to discard them (y / n)."""
        from rostertui.ui.screens.confirm import ConfirmScreen

        typed = sum(1 for r in self.grid.filled_rows() if not is_blank(r))
        if not typed:
            self.dismiss(None)
            return
        rows = plural(typed, "row")

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(ConfirmScreen(
            f"Discard the {rows} typed?",
            f"The {rows} typed in the grid will be lost; no {self.noun[0]} has been created "
            "yet.", confirm_label="Discard"), answered)

    # --- creating --------------------------------------------------------------------

    def action_submit(self) -> None:
        if self.busy or self.editing is not None:
            return
        rows = self.grid.filled_rows()
        if all(is_blank(r) for r in rows):
            self.show_error(f"Nothing to create: fill in a row for each new {self.noun[0]}")
            return
        self.busy = True
        self.show_error("")
        self.generation += 1
        self._create(self.generation, rows)

    @work(thread=True, exclusive=True, group="form-submit", exit_on_error=False)
    def _create(self, generation: int, rows: list[list[str]]) -> None:
        kind, actor, noun = self.kind, self.actor, self.noun

        def create() -> tuple[Any, Any]:
            session = session_from_rows(kind, rows)
            check_grid(session)
            if session.error_rows:
                return session, None
            return session, session.commit(actor)

        try:
            session, result = call(create)
        except Refusal as exc:
            self.post_message(self.Refused(exc))
            return
        if result is None:
            bad = len(session.error_rows)
            self.post_message(self.Checked(generation, errors_by_cell(session),
                                           len(session.rows), bad))
            self.post_message(self.Refused(Refusal(
                f"{plural(bad, 'row')} with errors, so nothing was created; fix the cells "
                "marked in red")))
            return
        self.post_message(self.Succeeded(
            f"{plural(result.created, *noun)} created (import batch {result.batch_id}: "
            "undo it from the import history)"))
