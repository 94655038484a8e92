"""The one way in: load a file, plan it, let the admin adjust rows, commit. CLI and UI share it.

    session = load("clients.csv", ImportOptions(kind=Kind.CLIENT))
    session.plan()                      # reads the database, set-based
    session.summary()                   # {"rows": ..., "create": ..., ...}
    result = session.commit(actor)      # one transaction; raises RowsHaveErrors

The Import tab uses the same object: :meth:`ImportSession.set_cell` after an
inline fix (the row is checked again and planned again with the rows that share
a key with it, from memory), :meth:`ImportSession.set_included` for the per-row
toggle and :meth:`ImportSession.set_send_email` for the email box. Toggles only
flip a flag and adjust the kept counts.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from rostertui.domain.actor import Actor
from rostertui.domain.enums import Kind
from rostertui.importing import edits, oneshot, spreadsheet
from rostertui.importing.columns import ColumnMap
from rostertui.importing.commit import (
    BatchInfo,
    CommitResult,
    ProgressCallback,
    commit_rows,
)
from rostertui.importing.opening import open_regular
from rostertui.importing.options import (  # noqa: F401  (re-exported)
    SEND_EMAIL_CHOICES,
    ImportOptions,
    gc_paused,
)
from rostertui.importing.plan import Planner, PlanSettings
from rostertui.importing.prepare import prepare, skip_version_row
from rostertui.importing.reader import (
    CHUNK,
    DEFAULT_MAX_BYTES,
    FileRefused,
    ParsedFile,
    parse,
    parse_stream,
)
from rostertui.importing.replan import row_keys
from rostertui.importing.rows import NO_CELLS, Row
from rostertui.importing.session_choices import SessionChoices
from rostertui.importing.session_copies import SessionCopies
from rostertui.importing.snapshot import Snapshot
from rostertui.importing.validate import RowValidator


class ImportSession(SessionCopies, SessionChoices):
    """One file on its way in: its rows, their errors and actions, and the database's view."""

    def __init__(self, parsed: ParsedFile, options: ImportOptions, *,
                 fixes: dict[int, dict[int, tuple[str, str]]] | None = None):
        self.options = options
        self.file = parsed
        header, records, skipped = skip_version_row(parsed.header, parsed.records)
        if skipped:
            parsed = self.file = dataclasses.replace(parsed, header=header, records=records)
        ready = prepare(parsed.header, records, kind=options.kind, mapping=options.mapping,
                        values=options.values, fills=options.fills,
                        date_format=options.date_format, suggest_values=options.suggest)
        self.columns: ColumnMap = ready.columns
        self.suggestions = ready.suggestions  # ranked, for the mapping panel
        self.date_format = ready.date_format  # the birthdate column's order, if known
        self._header = ready.header
        self.file_errors: list[str] = list(self.columns.errors)
        if options.sheet and not isinstance(parsed, spreadsheet.WorkbookFile):
            skipped = (skipped + "; " if skipped else "") + (
                f"--sheet {options.sheet!r} is for workbooks; this is a CSV file")
        self.file_warnings: list[str] = [*parsed.warnings, *([skipped] if skipped else []),
                                         *self.columns.warnings, *ready.warnings]
        self.validator = RowValidator(self.columns, header_width=len(ready.header),
                                      today=options.today, bad_bytes=parsed.bad_bytes,
                                      date_format=ready.date_format,
                                      date_note=ready.date_note)
        self._rows: list[Row] = []
        self._deferred: list[tuple[int, list[str]]] | None = None
        self.planned = False
        self.committed: CommitResult | None = None
        self._planner: Planner | None = None
        self._counts: dict[str, int] | None = None  # the summary, kept up to date
        self._positions: dict[int, int] | None = None  # row number -> position in rows
        self._inherited: Snapshot | None = None  # what an earlier session read of the database
        self.parked_id: int | None = None  # the parked import this session was resumed from
        if not parsed.records and not self.file_errors:
            self.file_errors.append(f"{parsed.name or 'the file'} has a header but no rows of "
                                    "users")
        if self.file_errors:
            return
        if options.dry_run_only and not options.keep_cells and not fixes and not ready.fixes:
            self._deferred = records  # checked and planned at once by plan()
            return
        self._build_rows(records, fixes, ready.fixes)

    @property
    def rows(self) -> list[Row]:
        """One :class:`Row` per record, in file order (after a one-shot plan, a row that
        planned clean is a :class:`~rostertui.importing.oneshot.SettledRow`)."""
        if self._deferred is not None:  # asked for before the one-shot plan (no database)
            records, self._deferred = self._deferred, None
            with gc_paused():
                self._build_rows(records, None, None)
        return self._rows

    @rows.setter
    def rows(self, rows: list[Row]) -> None:
        self._rows = rows
        self._deferred = None

    def _build_rows(self, records: list[tuple[int, list[str]]],
                    fixes: dict[int, dict[int, tuple[str, str]]] | None,
                    option_fixes: list[dict[int, tuple[str, str]] | None] | None) -> None:
        """Turn the records into checked rows (``records`` is emptied as it goes)."""
        options = self.options
        email = options.send_email == "all"
        validate = self.validator.validate
        keep_cells = options.keep_cells
        rows = self._rows
        for i, (number, cells) in enumerate(records):
            records[i] = None  # type: ignore[call-overload]  # the row owns the cells now
            row = Row(number, cells)
            row.send_email = email
            kept = fixes.get(number) if fixes else None
            new = option_fixes[i] if option_fixes else None
            if kept or new:
                row.fixes = {**(new or {}), **(kept or {})}
            validate(row)
            if not keep_cells:
                row.cells = NO_CELLS
            rows.append(row)
        self.file.records = []

    # --- facts about the file -------------------------------------------------------

    @property
    def name(self) -> str:
        return self.file.name

    @property
    def encoding(self) -> str:
        return self.file.encoding

    @property
    def delimiter(self) -> str:
        return self.file.delimiter

    @property
    def header(self) -> list[str]:
        """The file's header, plus a column the admin filled in that the file lacks."""
        return self._header

    @property
    def kind(self) -> Kind:
        return self.options.kind

    def sample_cells(self, limit: int) -> list[list[str]]:
        """The cells of the first ``limit`` rows (also of a file its mapping refused)."""
        if self.rows:
            return [r.cells for r in self.rows[:limit]]
        return [cells for _, cells in self.file.records[:limit]]

    # --- planning ---------------------------------------------------------------------

    def plan(self, *, refresh: bool = False) -> None:
        """Match every row against the database and decide its action (a dry run).

        Planning again reuses what was read from the database (only new keys are
        looked up); ``refresh=True`` reads it afresh, e.g. after another commit.
        """
        if self.file_errors:
            return
        settings = self.options
        if self.planned and refresh and (settings.default_status is not None
                                         or settings.extra_tags or settings.invite_incomplete
                                         or settings.default_role is not None):
            # the last plan filled those defaults into the rows' values (a status, tags, a
            # role) from what it read then: start again from the cells, so that a row
            # planned against the roster as it is now gets them only if it still needs them,
            # and tags go on top of the user's tags as they are now. (Planning again from
            # the same reads gives the same values: no need then.)
            validate = self.validator.validate
            with gc_paused():
                for row in self.rows:
                    validate(row)
        if self._planner is None or refresh:
            fields = {c.field for c in self.columns.columns}
            options = self.options
            snapshot = self._inherited
            if refresh or snapshot is None or not snapshot.covers(fields):
                snapshot = Snapshot(fields)
            self._inherited = None
            self._planner = Planner(self.columns, snapshot, PlanSettings(
                options.kind, options.default_role, options.create_missing_tags,
                options.default_status, options.extra_tags, options.invite_incomplete))
        with gc_paused():
            if self._deferred is not None:  # a one-shot dry run: check and plan at once
                # (the records are kept until the database was read: if that fails, the
                # report lists the rows checked, as for any session)
                self._rows = oneshot.plan_records(
                    self._deferred, self.validator, self._planner,
                    send_email=self.options.send_email == "all")
                self._deferred = None
                self.file.records = []
            else:
                self._planner.plan(self.rows)
        self.planned = True
        self._counts = None

    def row(self, number: int) -> Row:
        """The row with this spreadsheet number."""
        for row in self.rows:
            if row.number == number:
                return row
        raise KeyError(f"there is no row {number}")

    def set_cell(self, row: Row, column_index: int, text: str) -> list[Row]:
        """Replace one cell (an inline fix) and check the row again; see :meth:`revalidate`."""
        cells = list(row.cells)
        while len(cells) <= column_index:
            cells.append("")
        before = cells[column_index]
        cells[column_index] = text
        row.cells = cells
        edits.record_fix(row, column_index, before, edits.FIX)
        return self.revalidate(row)

    def fix_needs_database(self, row: Row, column_index: int, text: str) -> bool:
        """Whether :meth:`set_cell` with this text would read the database (a key not read
        yet); when not, the fix is memory only and the UI may apply it at once."""
        planner = self._planner
        if not self.planned or planner is None:
            return False
        cells = list(row.cells)
        while len(cells) <= column_index:
            cells.append("")
        cells[column_index] = text
        probe = Row(row.number, cells)
        self.validator.validate(probe)
        return not planner.snapshot.knows(probe.values)

    def revalidate(self, row: Row) -> list[Row]:
        """Check ``row`` again after its cells changed and plan it again, with the rows that
        share its old or new email, external id or username or its matched user (duplicates
        depend on each other). Returns the rows planned again. With a client seat limit every
        row's action depends on the others, so the whole file is planned again (from memory).
        """
        planner = self._planner
        if not self.planned or planner is None:
            self.validator.validate(row)
            return [row]
        i = self._position(row)
        old_keys, old_user = row_keys(row), planner.match_id(row)
        self.validator.validate(row)

        def forget(positions: list[int]) -> None:
            for j in positions:
                self._count(self.rows[j], -1)

        with gc_paused():
            affected = planner.replan_row(self.rows, i, old_keys, old_user, before=forget)
        changed = [self.rows[j] for j in affected]
        self._recount(changed)
        return changed

    def _recount(self, changed: list[Row]) -> None:
        if self._planner is not None and self._planner.seats_limited:
            self._counts = None  # the seat check may have marked any row: count again
        else:
            for r in changed:
                self._count(r, +1)

    # --- results -----------------------------------------------------------------------

    def _position(self, row: Row) -> int:
        if self._positions is None or len(self._positions) != len(self.rows):
            self._positions = {r.number: i for i, r in enumerate(self.rows)}
        i = self._positions.get(row.number)
        if i is None or self.rows[i] is not row:
            raise KeyError(f"row {row.number} is not a row of this file")
        return i

    @property
    def error_rows(self) -> list[Row]:
        return [r for r in self.rows if r.errors]

    def commit(self, actor: Actor, *, skip_invalid: bool = False,
               hook: Callable[[str], None] | None = None,
               progress: ProgressCallback | None = None) -> CommitResult:
        """Write the included, valid rows in one transaction (plans first if needed).

        ``progress`` receives a :class:`CommitProgress` as initial passwords are hashed
        (stage "hashing", with an ETA) and as rows are written ("writing", then "done"),
        on the calling thread."""
        if self.file_errors:
            raise FileRefused("; ".join(self.file_errors))
        if self.options.dry_run_only:
            raise ValueError("this session was made for a dry run only (dry_run_only): load "
                             "the file again without it to commit")
        if not self.planned:
            self.plan()
        info = BatchInfo(self.file.name, self.file.sha256, self.options.kind,
                         self.options.create_missing_tags)
        with gc_paused():
            self.committed = commit_rows(self.rows, info, actor, skip_invalid=skip_invalid,
                                         hook=hook, progress=progress)
        if self.parked_id is not None and self.committed.batch_id is not None:
            from rostertui.domain.errors import NotFound
            from rostertui.importing import parking

            try:  # a resumed import, now committed, is no longer parked
                parking.drop(self.parked_id, actor, reason="committed")
            except NotFound:
                pass  # a colleague committed or dropped it meanwhile
            self.parked_id = None
        return self.committed


