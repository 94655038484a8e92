"""The Import tab's fixes of a row's cells (in the cell, Enter or e; in the row dialog, f):
the row, and the rows it duplicates, are checked again; at once when no key needs looking
up in the database, else on a copy in a worker (``import_work.fix``) whose result the tab
swaps in. While the tab is busy, a fix waits in the controller for the work to end."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rostertui.importing.rows import ERROR
from rostertui.ui.tabs import import_dialogs as dialogs
from rostertui.ui.tabs import import_text as text
from rostertui.ui.tabs import import_work as work

if TYPE_CHECKING:
    from rostertui.ui.tabs.import_tab import ImportTab


def ask(tab: ImportTab) -> None:
    """The row dialog, for the row under the cursor (several fields, or a password)."""
    session, row = tab.session, tab.table.current_row
    if session is not None and row is not None:
        dialogs.ask_fix(tab.app, session, row, lambda cells: fix(tab, row.number, cells))


def fix(tab: ImportTab, number: int, cells: dict[int, str]) -> None:
    """Apply ``cells`` (index -> new text) to row ``number`` of the file on show."""
    controller = tab.controller
    session = controller.session
    if session is None:
        return
    changed = controller.fix_in_memory(number, cells)
    if changed is not None:
        note(tab, number, len(changed))
        tab.rows_changed()
        return
    if controller.busy:
        return  # pending: applies when the work ends
    job = controller.start()
    tab.refresh_key_state()
    work.fix(tab, job, session, number, cells)


def fixed(tab: ImportTab, event: work.CellsFixed) -> None:
    """A fix's worker is done: swap its session in (when the file on show is the same)."""
    result = event.fixed
    current = tab.table.current_row
    if tab.controller.finish(event.job) and tab.controller.swap_fix(result):
        tab.swap(result.session, keep=current.number if current else result.number,
                 same_columns=True)
        note(tab, result.number, len(result.changed))


def note(tab: ImportTab, number: int, changed: int) -> None:
    if tab.session is not None:
        still = tab.session.row(number).action == ERROR
        tab.app.notify(text.describe_fix(number, still, changed), timeout=3)


__all__ = ["ask", "fix", "fixed", "note"]
