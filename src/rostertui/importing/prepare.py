"""From a file's header and records to what the validator needs, before any row is checked:

1. the columns (the admin's mapping, the alias table, then confident suggestions from the
   values, each said in a file warning);
2. columns the file lacks but the admin fills in (``--set birthdate=...``), added at the end;
3. value mappings and fills applied to the cells, each fixed cell remembered in the row's
   ``fixes`` (see :mod:`rostertui.importing.edits`);
4. the birthdate column's date order: stated, or proved by the column (a file warning), or
   unknown (its ambiguous dates are errors saying how to state it).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from rostertui.domain.enums import Kind
from rostertui.importing import dates, edits
from rostertui.importing.aliases import normalise
from rostertui.importing.columns import ColumnMap, map_columns
from rostertui.importing.suggest import Suggestion, suggest

Fixes = dict[int, tuple[str, str]]
_ISO = re.compile(r"\s*\d{4}-?\d{2}-?\d{2}\s*")


@dataclass
class Prepared:
    header: list[str]  # the file's header, plus any column added by a fill
    columns: ColumnMap
    suggestions: list[Suggestion] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # said once, as file warnings
    date_format: dates.DateFormat | None = None
    date_note: str = ""  # why the birthdate column has no known order
    fixes: list[Fixes | None] = field(default_factory=list)  # per record, from the options


def skip_version_row(header: list[str], records: list[tuple[int, list[str]]]
                     ) -> tuple[list[str], list[tuple[int, list[str]]], str]:
    """An Entra ID template starts with a row holding only ``version:v1.0``: the header is
    the row after it. Returns the header, the records and a file warning ("" if none)."""
    cells = [c for c in header if c.strip()]
    if len(cells) == 1 and cells[0].strip().casefold().startswith("version:") and records:
        return records[0][1], records[1:], (f"the first row ({cells[0].strip()!r}) names the "
                                            "template's version; the header is the row after it")
    return header, records, ""


def map_header(header: list[str], kind: Kind, mapping: Mapping[str, str], records: list,
               *, suggest_values: bool = True) -> tuple[ColumnMap, list[Suggestion]]:
    """The columns under ``mapping``, with the confident suggestions applied."""
    columns = map_columns(header, kind, mapping)
    if not suggest_values or not columns.unknown:
        return columns, []
    found = suggest(columns, header, [cells for _, cells in records])
    auto = {normalise(s.header): s.target for s in found if s.confident}
    if not auto:
        return columns, found
    columns = map_columns(header, kind, {**mapping, **auto})
    applied = {c.index for c in columns.columns}
    found = [Suggestion(s.index, s.header, s.target, s.confident, s.reason,
                        applied=s.confident and s.index in applied) for s in found]
    columns.warnings.extend(f"{s.message}; map it otherwise with --map or the mapping panel"
                            for s in found if s.applied)
    return columns, found


def prepare(header: list[str], records: list[tuple[int, list[str]]], *, kind: Kind,
            mapping: Mapping[str, str], values: Mapping[str, Mapping[str, str]],
            fills: Mapping[str, str], date_format: str | None,
            suggest_values: bool = True) -> Prepared:
    """Map the header and apply the option edits to ``records`` (their cell lists are
    replaced, never changed in place). The records must hold the cells as the file wrote
    them (see :meth:`Row.original_cells`)."""
    columns, found = map_header(header, kind, mapping, records, suggest_values=suggest_values)
    out = Prepared(list(header), columns, found)
    if columns.errors:
        return out
    held = {c.key for c in columns.columns}
    missing = [key for key in fills if key not in held]
    if missing:
        width = max(len(header), max((len(c) for _, c in records), default=0))
        out.header = list(header) + [""] * (width - len(header)) + missing
        out.columns = columns = map_columns(out.header, kind,
                                            {**mapping, **{normalise(k): k for k in missing}})
        columns.warnings[:] = [w for w in columns.warnings if "has no header" not in w]
        for key in missing:
            out.warnings.append(f"the file has no {key} column; every row gets {fills[key]!r}, "
                                "as set")
    index_of = {c.key: c.index for c in columns.columns}
    plans: list[tuple[int, dict[str, str] | None, str | None]] = []
    for key in set(values) | set(fills):
        if key in index_of:
            plans.append((index_of[key], values.get(key), fills.get(key)))
        elif key in values:
            out.warnings.append(f"--value {key}: the file has no {key} column; nothing mapped")
    if plans:
        out.fixes = []
        for i, (number, cells) in enumerate(records):
            fixes, changed = _apply(cells, plans)
            out.fixes.append(fixes)
            if changed is not None:
                records[i] = (number, changed)
    out.date_format, out.date_note, warning = _dates(columns, records, date_format)
    if warning:
        out.warnings.append(warning)
    return out


def _cell(cells: list[str], index: int) -> str:
    return cells[index] if index < len(cells) else ""


def fixed_text(text: str, table: dict[str, str] | None, fill: str | None) -> str | None:
    """The new text of a cell under a value table and a fill, or None when unchanged."""
    if fill is not None and not text.strip():
        return fill
    if table:
        new = table.get(edits.value_key(text)) if text.strip() else None
        if new is not None and new != text:
            return new
    return None


def apply_option_edits(cells: list[str], fixes: Fixes, plans: list,
                       cell_edits: Mapping[int, tuple[str, str]] | None = None
                       ) -> tuple[list[str], Fixes]:
    """A row's cells under the option edits ``plans`` ((index, value table, fill) per column),
    made again from the text the file wrote (``fixes`` remembers it), then ``cell_edits``
    ({index: (new text, how)}). Returns ``(cells, fixes)``: the very ``cells`` object when
    nothing changes; never changes the given list or dict."""
    new_cells, new_fixes = cells, fixes
    for index, table, fill in plans:
        current = cells[index] if index < len(cells) else ""
        fix = fixes.get(index) if fixes else None
        from_options = fix is not None and fix[1] in edits.FROM_OPTIONS
        base = fix[0] if from_options else current
        made = fixed_text(base, table, fill)
        want = made if made is not None else base
        if want == current and (made is None) == (not from_options):
            continue
        if new_cells is cells:
            new_cells, new_fixes = list(cells), dict(fixes or {})
        new_cells.extend([""] * (index + 1 - len(new_cells)))
        new_cells[index] = want
        if made is not None and (fix is None or from_options):
            new_fixes[index] = (base, edits.SET if fill is not None and not base.strip()
                                else edits.VALUE)
        elif made is None and from_options:
            del new_fixes[index]
    for index, (text, how) in (cell_edits or {}).items():
        current = new_cells[index] if index < len(new_cells) else ""
        if text == current:
            continue
        if new_cells is cells:
            new_cells, new_fixes = list(cells), dict(fixes or {})
        new_cells.extend([""] * (index + 1 - len(new_cells)))
        before = new_fixes[index][0] if index in new_fixes else current
        new_fixes[index] = (before, how)
        new_cells[index] = text
    return new_cells, new_fixes


def _apply(cells: list[str], plans: list) -> tuple[Fixes | None, list[str] | None]:
    """What the option edits change in one record: its fixes and its new cells (or None)."""
    new_cells, fixes = apply_option_edits(cells, {}, plans)
    return (fixes or None, None) if new_cells is cells else (fixes or None, new_cells)


def _dates(columns: ColumnMap, records: list[tuple[int, list[str]]],
           stated: str | None) -> tuple[dates.DateFormat | None, str, str]:
    """The birthdate column's order, why it has none, and the file warning to give."""
    column = next((c for c in columns.columns if c.field == "birthdate"), None)
    if stated:
        return dates.parse_format(stated), "", ""
    if column is None:
        return None, "", ""
    index = column.index
    distinct = {row[index] for _, row in records if index < len(row)}
    if not any(dates.numeric_parts(c) for c in distinct if c and not _ISO.fullmatch(c)):
        return None, "", ""  # nothing to detect: ISO dates, month names or no dates at all
    seen: set[str] = set()

    def cells():
        for number, row in records:
            if index < len(row):
                cell = row[index]
                if cell not in seen:
                    seen.add(cell)
                    yield number, cell

    found = dates.detect(column.header, cells())
    return found.format, found.note, found.warning


def edited_records(rows: list, records: list[tuple[int, list[str]]],
                   fixes: dict[int, Fixes], cell_edits: Mapping) -> list[tuple[int, list[str]]]:
    """``records`` (the rows' cells) with ``cell_edits`` (row number -> {index: (text, how)})
    made, each edited cell remembered in ``fixes`` (row number -> its fixes, changed here)
    with what the file wrote there."""
    by_number = {r.number: r for r in rows}
    out = list(records)
    for at, (number, cells) in enumerate(out):
        changes = cell_edits.get(number)
        if not changes:
            continue
        cells = list(cells)
        row = by_number.get(number)
        row_fixes = dict(fixes.get(number, {}))
        for index, (text, how) in changes.items():
            cells.extend([""] * (index + 1 - len(cells)))
            before = row.fixes.get(index) if row is not None and row.fixes else None
            row_fixes[index] = (before[0] if before else cells[index], how)
            cells[index] = text
        fixes[number] = row_fixes
        out[at] = (number, cells)
    return out
