"""The Import tab's file-level flow: leaving a file that has fixes (ask first: lose them,
park the file, or stay), the sheet of a workbook, parking the file on show (P) and the list
of parked imports to resume or drop (R). The workers are in ``import_work``; their messages
reach the tab, which hands them here."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from rostertui.importing import spreadsheet
from rostertui.importing.engine import ImportSession
from rostertui.ui.tabs import import_text as text
from rostertui.ui.tabs import import_work as work
from rostertui.ui.text import plural

if TYPE_CHECKING:
    from rostertui.ui.tabs.import_tab import ImportTab

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".ods")
CHOOSE = "Choose a file: type its path above, or pick it below."


def leave(tab: ImportTab, title: str, then: Callable[[], None]) -> None:
    """``then()`` at once when the file on show has no fixes the admin would lose; else ask:
    lose them (``then()``), park the file first (then ``then()``), or stay."""
    from rostertui.ui.screens.import_leave import DISCARD, PARK, LeaveFileScreen

    controller = tab.controller
    session = controller.session
    if session is None or not controller.must_ask_to_leave():
        then()
        return
    cells, rows = controller.fixed_cells()
    what = [f"{plural(cells, 'fixed cell')} in {plural(rows, 'row')}"] if cells else []
    what += controller.column_choices()
    body = (f"{Path(session.name).name} has {', '.join(what)}, not saved. {title} and they "
            "are lost, unless you park the file first (p): it is kept with its fixes, to "
            "resume from the parked imports (R).")

    def answered(choice: str | None) -> None:
        if controller.session is not session or controller.busy:
            return  # the file on show changed meanwhile: nothing to leave
        if choice == DISCARD:
            controller.leaving = True
            then()
        elif choice == PARK:
            park(tab, session, then)

    tab.app.push_screen(LeaveFileScreen(f"{title}?", body), answered)


FileWork = work.FileParked | work.SheetsListed | work.ParkedCounted


def work_done(tab: ImportTab, event: FileWork) -> None:
    """A worker of this flow ended: the file parked, a workbook's sheets listed, the parked
    imports counted."""
    if isinstance(event, work.FileParked):
        parked(tab, event)
    elif isinstance(event, work.SheetsListed):
        sheets_listed(tab, event)
    else:
        controller = tab.controller
        if event.count and controller.path is None and not controller.busy:
            tab.status.say(f"Type a path above or pick a file below; "
                           f"{plural(event.count, 'parked import')} (R lists them).")


def count_parked(tab: ImportTab) -> None:
    """Count the parked imports, for the hint of a tab with no file yet."""
    if tab.controller.path is None:
        work.count_parked(tab)


# --- parking -------------------------------------------------------------------------------


def describe_parking(session: ImportSession) -> str:
    """What parking the file on show keeps, for its confirmation."""
    errors = sum(1 for r in session.rows if r.errors)
    cells = sum(len(r.fixes) for r in session.rows if r.fixes)
    options = session.options
    kept = [f"its {plural(len(session.rows), 'row')} ({errors:,} with errors)",
            f"{plural(cells, 'fixed cell')}"]
    if options.values:
        kept.append(f"value mappings for {', '.join(sorted(options.values))}")
    if options.fills:
        kept.append(f"fills for {', '.join(sorted(options.fills))}")
    kept.append("the column mapping, the options, and which rows are included and emailed")
    again = (f" It replaces parked import {session.parked_id}." if session.parked_id else "")
    return (f"Save {Path(session.name).name} in the database with " + ", ".join(kept)
            + f".{again} Resume it later from the parked imports (R), here or on another "
            "machine sharing the database; its rows are checked against the roster again "
            "then.")


def ask_park(tab: ImportTab) -> None:
    """Say what parking keeps; park the file on show when the admin confirms."""
    from rostertui.ui.screens.confirm import ConfirmScreen

    session = tab.controller.session
    if session is None:
        return

    def confirmed(yes: bool | None) -> None:
        if yes and tab.controller.session is session and not tab.controller.busy:
            park(tab, session, None)

    tab.app.push_screen(ConfirmScreen("Park this file?", describe_parking(session),
                                      confirm_label="Park"), confirmed)


def park(tab: ImportTab, session: ImportSession, then: Callable[[], None] | None) -> None:
    job = tab.controller.start()
    tab.start_work(f"Parking {Path(session.name).name}…", indeterminate=True)
    work.park(tab, job, session, tab.controller.operator, then)


def parked(tab: ImportTab, event: work.FileParked) -> None:
    """The file was parked: say so; go on with what parking came before (open a file...)."""
    controller, p = tab.controller, event.parked
    controller.finish(event.job)
    tab.status.stop()
    controller.parked(p.before, p.parked_id)
    said = (f"Parked as import {p.parked_id} ({plural(p.rows, 'row')}, {p.errors:,} with "
            "errors); R resumes it")
    tab.status.say(said)
    tab.app.notify(said, title="Parked", timeout=6)
    if event.then is not None:
        event.then()


def show_parked(tab: ImportTab) -> None:
    """The parked imports; the one chosen is resumed (after asking, when the file on show
    has fixes)."""
    from rostertui.ui.screens.import_parked import ParkedClosed, ParkedScreen

    def chosen(closed: ParkedClosed | None) -> None:
        if closed is None:
            return
        tab.controller.forget_parked(closed.dropped)
        parked_id = closed.resume
        if parked_id is not None:
            leave(tab, "Resume another import", lambda: resume(tab, parked_id))

    tab.app.push_screen(ParkedScreen(tab.controller.operator), chosen)


def resume(tab: ImportTab, parked_id: int) -> None:
    """Read parked import ``parked_id`` back and plan it, in a worker (FileChecked)."""
    generation = tab.controller.start(load=True)
    tab.start_work(f"Resuming parked import {parked_id}…")
    work.resume(tab, generation, parked_id)


# --- workbooks -----------------------------------------------------------------------------


def wants_sheet(path: str) -> bool:
    """Whether ``path`` is named like a workbook (its sheets are listed before a load)."""
    return path.lower().endswith(WORKBOOK_SUFFIXES)


def list_sheets(tab: ImportTab, path: str, then: Callable[[str | None], None],
                current: str | None = None) -> None:
    """List the sheets of the workbook at ``path`` in a worker; ``then(sheet)`` with the one
    chosen (``then(None)``: not a workbook, or only one sheet: read it as it is)."""
    job = tab.controller.start()
    tab.start_work(f"Reading the sheets of {Path(path).name}…", indeterminate=True)
    work.sheets(tab, job, path, current, then)


def sheets_listed(tab: ImportTab, event: work.SheetsListed) -> None:
    """Ask which sheet when the workbook has several; the cursor on the sheet on show, else
    the first that holds rows."""
    from rostertui.ui.screens.import_sheet import SheetScreen

    controller = tab.controller
    if not controller.finish(event.job):
        return
    tab.status.stop()
    session = controller.session
    tab.status.say(text.describe_file(session) if session is not None else CHOOSE)
    found = event.sheets
    if found is None or len(found.sizes) <= 1:
        event.then(None)
        return
    default = found.current or spreadsheet.first_filled(list(found.sizes))

    def chosen(sheet: str | None) -> None:
        if sheet is not None and not controller.busy:
            event.then(sheet)

    tab.app.push_screen(SheetScreen(Path(event.path).name, found.sizes, default,
                                    found.current), chosen)


def switch_sheet(tab: ImportTab) -> None:
    """Read another sheet of the workbook on show (asking first when it has fixes)."""
    controller = tab.controller
    source = controller.source
    path = controller.path
    if source is None or path is None or controller.busy:
        return
    current = getattr(source.file, "sheet", None)

    def chosen(sheet: str | None) -> None:
        if sheet is not None and sheet != current:
            tab.load_file(path, sheet=sheet)

    def listed() -> None:
        list_sheets(tab, path, chosen, current=current)

    leave(tab, "Read another sheet", listed)


def sheet_count(session: ImportSession | None) -> int:
    """How many sheets the workbook on show has (0 for a CSV file)."""
    return len(getattr(session.file, "sheets", ()) or ()) if session is not None else 0
