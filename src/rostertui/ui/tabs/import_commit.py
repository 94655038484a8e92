"""The Import tab's commit (key c): the confirmation that says what it will write, its
progress as the worker goes (hashing the initial passwords, with about how long is left,
then writing), and the line that says what it did. The worker is
:func:`rostertui.ui.tabs.import_work.commit`; its messages reach the tab, which hands them
here."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from textual.widget import Widget

from rostertui.importing.commit import CommitResult
from rostertui.importing.engine import ImportSession
from rostertui.ui.import_controller import ImportController
from rostertui.ui.tabs import import_dialogs as dialogs
from rostertui.ui.tabs import import_text as text
from rostertui.ui.tabs import import_work as work
from rostertui.ui.widgets.import_status import ImportStatusLine

if TYPE_CHECKING:
    from rostertui.ui.tabs.import_tab import ImportTab


def ask(tab: Widget, controller: ImportController, begin: Callable[[ImportSession], None]
        ) -> None:
    """Say what the commit will write and ``begin(session)`` when the admin confirms (and
    the file on show is still that one, and no work runs)."""
    session = controller.session
    if session is None:
        return
    if not controller.commit_writes():
        tab.app.notify("Nothing to import: no row creates or updates a user",
                       severity="warning")
        return

    def confirmed() -> None:
        if controller.session is session and not controller.busy:
            begin(session)

    dialogs.ask_commit(tab.app, session, confirmed)


def begin(tab: ImportTab, session: ImportSession) -> None:
    """The admin confirmed: write ``session`` in a worker."""
    job = tab.controller.start()
    tab.start_work(f"Importing {Path(session.name).name}…", indeterminate=True)
    work.commit(tab, job, session, tab.controller.operator)


def committed(tab: ImportTab, event: work.BatchCommitted) -> None:
    """The worker wrote the batch: swap the session in (its rows now as written) and say
    what was done."""
    result = event.committed
    current = tab.table.current_row
    tab.controller.finish(event.job)
    if tab.controller.swap_commit(result):
        tab.swap(result.session, keep=current.number if current else None, same_columns=True)
    done(tab, tab.status, result.result)


def progressed(status: ImportStatusLine, controller: ImportController,
               event: work.CommitProgressed) -> None:
    """"Hashing passwords 412 of 1,000, about 9 s left" on the status line and its bar."""
    if controller.is_running(event.job):
        p = event.progress
        status.progress(p.done, p.total, text.describe_progress(p))


def done(tab: Widget, status: ImportStatusLine, result: CommitResult) -> None:
    """The batch is written: say what it did, on the line and in a notification."""
    status.stop()
    said = text.describe_commit(result)
    status.say(said)
    tab.app.notify(said, title="Imported", timeout=8)
