"""Header mappings chosen by the admin: "the column Mail holds email", "ignore Notes".

The alias table (:mod:`rostertui.importing.columns`) maps the headers rostertui
knows. A mapping overrides it for one file: it is keyed by the header in its
normalised form (``Mail`` and ``mail`` are the same header) and names a field,
``attribute:NAME`` for a custom attribute, or :data:`IGNORE`. The Import tab
remembers the admin's mappings per operator, so the next file from the same CRM
maps itself; the command line takes them with ``--map HEADER=FIELD``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from rostertui.domain import fields as domain_fields
from rostertui.domain.enums import Kind
from rostertui.importing.columns import (
    FIELDS,
    ColumnMap,
    attribute_name,
    default_target,
    lookup,
    map_columns,
    normalise,
)

IGNORE = ""  # a mapping's target for "leave this column out"
PREF_KEY = "import.header_map"  # the operator preference that remembers mappings
MAX_REMEMBERED = 500  # headers remembered per operator; the oldest go first


def targets(kind: Kind) -> list[str]:
    """The fields a column can be mapped to for this kind of import, in the table's order."""
    return [f for f in FIELDS if not (f == "roles" and kind is Kind.CLIENT)]


def check_target(target: str) -> str:
    """The target in its canonical form; ValueError, saying what is allowed, if it is none."""
    text = target.strip()
    if text == IGNORE or text.casefold() in ("ignore", "-"):
        return IGNORE
    attribute = attribute_name(text)  # attribute:NAME or attributes:NAME, as in a header
    if attribute is not None:
        return "attribute:" + domain_fields.attribute_name(attribute)
    canonical = lookup(text)
    if canonical is None:
        raise ValueError(f"{target!r} is not a field; use one of {', '.join(FIELDS)}, "
                         "attribute:NAME, or ignore")
    return canonical


def clean_mapping(mapping: Mapping[str, str]) -> dict[str, str]:
    """A mapping keyed by normalised header with checked targets (ValueError if one is bad)."""
    out: dict[str, str] = {}
    for header, target in mapping.items():
        key = normalise(header)
        if not key:
            raise ValueError("a mapping needs a header name before the '='")
        out[key] = check_target(target)
    return out


def parse_option(text: str) -> tuple[str, str]:
    """``Mail=email`` (the command line's ``--map``) -> ``("Mail", "email")``."""
    header, sep, target = text.partition("=")
    if not sep or not header.strip() or not target.strip():
        raise ValueError(f"{text!r}: write HEADER=FIELD, such as Mail=email or Notes=ignore")
    return header.strip(), check_target(target)


@dataclass(frozen=True)
class HeaderMapping:
    """One header of the file, as the mapping panel shows it."""

    index: int
    header: str
    target: str | None  # a field, "attribute:NAME", or None when the column is ignored
    chosen: bool  # the admin's mapping decided it (not the alias table)
    sample: str  # the first non-blank cell of the column, to help recognise it

    @property
    def how(self) -> str:
        if self.chosen:
            return "ignored by you" if self.target is None else "mapped by you"
        return "ignored: unknown header" if self.target is None else "recognised"


def describe_headers(header: list[str], kind: Kind, mapping: Mapping[str, str],
                     samples: Iterable[list[str]] = ()) -> tuple[list[HeaderMapping],
                                                                 ColumnMap]:
    """How each header maps under ``mapping`` (normalised keys), plus the resulting map."""
    columns = map_columns(header, kind, mapping)
    by_index = {c.index: c.key for c in columns.columns}
    found = [""] * len(header)
    for cells in samples:
        for i, cell in enumerate(cells[:len(header)]):
            if not found[i] and cell.strip():
                found[i] = cell.strip()
        if all(found):
            break
    rows = [HeaderMapping(i, h, by_index.get(i), normalise(h) in mapping, found[i])
            for i, h in enumerate(header)]
    return rows, columns


def remembered(stored: object, header: list[str]) -> dict[str, str]:
    """The stored mappings (an operator preference) that apply to this header row.

    A stored value of the wrong shape, or a target this version does not know,
    is skipped: a preference never stops a file from loading.
    """
    if not isinstance(stored, dict):
        return {}
    present = {normalise(h) for h in header if h.strip()}
    out: dict[str, str] = {}
    for key, target in stored.items():
        if not isinstance(key, str) or not isinstance(target, str) or key not in present:
            continue
        try:
            out[key] = check_target(target)
        except ValueError:
            continue
    return out


def merged(stored: object, changes: Mapping[str, str]) -> dict[str, str]:
    """The preference after the admin's choices for a file: ``changes`` (header as
    written -> checked target) replace what was stored for those headers, and a header
    mapped back to what rostertui would do anyway is forgotten. At most
    :data:`MAX_REMEMBERED` entries are kept; the oldest go first."""
    kept = {k: v for k, v in stored.items() if isinstance(k, str) and isinstance(v, str)} \
        if isinstance(stored, dict) else {}
    for header, target in changes.items():
        key = normalise(header)
        kept.pop(key, None)
        if default_target(header) != target:
            kept[key] = target
    while len(kept) > MAX_REMEMBERED:
        kept.pop(next(iter(kept)))
    return kept
