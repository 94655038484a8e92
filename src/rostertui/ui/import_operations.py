"""The Import tab's computations: each reads the disk or the database, so the tab runs it in
a thread worker (see :mod:`rostertui.ui.tabs.import_work`). Each takes what it works on as
arguments and returns a new result (:class:`Checked`, :class:`Fixed`, :class:`Committed`);
none changes the session on show. A refusal (a file that is not a CSV, a database error, a
mapping the engine refuses) raises :class:`ImportFailed` with the line to show; anything
else is a bug and propagates. No Textual here: ``tests/unit/ui`` runs them alone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from rostertui.domain import prefs
from rostertui.domain.actor import Actor
from rostertui.domain.inert import inert_str
from rostertui.importing import engine
from rostertui.importing import mapping as header_map
from rostertui.importing.commit import CommitResult, ProgressCallback
from rostertui.importing.engine import ImportOptions, ImportSession
from rostertui.importing.reader import FileRefused
from rostertui.ui.services import Refusal, call

# Called from a worker when a file's rows are checked and its planning begins, with the
# number of rows: the tab says "Matching N rows against the roster…".
Stage = Callable[[int], None]


class ImportFailed(Exception):
    """A computation was refused; ``str()`` is the line to show. ``file_not_read``: a new
    file could not be read, so the file on show (if any) stays the one meant."""

    def __init__(self, text: str, *, file_not_read: bool = False) -> None:
        super().__init__(text)
        self.file_not_read = file_not_read


@dataclass(frozen=True)
class Checked:
    """A file read (or checked again) and planned: the session to show. ``same_file``: the
    file on show checked again (its filter and cursor stay)."""

    session: ImportSession
    same_file: bool = False
    notes: tuple[str, ...] = ()  # warnings to show (a remembered mapping not used...)


@dataclass(frozen=True)
class Fixed:
    """An inline fix computed on a copy of ``before``: the copy, and the rows checked again."""

    before: ImportSession
    session: ImportSession
    number: int
    changed: tuple[int, ...]


@dataclass(frozen=True)
class Committed:
    """A commit of ``before``, and the file planned again against the roster after it."""

    before: ImportSession
    result: CommitResult
    session: ImportSession


def _plan(session: ImportSession, stage: Stage) -> None:
    """Plan a new session (not yet on show) against the database."""
    if session.file_errors:
        return
    stage(len(session.rows))
    try:
        call(session.plan)
    except Refusal as exc:
        raise ImportFailed(str(exc)) from exc


def read_and_check(path: str, options: ImportOptions, operator: Actor,
                   stage: Stage) -> Checked:
    """Read ``path``, map its headers (those given win over the operator's remembered ones),
    check and plan every row: a new session."""
    from rostertui.ui.import_triage import thaw, with_remembered_values  # it imports this

    thaw()  # the file on show before is let go: so is what its column fixes froze
    try:
        parsed = engine.read_file(path, options)
    except FileRefused as exc:
        raise ImportFailed(f"{Path(path).name} was not read: {exc}",
                           file_not_read=True) from exc
    except OSError as exc:
        raise ImportFailed(f"could not read {path}: {exc.strerror or exc}",
                           file_not_read=True) from exc
    notes: list[str] = []
    try:  # the admin's mappings from earlier files, known before the rows are checked (once)
        stored = call(prefs.get_pref, operator, header_map.PREF_KEY, {})
    except Refusal as exc:  # a preference never stops a file from loading
        notes.append(f"Mappings from earlier files were not read: {exc}")
        stored = {}
    remembered = header_map.remembered(stored, parsed.header)
    options, value_notes = with_remembered_values(options, parsed.header,
                                                  {**remembered, **options.mapping}, operator)
    notes += value_notes
    session = None
    if any(k not in options.mapping for k in remembered):
        try:
            session = engine.start(parsed, replace(
                options, mapping={**remembered, **options.mapping}))
        except ValueError as exc:  # a stored mapping this version no longer accepts
            notes.append(f"Mappings from earlier files were not applied: {exc}")
    if session is None:
        session = engine.start(parsed, options)
    _plan(session, stage)
    return Checked(session, notes=tuple(notes))


def check_again(source: ImportSession, options: ImportOptions, operator: Actor, stage: Stage,
                *, mapping: dict[str, str] | None = None,
                remember: dict[str, str] | None = None) -> Checked:
    """The file on show checked again with other ``options`` and/or header ``mapping``, from
    memory (fixes and row choices stay), planned afresh: a new session; ``source`` is not
    changed. ``remember``: header mappings the admin just chose, stored once they worked."""
    try:
        if mapping is not None:
            options = replace(options, mapping=mapping)
        session = source.with_options(options)
    except ValueError as exc:
        what = "Mapping" if mapping is not None else "Options"
        raise ImportFailed(f"{what} not applied: {exc}") from exc
    notes: list[str] = []
    if remember:
        try:
            stored = call(prefs.get_pref, operator, header_map.PREF_KEY, {})
            call(prefs.set_pref, operator, header_map.PREF_KEY,
                 header_map.merged(stored, remember))
        except (Refusal, ValueError) as exc:  # the file is still checked
            notes.append(f"The mapping was not remembered: {exc}")
    _plan(session, stage)
    return Checked(session, same_file=True, notes=tuple(notes))


def fix(session: ImportSession, number: int, cells: dict[int, str]) -> Fixed:
    """Row ``number`` with new ``cells`` (index -> text), checked and planned again on a copy
    of ``session`` (a new key is looked up in the database)."""
    try:
        fixed, changed = call(session.with_cells, number, cells)
    except Refusal as exc:
        raise ImportFailed(str(exc)) from exc
    return Fixed(session, fixed, number, tuple(changed))


def commit(session: ImportSession, operator: Actor,
           progress: ProgressCallback | None = None) -> Committed:
    """Write the included, valid rows in one transaction, then plan a copy of the file
    against the roster as it is now. ``progress`` gets each
    :class:`~rostertui.importing.commit.CommitProgress` (on this thread)."""
    try:
        result = call(session.commit, operator, skip_invalid=True, progress=progress)
    except Refusal as exc:
        raise ImportFailed(f"Nothing was imported: {exc}") from exc
    try:
        after = call(session.replanned)
    except Refusal as exc:
        raise ImportFailed(f"Imported, but the file was not checked again: {exc}") from exc
    return Committed(session, result, after)


class ExportExists(ImportFailed):
    """The file to export to exists: replacing it needs the admin's yes."""

    def __init__(self, path: str) -> None:
        super().__init__(f"{inert_str(path)} already exists")
        self.path = path


def export_errors(session: ImportSession, path: str, *, replace: bool = False) -> int:
    """Write the rows with errors (cells as read plus an errors column) to ``path``, whole
    or not at all (:mod:`rostertui.domain.safe_output`: never over the open database, a
    folder, a FIFO or a device; over an existing file only when ``replace``)."""
    from rostertui.domain import safe_output
    from rostertui.importing import report

    try:
        with safe_output.write_atomically(path, replace=replace) as fh:
            return report.write_errors_csv(fh, session)
    except safe_output.OutputExists as exc:
        raise ExportExists(exc.path) from exc
    except safe_output.OutputRefused as exc:
        raise ImportFailed(f"Not written: {exc}") from exc
    except OSError as exc:
        raise ImportFailed(f"could not write {inert_str(path)}: {exc.strerror or exc}") from exc


# --- files set aside and workbooks (the Import tab's file-level flow) ---------------------


@dataclass(frozen=True)
class Parked:
    """``before`` (the session on show) stored as parked import ``parked_id``."""

    before: ImportSession
    parked_id: int
    rows: int
    errors: int


@dataclass(frozen=True)
class Sheets:
    """A workbook's sheets and the rows of users each holds, to choose one."""

    path: str
    sizes: tuple[tuple[str, int], ...]
    current: str | None = None  # the sheet on show, if this workbook is on show


def park(session: ImportSession, operator: Actor) -> Parked:
    """Store ``session`` with its fixes, choices and options as a parked import; the parked
    import it was resumed from (if any) is dropped, so that one file is parked once."""
    from rostertui.importing import parking

    try:
        parked_id = call(parking.park, session, operator)
        if session.parked_id is not None:
            try:
                call(parking.drop, session.parked_id, operator, reason="replaced")
            except Refusal:
                pass  # already dropped (by a colleague): the new one stands
    except (Refusal, ValueError) as exc:
        raise ImportFailed(f"Not parked: {exc}") from exc
    return Parked(session, parked_id, len(session.rows),
                  sum(1 for r in session.rows if r.errors))


def resume(parked_id: int, stage: Stage) -> Checked:
    """Parked import ``parked_id`` as it was parked, checked again and planned against the
    roster as it is now: a new session (committing it drops the parked import)."""
    from rostertui.importing import parking

    try:
        session = call(parking.resume, parked_id)
    except (Refusal, ValueError) as exc:
        raise ImportFailed(f"Parked import {parked_id} was not resumed: {exc}") from exc
    _plan(session, stage)
    return Checked(session)


def list_parked() -> list:
    """The parked imports, newest first (:class:`~rostertui.importing.parking.ParkedView`)."""
    from rostertui.importing import parking

    try:
        return call(parking.list_parked)
    except Refusal as exc:
        raise ImportFailed(f"The parked imports were not read: {exc}") from exc


def drop_parked(parked_id: int, operator: Actor) -> int:
    """Discard parked import ``parked_id``; returns its id."""
    from rostertui.importing import parking

    try:
        call(parking.drop, parked_id, operator)
    except Refusal as exc:
        raise ImportFailed(f"Parked import {parked_id} was not dropped: {exc}") from exc
    return parked_id


def workbook_sheets(path: str, current: str | None = None) -> Sheets | None:
    """The sheets of the workbook at ``path`` with their rows (None for a CSV file)."""
    from rostertui.importing import spreadsheet
    from rostertui.importing.opening import open_regular

    try:
        with open_regular(path, engine.DEFAULT_MAX_BYTES) as stream:
            if spreadsheet.workbook_kind(stream.peek(4096)[:4096], path) not in ("xlsx",
                                                                                 "ods"):
                return None
            data = stream.read()
        return Sheets(path, tuple(spreadsheet.sheet_sizes(data, Path(path).name)), current)
    except FileRefused as exc:  # (the file on show, if any, stays: no load began)
        raise ImportFailed(f"{Path(path).name} was not read: {exc}") from exc
    except OSError as exc:
        raise ImportFailed(f"could not read {path}: {exc.strerror or exc}") from exc
