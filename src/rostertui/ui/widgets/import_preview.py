"""The Import tab's preview: the counters, every row of a session in a
:class:`~rostertui.ui.widgets.preview_table.PreviewTable`, and the focused row's detail.

It draws the session it is given (``show``) and nothing else: the tab hands it a new session
on the UI thread when a worker's result is swapped in."""

from __future__ import annotations

from collections.abc import Sequence

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical

from rostertui.importing.engine import ImportSession
from rostertui.ui.widgets.import_counters import ImportCounters
from rostertui.ui.widgets.import_detail import RowDetail, describe_triage
from rostertui.ui.widgets.preview_table import PreviewTable, columns_for


class ImportPreview(Vertical):
    """``show`` a session (with a filter's positions, and what the filter is called)."""

    DEFAULT_CSS = """
    ImportPreview { height: 1fr; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.session: ImportSession | None = None
        self.showing = ""
        self.triage = ""  # what the file is read with (value mappings, fills...)

    def compose(self) -> ComposeResult:
        yield ImportCounters("", id="import-counters")
        yield PreviewTable(id="import-table")
        yield RowDetail("", id="import-detail")

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

    @on(PreviewTable.CursorMoved)
    def _cursor_moved(self, event: PreviewTable.CursorMoved) -> None:
        # not stopped: the tab above also follows the cursor (its keys depend on the row)
        if self.session is not None:
            self.query_one(RowDetail).show(event.row, self.table.columns, self.triage)
