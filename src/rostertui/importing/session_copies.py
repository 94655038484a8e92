"""New sessions made from one on show: other options, an inline fix, a fresh plan.

The Import tab computes the next state in a worker and swaps it in on the UI thread,
so each of these returns a new session and leaves the one it was called on exactly as
it was (rows, counts, the planner's view of the database):
``tests/unit/importing/test_copies.py`` checks them against the in-place methods.
:class:`rostertui.importing.engine.ImportSession` is a :class:`SessionCopies`.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Self

from rostertui.importing import edits
from rostertui.importing.options import ImportOptions, gc_paused
from rostertui.importing.prepare import edited_records


class SessionCopies:
    """The copy-on-write half of an import session (see the module's text)."""

    # what these methods use of the session
    options: ImportOptions
    file: Any
    rows: list[Any]
    _planner: Any

    def with_options(self, options: ImportOptions, *,
                     cell_edits: dict[int, dict[int, tuple[str, str]]] | None = None,
                     reuse_reads: bool = False) -> Self:
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
        session = type(self)(dataclasses.replace(self.file, records=records), options,
                              fixes=fixes)
        for row in session.rows:
            if row.number in flags:
                row.include, row.send_email = flags[row.number]
        if reuse_reads and self._planner is not None and options.kind is self.options.kind:
            # planning again reads only new keys (a copy: this session's stays as it is)
            session._inherited = self._planner.snapshot.copy()
        session.parked_id = self.parked_id
        return session

    def remap(self, mapping: dict[str, str]) -> Self:
        """:meth:`with_options` with other header mappings only."""
        return self.with_options(dataclasses.replace(self.options, mapping=mapping))

    # --- copies (the Import tab works on them in workers) -------------------------------

    def copy(self, *, keep_plan: bool = True) -> Self:
        """A copy whose rows, counts and view of the database can change without touching
        this session: a worker fixes or plans the copy while this one stays on screen, and
        the UI swaps the copy in. ``keep_plan=False`` when the copy is planned afresh."""
        other = object.__new__(type(self))
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

    def with_cells(self, number: int, cells: dict[int, str]) -> tuple[Self, list[int]]:
        """This file with an inline fix of row ``number`` (column index -> text): a copy,
        checked and planned again as :meth:`set_cell` does (it may read the database for a
        new key), and the numbers of the rows planned again. This session is not changed."""
        session = self.copy()
        row = session.row(number)
        changed: dict[int, None] = {}
        for index, text in sorted(cells.items()):
            changed.update(dict.fromkeys(r.number for r in session.set_cell(row, index, text)))
        return session, list(changed)

    def replanned(self) -> Self:
        """A copy planned afresh against the database as it is now (after a commit or an
        undo), keeping fixes and row choices; :meth:`plan` with ``refresh=True``, without
        changing this session."""
        session = self.copy(keep_plan=False)
        session.plan(refresh=True)
        return session
