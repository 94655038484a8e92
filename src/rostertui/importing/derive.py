"""A new session from a planned one, after a fix of many cells, without checking and planning
every row again.

:meth:`ImportSession.with_options` builds a session from the file's cells: every row is
checked and planned again (about 1.5 s for 100,000 rows). A value mapping, a fill or a find
and replace changes a few columns of some rows; :func:`derive` copies the session, gives
the changed rows (and the rows that share a key with them) new :class:`Row` objects checked
and planned again, and shares every other row with the given session, which is left exactly
as it was (its rows, its counts and its planner's index are not touched). It falls back to
``with_options`` when the fix needs more: a column added, another kind, a client seat limit
(every row's action then depends on the others), or a session not planned yet.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping

from rostertui.importing.prepare import apply_option_edits, fixed_text
from rostertui.importing.replan import row_keys

CellEdits = Mapping[int, Mapping[int, tuple[str, str]]]  # row number -> {index: (text, how)}


def _fast(session, options) -> bool:
    planner = session._planner
    old = session.options
    return (session.planned and planner is not None and not planner.seats_limited
            and not session.file_errors and options.kind is old.kind
            and options.mapping == old.mapping and options.date_format == old.date_format
            and all(k in {c.key for c in session.columns.columns} for k in options.fills)
            and (options.default_status, options.extra_tags, options.default_role,
                 options.create_missing_tags, options.suggest)
            == (old.default_status, old.extra_tags, old.default_role, old.create_missing_tags,
                old.suggest))


def derive(session, options, cell_edits: CellEdits | None = None):
    """``session`` with other value mappings or fills (``options``) and/or ``cell_edits``:
    a new session, planned when ``session`` was; ``session`` itself is not changed."""
    if not _fast(session, options):
        return session.with_options(options, cell_edits=cell_edits, reuse_reads=True)
    new = copy.copy(session)  # the same file, columns and validator; its own rows and plan
    new.options = options
    new.rows = rows = list(session.rows)
    new._planner = planner = session._planner.copy()
    new._counts = dict(session._counts) if session._counts is not None else None
    new._positions = session._positions
    new.file_warnings = list(session.file_warnings)
    changed = _changed_cells(session, options, cell_edits or {})
    copied: set[int] = set()

    def own(positions) -> None:
        for j in positions:
            if j not in copied:
                new._count(rows[j], -1)
                rows[j] = rows[j].copy()
                copied.add(j)

    validate = new.validator.validate
    for i, (cells, fixes) in changed.items():
        row = rows[i]
        old_keys, old_user = row_keys(row), planner.match_id(row)
        own([i])
        row = rows[i]
        row.cells, row.fixes = cells, fixes or None
        validate(row)
        planner.replan_row(rows, i, old_keys, old_user, before=own)
    for j in copied:
        new._count(rows[j], +1)
    return new


def _changed_cells(session, options, cell_edits: CellEdits) -> dict[int, tuple[list, dict]]:
    """Position -> (new cells, new fixes) of every row whose cells change."""
    index_of = {c.key: c.index for c in session.columns.columns}
    plans = [(index_of[k], options.values.get(k), options.fills.get(k))
             for k in set(options.values) | set(options.fills) | set(session.options.values)
             | set(session.options.fills) if k in index_of]
    out: dict[int, tuple[list, dict]] = {}
    # Most rows have no fix and a cell the tables leave as it is: find them by the cell's
    # text, remembered per column (a column holds few distinct values).
    unchanged: list[set[str]] = [set() for _ in plans]
    for i, row in enumerate(session.rows):
        edits_here = cell_edits.get(row.number) if cell_edits else None
        if not plans and not edits_here:
            continue
        cells, fixes = row.cells, row.fixes
        if not edits_here and not fixes:
            n = len(cells)
            same = True
            for (index, table, fill), seen in zip(plans, unchanged, strict=True):
                text = cells[index] if index < n else ""
                if text in seen:
                    continue
                if fixed_text(text, table, fill) is None:
                    seen.add(text)
                else:
                    same = False
                    break
            if same:
                continue
        new_cells, new_fixes = apply_option_edits(cells, fixes or {}, plans, edits_here)
        if new_cells is not cells:
            out[i] = (new_cells, new_fixes)
    return out


