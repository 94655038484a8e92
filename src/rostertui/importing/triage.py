"""Fixing a column at once, for the Import tab and the command line alike.

Every function here takes a session and returns a **new** session (unplanned, or planned
when the given one was: planning again reads only keys the database was not asked about
yet); the given session is left exactly as it is, so the tab can compute the new state in
a worker and swap it in. Each fix is an edit of cells like an inline fix: it shows in the
row's ``fixes`` (what the cell held, and how it was changed), and it survives a re-check, an
option change and an undo (see :mod:`rostertui.importing.edits`).

    values = distinct_values(session, "sex")          # [DistinctValue("U", 3, "...")]
    session = map_values(session, "sex", {"U": ""})   # every "U" emptied
    session = fill(session, "birthdate", "1900-01-01")  # blank cells of every row
    session = replace_text(session, "phone", "+1 ", "", rows=[4, 9])
    session = with_date_format(session, "DD/MM/YYYY")
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable, Mapping

from rostertui.importing import edits
from rostertui.importing.derive import derive
from rostertui.importing.edits import DistinctValue
from rostertui.importing.engine import ImportSession, gc_paused


def column_index(session: ImportSession, key: str) -> int | None:
    """The position of the column holding ``key`` (a field or ``attribute:NAME``), or None."""
    key = edits.check_field(key)
    for column in session.columns.columns:
        if column.key.casefold() == key.casefold():
            return column.index
    return None


def distinct_values(session: ImportSession, key: str, *, invalid_only: bool = True,
                    rows: Iterable[int] | None = None) -> list[DistinctValue]:
    """The values of a column as written (surrounding spaces aside), most frequent first,
    each with the number of rows holding it and, for an invalid one, its error. With
    ``invalid_only`` only the values some row refuses; ``rows`` (row numbers) narrows it to
    the rows shown."""
    index = column_index(session, key)
    if index is None:
        return []
    key = edits.check_field(key)
    wanted = set(rows) if rows is not None else None
    counts: Counter[str] = Counter()
    problems: dict[str, str] = {}
    for row in session.rows:
        if wanted is not None and row.number not in wanted:
            continue
        cells = row.cells
        text = cells[index].strip() if index < len(cells) else ""
        if not text:
            continue
        if text not in problems:
            problems[text] = next((e.message for e in row.cell_errors
                                   if e.field.casefold() == key.casefold()), "")
        counts[text] += 1
    out = [DistinctValue(text, n, problems[text]) for text, n in counts.most_common()]
    return [v for v in out if v.problem] if invalid_only else out


def _again(session: ImportSession, new: ImportSession) -> ImportSession:
    if session.planned and not new.planned:
        new.plan()
    return new


def map_values(session: ImportSession, key: str, pairs: Mapping[str, str]) -> ImportSession:
    """Replace, in every row, a value of the column ``key`` by another (``{"M": "male"}``;
    a blank new value empties the cell). Matched without regard to case or surrounding
    spaces. The mapping joins ``session.options.values``, so it is applied again after any
    option change; mapping a value to itself takes the mapping away."""
    key = edits.check_field(key)
    values = {k: dict(v) for k, v in session.options.values.items()}
    table = values.setdefault(key, {})
    for old, new in pairs.items():
        if edits.value_key(old) == edits.value_key(new):
            table.pop(edits.value_key(old), None)
        else:
            table[edits.value_key(old)] = new.strip()
    if not table:
        values.pop(key)
    options = dataclasses.replace(session.options, values=values)
    with gc_paused():
        return _again(session, derive(session, options))


def fill(session: ImportSession, key: str, value: str,
         rows: Iterable[int] | None = None) -> ImportSession:
    """Give the blank cells of the column ``key`` this value: in every row (``rows`` None;
    the fill joins ``session.options.fills``, and a column the file lacks is added), or in
    the rows with these numbers (an edit of their cells, like an inline fix)."""
    key = edits.check_field(key)
    if rows is None:
        fills = dict(session.options.fills)
        if value.strip():
            fills[key] = value.strip()
        else:
            fills.pop(key, None)
        options = dataclasses.replace(session.options, fills=fills)
        with gc_paused():
            return _again(session, derive(session, options))
    index = column_index(session, key)
    if index is None:
        raise ValueError(f"the file has no {key} column; fill it for every row instead")
    wanted = set(rows)
    changes = {}
    for row in session.rows:
        if row.number in wanted:
            cell = row.cells[index] if index < len(row.cells) else ""
            if not cell.strip():
                changes[row.number] = {index: (value.strip(), edits.FILL)}
    return _edit(session, changes)


def replace_text(session: ImportSession, key: str, find: str, replacement: str,
                 rows: Iterable[int] | None = None, *, whole: bool = False) -> ImportSession:
    """Find and replace within the column ``key`` (every row, or the rows with these
    numbers): each occurrence of ``find`` in a cell, or with ``whole`` only cells that are
    ``find`` (without regard to case or surrounding spaces)."""
    if not find:
        raise ValueError("give the text to find")
    index = column_index(session, key)
    if index is None:
        raise ValueError(f"the file has no {edits.check_field(key)} column")
    wanted = set(rows) if rows is not None else None
    target = edits.value_key(find)
    changes = {}
    for row in session.rows:
        if wanted is not None and row.number not in wanted:
            continue
        cell = row.cells[index] if index < len(row.cells) else ""
        if whole:
            new = replacement if edits.value_key(cell) == target else cell
        else:
            new = cell.replace(find, replacement)
        if new != cell:
            changes[row.number] = {index: (new, edits.REPLACE)}
    return _edit(session, changes)


def with_date_format(session: ImportSession, date_format: str | None) -> ImportSession:
    """Read the birthdate column in this order (``DD/MM/YYYY``...), or as the column
    proves it (None)."""
    options = dataclasses.replace(session.options, date_format=date_format)
    with gc_paused():
        return _again(session, session.with_options(options, reuse_reads=True))


def _edit(session: ImportSession, changes: dict) -> ImportSession:
    with gc_paused():
        return _again(session, derive(session, session.options, changes))
