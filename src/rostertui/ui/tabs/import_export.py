"""The Import tab's "export rows with errors" (key x): where to write them (a path
question, beside the file by default), whether to replace a file that is there (a yes/no
question), and the write itself, in a worker, whole or not at all through
:mod:`rostertui.domain.safe_output` (never over the open database, a folder, a FIFO or a
device: the refusal is said). The tab only hands its :class:`ErrorsExported` here."""

from __future__ import annotations

from textual.widget import Widget

from rostertui.importing.engine import ImportSession
from rostertui.ui.tabs import import_dialogs as dialogs
from rostertui.ui.tabs import import_work as work
from rostertui.ui.text import plural

ErrorsExported = work.ErrorsExported


def start(tab: Widget, session: ImportSession, default: str) -> None:
    """Ask where to write the rows with errors of ``session``; write them there."""
    if not session.summary()["error"]:
        tab.app.notify("No row has errors", timeout=3)
        return
    dialogs.ask_export_path(tab.app, default, lambda path: _write(tab, session, path))


def _write(tab: Widget, session: ImportSession, path: str, replace: bool = False) -> None:
    work.export(tab, session, path, replace=replace, again=lambda: _write(tab, session, path, True),
                done=lambda n: f"Wrote {plural(n, 'row')} with errors to {path}")


def finished(tab: Widget, event: ErrorsExported) -> None:
    """The write is over: say how it went, or ask whether to replace the file there."""
    if event.exists is not None and event.again is not None:
        dialogs.ask_replace(tab.app, event.exists, event.again)
        return
    tab.app.notify(event.text, title="Export",
                   severity="error" if event.failed else "information", timeout=6)
