"""The Import tab's preview: the counters, every row of a session in a
:class:`~rostertui.ui.widgets.preview_table.PreviewTable`, and the focused row's detail.

It draws the session it is given (``show``) and nothing else: the tab hands it a new session
on the UI thread when a worker's result is swapped in."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message

from rostertui.importing.engine import ImportSession
from rostertui.importing.rows import Row
from rostertui.ui.widgets.import_counters import ImportCounters
from rostertui.ui.widgets.import_detail import RowDetail, describe_triage
from rostertui.ui.widgets.inline_editor import InlineEditor
from rostertui.ui.widgets.preview_table import PreviewColumn, PreviewTable, columns_for


class ImportPreview(Vertical):
    """``show`` a session (with a filter's positions, and what the filter is called)."""

    DEFAULT_CSS = """
    ImportPreview { height: 1fr; }
    """

    @dataclass
    class CellEdited(Message):
        """A cell was edited in place: ``value`` for cell ``index`` of row ``number``."""

        number: int
        index: int
        value: str

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.session: ImportSession | None = None
        self.showing = ""
        self.triage = ""  # what the file is read with (value mappings, fills...)
        self._editing: tuple[int, int, str] | None = None  # row number, cell index, before

    def compose(self) -> ComposeResult:
        yield ImportCounters("", id="import-counters")
        yield PreviewTable(id="import-table")
        yield RowDetail("", id="import-detail")
        yield InlineEditor(id="import-cell-editor")

    @property
    def table(self) -> PreviewTable:
        return self.query_one(PreviewTable)

    def show(self, session: ImportSession, view: Sequence[int] | None, showing: str, *,
             keep: int | None = None, same_columns: bool = False) -> None:
        """Draw ``session``'s rows. ``keep``: the number of the row to keep the cursor on
        (and the scroll where it was), as when the file on show was checked or fixed again;
        else the first row. ``same_columns``: the columns stay (the mapping did not change)."""
        table = self.table
        scroll_y = table.scroll_y
        if same_columns:
            columns = table.columns
        else:
            mapped = [(c.index, c.header, c.key) for c in session.columns.columns]
            columns = columns_for(session.header, mapped, session.rows)
        self.session, self.showing = session, showing
        self.triage = describe_triage(session.options)
        table.set_rows(session.rows, columns)
        if keep is not None:
            table.set_view(view)
            table.scroll_to(y=scroll_y, animate=False, immediate=True)
            rows = table.rows
            table.move(next((i for i in range(table.total)
                             if rows[table.position_at(i)].number == keep), 0))
        elif view is not None:
            table.set_view(view)
        self.recount()

    def set_view(self, view: Sequence[int] | None, showing: str) -> None:
        """Show only these positions (a filter), called ``showing`` in the counters."""
        self.showing = showing
        self.table.set_view(view)
        self.recount()

    def changed(self, view: Sequence[int] | None) -> None:
        """The rows changed in memory (a toggle, a fix): filter again, draw, recount."""
        if view is not None:
            self.table.set_view(view)
        self.table.refresh_rows()
        self.recount()

    def recount(self) -> None:
        if self.session is not None:
            self.query_one(ImportCounters).show(self.session.summary(), self.showing)
            self.query_one(RowDetail).show(self.table.current_row, self.table.columns,
                                           self.triage)

    # --- a cell edited in place -------------------------------------------------------

    def edit_cursor_cell(self) -> bool:
        """Open a field over the cursor's cell, holding its text; False when there is no
        cell, or it holds a password (never shown in the table)."""
        table, row = self.table, self.table.current_row
        columns = table.columns
        column = columns[table.cursor_column] if table.cursor_column < len(columns) else None
        if row is None or column is None or column.secret:
            return False
        self.edit_cell(row, column)
        return True

    def edit_cell(self, row: Row, column: PreviewColumn) -> None:
        """Open a field over ``column``'s cell of ``row`` (under the cursor)."""
        before = row.cells[column.index] if column.index < len(row.cells) else ""
        self._editing = (row.number, column.index, before)
        self.query_one(InlineEditor).open(self.table, before)

    @on(InlineEditor.Submitted)
    def _cell_submitted(self, event: InlineEditor.Submitted) -> None:
        event.stop()
        editing, self._editing = self._editing, None
        self._close_editor()
        if editing is not None and event.value != editing[2]:
            self.post_message(self.CellEdited(editing[0], editing[1], event.value))

    @on(InlineEditor.Cancelled)
    def _cell_cancelled(self, event: InlineEditor.Cancelled) -> None:
        event.stop()
        self._editing = None
        self._close_editor()

    def _close_editor(self) -> None:
        self.query_one(InlineEditor).close()
        self.table.focus()

    @on(PreviewTable.CursorMoved)
    def _cursor_moved(self, event: PreviewTable.CursorMoved) -> None:
        # not stopped: the tab above also follows the cursor (its keys depend on the row)
        if self.session is not None:
            self.query_one(RowDetail).show(event.row, self.table.columns, self.triage)
