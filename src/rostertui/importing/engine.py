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
from collections.abc import Callable, Sequence

from rostertui.domain.actor import Actor
from rostertui.domain.enums import Kind
from rostertui.importing import edits, spreadsheet
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
from rostertui.importing.plan import Planner, PlanSettings, row_keys
from rostertui.importing.prepare import edited_records, prepare, skip_version_row
from rostertui.importing.reader import (
    CHUNK,
    DEFAULT_MAX_BYTES,
    FileRefused,
    ParsedFile,
    parse,
    parse_stream,
)
from rostertui.importing.rows import ACTIONS, ERROR, NO_CELLS, UNCHANGED, Issue, Row
from rostertui.importing.snapshot import Snapshot
from rostertui.importing.validate import RowValidator


class ImportSession:
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
        self.rows: list[Row] = []
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
        email = options.send_email == "all"
        validate = self.validator.validate
        option_fixes = ready.fixes
        keep_cells = options.keep_cells
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
            self.rows.append(row)
        parsed.records = []

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

    def with_options(self, options: ImportOptions, *,
                     cell_edits: dict[int, dict[int, tuple[str, str]]] | None = None,
                     reuse_reads: bool = False) -> ImportSession:
        """The same file, with the fixes made so far, checked again with other options
        (kind, header mappings, value mappings, fills, date format, default status, role,
        tags to add, missing tags): a new, unplanned session; this one is left as it is.
        The file is not read again, so no fix is lost, and rows keep their include and
        email choices. ``cell_edits`` (row number -> {column index: (new text, how)}) are
        edits of cells made at the same time (see :mod:`rostertui.importing.triage`).
        With ``reuse_reads`` the new session plans from what this one read of the database
        (only new keys are looked up): for a fix, not after the database changed.
        ``options.max_rows`` does not apply (the file was read already); ValueError for a
        mapping the engine refuses."""
        keep = edits.CELL_EDITS
        if self.rows:  # the option edits (value mappings, fills) are made again from the file
            # copies: checking the new rows shares strings in their cells, in place
            records = [(r.number, r.original_cells(keep)) for r in self.rows]
        else:  # the old options refused the file, so its records were never turned to rows
            records = list(self.file.records)
        flags = {r.number: (r.include, r.send_email) for r in self.rows}
        fixes = {r.number: kept for r in self.rows if r.fixes
                 and (kept := {i: f for i, f in r.fixes.items() if f[1] in keep})}
        if cell_edits:
            records = edited_records(self.rows, records, fixes, cell_edits)
        session = ImportSession(dataclasses.replace(self.file, records=records), options,
                                fixes=fixes)
        for row in session.rows:
            if row.number in flags:
                row.include, row.send_email = flags[row.number]
        if reuse_reads and self._planner is not None and options.kind is self.options.kind:
            # planning again reads only new keys (a copy: this session's stays as it is)
            session._inherited = self._planner.snapshot.copy()
        session.parked_id = self.parked_id
        return session

    def remap(self, mapping: dict[str, str]) -> ImportSession:
        """:meth:`with_options` with other header mappings only."""
        return self.with_options(dataclasses.replace(self.options, mapping=mapping))

    # --- copies (the Import tab works on them in workers) -------------------------------

    def copy(self, *, keep_plan: bool = True) -> ImportSession:
        """A copy whose rows, counts and view of the database can change without touching
        this session: a worker fixes or plans the copy while this one stays on screen, and
        the UI swaps the copy in. ``keep_plan=False`` when the copy is planned afresh."""
        other = object.__new__(ImportSession)
        other.__dict__.update(self.__dict__)
        other.file_errors = list(self.file_errors)
        other.file_warnings = list(self.file_warnings)
        other.committed = None
        other._counts = dict(self._counts) if self._counts is not None else None
        other._positions = None
        with gc_paused():  # 100,000 rows and the planner's index of them: no cycles
            other.rows = [r.copy() for r in self.rows]
            if self._planner is not None:
                other._planner = self._planner.copy() if keep_plan else None
        return other

    def with_cells(self, number: int, cells: dict[int, str]) -> tuple[ImportSession, list[int]]:
        """This file with an inline fix of row ``number`` (column index -> text): a copy,
        checked and planned again as :meth:`set_cell` does (it may read the database for a
        new key), and the numbers of the rows planned again. This session is not changed."""
        session = self.copy()
        row = session.row(number)
        changed: dict[int, None] = {}
        for index, text in sorted(cells.items()):
            changed.update(dict.fromkeys(r.number for r in session.set_cell(row, index, text)))
        return session, list(changed)

    def replanned(self) -> ImportSession:
        """A copy planned afresh against the database as it is now (after a commit or an
        undo), keeping fixes and row choices; :meth:`plan` with ``refresh=True``, without
        changing this session."""
        session = self.copy(keep_plan=False)
        session.plan(refresh=True)
        return session

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

    def set_included(self, row: Row, included: bool) -> None:
        """Leave a row out of the commit, or take it back in."""
        if row.include == included:
            return
        planner = self._planner
        if self.planned and planner is not None and planner.seats_limited:
            # the seat count depends on which rows are in: check the seats again
            row.include = included
            keys = row_keys(row)
            with gc_paused():
                changed = planner.replan_row(self.rows, self._position(row), keys,
                                             planner.match_id(row))
            self._recount([self.rows[j] for j in changed])
            return
        self._count(row, -1)
        row.include = included
        self._count(row, +1)

    def set_all_included(self, included: bool = True) -> None:
        """Take every row in (or leave every row out); rows with errors stay out of a commit
        all the same until they are fixed."""
        for r in self.rows:
            r.include = included
        if self.planned and self._planner is not None and self._planner.seats_limited:
            self.plan()
        self._counts = None

    def set_send_email(self, row: Row | None, send: bool) -> None:
        """Tick one row's email box, or every row's when ``row`` is None."""
        if row is None:
            for r in self.rows:
                r.send_email = send
            self._counts = None
            return
        self._count(row, -1)
        row.send_email = send
        self._count(row, +1)

    def add_errors(self, row: Row, issues: Sequence[Issue]) -> None:
        """Refuse ``row`` for reasons of the caller's own (the add grid's rules), after the
        plan: its errors and action change, and the summary counts it so."""
        if not issues:
            return
        self._count(row, -1)
        row.plan_errors = [*row.plan_errors, *issues]
        row.action = ERROR
        self._count(row, +1)

    # --- results -----------------------------------------------------------------------

    def _count(self, row: Row, sign: int) -> None:
        """Take a row's share out of (-1) or back into (+1) the kept summary."""
        counts = self._counts
        if counts is None:
            return
        counts[row.action] += sign
        if row.send_email and row.writes:
            counts["emails"] += sign

    def _position(self, row: Row) -> int:
        if self._positions is None or len(self._positions) != len(self.rows):
            self._positions = {r.number: i for i, r in enumerate(self.rows)}
        i = self._positions.get(row.number)
        if i is None or self.rows[i] is not row:
            raise KeyError(f"row {row.number} is not a row of this file")
        return i

    def summary(self) -> dict[str, int]:
        """Counts of each action (every row) and of the emails a commit would queue. Kept up
        to date by the toggles and fixes, so reading it costs nothing after the first time."""
        if self._counts is None:
            counts = dict.fromkeys(ACTIONS, 0)
            emails = 0
            for row in self.rows:
                counts[row.action] += 1
                if row.send_email and row.writes:
                    emails += 1
            self._counts = {**counts, "emails": emails}
        return {"rows": len(self.rows), **self._counts}

    def outcome(self) -> dict[str, int]:
        """What a commit leaving out the rows with errors would do: rows to create and to
        update, rows unchanged, rows left out because of errors (``error``, the same key as
        in :meth:`summary`), rows left out by the admin (``excluded``), emails to queue."""
        out = dict.fromkeys(("create", "update", "unchanged", "error", "excluded", "emails"), 0)
        for row in self.rows:
            if row.action == ERROR:
                out["error"] += 1
            elif not row.include:
                out["excluded"] += 1
            else:
                out[row.action] += 1
                if row.send_email and row.action != UNCHANGED:
                    out["emails"] += 1
        return out

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
