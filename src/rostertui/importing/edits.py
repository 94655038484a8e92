"""Fixes to a whole column: value mappings (``M`` -> ``male``), filling blank cells, find and
replace. Each one rewrites cells, as an inline fix does, and the row remembers what each
fixed cell held (:attr:`Row.fixes`), so the fix shows in the row's changes and survives
a re-check, an option change and an undo.

* **Value mappings** (``ImportOptions.values``: field key -> {value as written: new value};
  ``--value sex:M=male``) and **fills** (``ImportOptions.fills``: field key -> value for the
  blank cells; ``--set birthdate=1980-01-01``) are options: a session applies them to the
  cells as written when it is built, and :meth:`ImportSession.with_options` applies them
  again from the original cells, so one taken away gives the cells back.
* **Find and replace** and **filling chosen rows** are edits of those rows' cells, like an
  inline fix (:meth:`ImportSession.replace`, :meth:`ImportSession.fill`).

Values are matched as written, ignoring surrounding spaces and case (``m`` is ``M``).
The Import tab remembers value mappings per operator and header, as it does header mappings
(preference :data:`PREF_KEY`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from rostertui.importing.aliases import normalise
from rostertui.importing.mapping import check_target

# How a cell was changed: an inline fix, a value mapping, a fill of blanks for every row
# (options, applied again from the file's cells), a fill of chosen rows, a find and replace.
FIX, VALUE, SET, FILL, REPLACE = "fix", "value", "set", "fill", "replace"
FROM_OPTIONS = frozenset({VALUE, SET})
CELL_EDITS = frozenset({FIX, FILL, REPLACE})
PREF_KEY = "import.value_map"  # operator preference: normalised header -> {from: to}
MAX_REMEMBERED = 200  # headers remembered per operator


def value_key(text: str) -> str:
    """How values are matched: without surrounding spaces, in any case."""
    return text.strip().casefold()


def check_field(field: str) -> str:
    """A field key for a value fix: a field or ``attribute:NAME`` (ValueError if not)."""
    key = check_target(field)
    if not key:
        raise ValueError("name the field the values belong to, such as sex or birthdate")
    return key


def clean_values(values: Mapping[str, Mapping[str, str]]) -> dict[str, dict[str, str]]:
    """``{field: {from: to}}`` with checked field keys and matching keys for the values."""
    out: dict[str, dict[str, str]] = {}
    for field, pairs in values.items():
        key = check_field(field)
        table = out.setdefault(key, {})
        for old, new in pairs.items():
            if not value_key(old):
                raise ValueError(f"{field}: a value mapping needs the value to replace before "
                                 "the '='")
            table[value_key(old)] = new.strip()
    return out


def parse_value_option(text: str) -> tuple[str, str, str]:
    """``sex:M=male`` (the command line's ``--value``) -> ``("sex", "M", "male")``."""
    field, sep, rest = text.partition(":")
    if field.strip().casefold() in ("attribute", "attributes"):  # attribute:NAME:FROM=TO
        name, sep2, rest = rest.partition(":")
        if not sep2:
            raise ValueError(f"{text!r}: write attribute:NAME:FROM=TO")
        field = f"attribute:{name}"
    old, eq, new = rest.partition("=")
    if not sep or not eq or not old.strip():
        raise ValueError(f"{text!r}: write FIELD:FROM=TO, such as sex:M=male or sex:U= (a "
                         "blank TO empties the cell)")
    return check_field(field), old.strip(), new.strip()


def parse_set_option(text: str) -> tuple[str, str]:
    """``birthdate=1980-01-01`` (the command line's ``--set``) -> ``("birthdate", ...)``."""
    field, sep, value = text.partition("=")
    if not sep or not field.strip() or not value.strip():
        raise ValueError(f"{text!r}: write FIELD=VALUE, such as birthdate=1900-01-01 or "
                         "sex=female")
    return check_field(field), value.strip()


@dataclass(frozen=True)
class DistinctValue:
    """One value of a column as written, how many rows hold it, and its problem if any."""

    text: str
    count: int
    problem: str = ""  # the error message of one row holding it ("" when valid)


def remembered(stored: object, columns: Iterable[tuple[str, str]]) -> dict[str, dict[str, str]]:
    """The value mappings stored for the headers of this file: ``columns`` are (header as
    written, field key) pairs; the result is keyed by field. A malformed entry is skipped."""
    if not isinstance(stored, dict):
        return {}
    out: dict[str, dict[str, str]] = {}
    for header, key in columns:
        table = stored.get(normalise(header))
        if not isinstance(table, dict):
            continue
        pairs = {value_key(k): v.strip() for k, v in table.items()
                 if isinstance(k, str) and isinstance(v, str) and value_key(k)}
        if pairs:
            out.setdefault(key, {}).update(pairs)
    return out


def merged(stored: object, header: str, pairs: Mapping[str, str]) -> dict:
    """The preference after the admin mapped values of the column ``header``: those pairs
    replace what was stored for them; at most :data:`MAX_REMEMBERED` headers are kept."""
    kept = {k: dict(v) for k, v in stored.items() if isinstance(k, str) and isinstance(v, dict)} \
        if isinstance(stored, dict) else {}
    key = normalise(header)
    table = kept.pop(key, {})
    table.update({value_key(k): v.strip() for k, v in pairs.items()})
    kept[key] = table
    while len(kept) > MAX_REMEMBERED:
        kept.pop(next(iter(kept)))
    return kept


def record_fix(row, index: int, before: str, how: str) -> None:
    """Remember what a cell held before a fix (the first time it is fixed)."""
    fixes = row.fixes
    if fixes is None:
        row.fixes = {index: (before, how)}
    elif index in fixes:
        fixes[index] = (fixes[index][0], how if how != VALUE else fixes[index][1])
    else:
        fixes[index] = (before, how)