def load_bytes(data: bytes, name: str, options: ImportOptions | None = None) -> ImportSession:
    """Read and check a file's bytes (a CSV file or a workbook); raises :class:`FileRefused`
    for anything else."""
    options = options or ImportOptions()
    with gc_paused():
        if spreadsheet.workbook_kind(data[:4096], name):
            parsed: ParsedFile = spreadsheet.parse(data, name=name, sheet=options.sheet,
                                                   max_rows=options.max_rows)
        else:
            parsed = parse(data, name=name, max_rows=options.max_rows)
        return ImportSession(parsed, options)


def read_file(path: str, options: ImportOptions | None = None) -> ParsedFile:
    """Only read ``path`` (its header and records), to choose options from its header before
    :func:`start` checks the rows. FileRefused or OSError as :func:`load`."""
    options = options or ImportOptions()
    with gc_paused(), open_regular(path, DEFAULT_MAX_BYTES, CHUNK) as stream:
        if spreadsheet.workbook_kind(stream.peek(4096)[:4096], path):
            return spreadsheet.parse(stream.read(), name=path, sheet=options.sheet,
                                     max_rows=options.max_rows)
        return parse_stream(stream, name=path, max_rows=options.max_rows)


def start(parsed: ParsedFile, options: ImportOptions) -> ImportSession:
    """Check the rows of a file read by :func:`read_file`: a new, unplanned session."""
    with gc_paused():
        return ImportSession(parsed, options)


def load(path: str, options: ImportOptions | None = None) -> ImportSession:
    options = options or ImportOptions()
    return start(read_file(path, options), options)
