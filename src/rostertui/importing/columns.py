"""Headers to fields: the alias table, repeatable tag columns and ``attribute:`` columns.

The alias table and how a header is compared with it are in
:mod:`rostertui.importing.aliases`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from rostertui.domain import fields as domain_fields
from rostertui.domain.enums import Kind
from rostertui.importing.aliases import (  # noqa: F401  (the table lives there)
    ALIASES,
    FIELDS,
    describe,
    fallback,
    lookup,
    normalise,
)

REQUIRED_COLUMNS = ("email", "first_name")
REPEATABLE = frozenset({"tags"})
ATTRIBUTE_PREFIXES = ("attribute:", "attributes:")
ATTRIBUTE = "attribute"
# The columns that ``--errors-out`` adds; a fixed file may come back with them.
IGNORED = frozenset({"errors", "sourcerow"})


@dataclass(frozen=True)
class Column:
    index: int  # position in the row, 0-based
    header: str  # exactly as the file wrote it
    field: str  # canonical field name, or "attribute"
    attribute: str | None = None  # the attribute's name for an attribute column

    @property
    def key(self) -> str:
        """The name used in reports: the field, or ``attribute:NAME``."""
        return f"attribute:{self.attribute}" if self.attribute is not None else self.field


@dataclass
class ColumnMap:
    columns: list[Column] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    unknown: list[int] = field(default_factory=list)  # columns ignored as unknown headers

    def of(self, field_name: str) -> list[Column]:
        return [c for c in self.columns if c.field == field_name]

    def header_for(self, key: str) -> str:
        """The header as written for a field (the first, for repeated tag columns), or ""."""
        return next((c.header for c in self.columns if c.key == key), "")

    def has(self, field_name: str) -> bool:
        return any(c.field == field_name for c in self.columns)


def attribute_name(header: str) -> str | None:
    """The attribute a header (or a mapping's target) names, ``attribute:NAME`` or
    ``attributes:NAME`` in any case; None for any other header."""
    stripped = header.strip()
    lowered = stripped.casefold()
    for prefix in ATTRIBUTE_PREFIXES:
        if lowered.startswith(prefix):
            return stripped[len(prefix):].strip()
    return None


def default_target(header: str) -> str:
    """What a header maps to without the admin's mapping: a field, ``attribute:NAME``, or
    "" (ignored)."""
    attribute = attribute_name(header)
    if attribute is not None:
        try:
            return "attribute:" + domain_fields.attribute_name(attribute)
        except ValueError:
            return ""
    spare = fallback(header)
    return lookup(header) or (spare[0] if spare else "")


def map_columns(header: list[str], kind: Kind,
                mapping: Mapping[str, str] | None = None) -> ColumnMap:
    """Map each header cell to a field; unknown columns are warnings, missing keys errors.

    ``mapping`` (normalised header -> field, ``attribute:NAME`` or "" to ignore; see
    :mod:`rostertui.importing.mapping`) overrides the alias table for the headers it names.
    """
    result = ColumnMap()
    seen: dict[str, Column] = {}
    deferred: list[tuple[int, int, str, str, str | None]] = []  # fallback headers
    for index, raw in enumerate(header):
        text = raw.strip()
        chosen = mapping.get(normalise(text)) if mapping and text else None
        if chosen == "":
            result.warnings.append(f"column {raw!r} is ignored, as mapped")
            continue
        if chosen is not None:
            text = chosen  # "email", or "attribute:Colour": mapped like a header saying so
        if not text:
            result.warnings.append(f"column {index + 1} has no header; its cells are ignored")
            continue
        attribute = attribute_name(text)
        if attribute is not None:
            try:
                name = domain_fields.attribute_name(attribute)
            except ValueError as exc:
                result.warnings.append(f"column {raw!r}: the attribute name {exc}; the column "
                                       "is ignored")
                continue
            column = Column(index, raw, ATTRIBUTE, name)
            key = "attribute:" + name.casefold()
        else:
            canonical = lookup(text)
            if canonical is None:
                spare = fallback(text) if chosen is None else None
                if spare is not None:
                    deferred.append((spare[1], index, raw, spare[0], spare[2]))
                    continue
                if normalise(text) not in IGNORED:
                    result.unknown.append(index)
                    result.warnings.append(f"column {raw!r} is not a field rostertui knows; it "
                                           "is ignored")
                continue
            if canonical == "roles" and kind is Kind.CLIENT:
                result.warnings.append(f"column {raw!r}: clients have no roles; it is ignored")
                continue
            column = Column(index, raw, canonical)
            key = canonical
        if key in seen and column.field not in REPEATABLE:
            result.errors.append(f"the columns {seen[key].header!r} and {raw!r} both hold "
                                 f"{column.key}; keep only one of them")
            continue
        seen.setdefault(key, column)
        result.columns.append(column)
    for _, index, raw, field_name, second in sorted(deferred):
        target = field_name if field_name not in seen else second
        if target is None or target in seen:
            result.warnings.append(f"column {raw!r} is ignored: the column "
                                   f"{seen[field_name].header!r} holds {field_name}")
            continue
        if target != field_name:
            result.warnings.append(f"column {raw!r} is read as {target} (the column "
                                   f"{seen[field_name].header!r} holds {field_name})")
        elif field_name == "email":
            result.warnings.append(f"column {raw!r} is read as email (the file has no other "
                                   "email column)")
        seen[target] = column = Column(index, raw, target)
        result.columns.append(column)
    result.columns.sort(key=lambda c: c.index)
    missing = [f for f in REQUIRED_COLUMNS if f not in seen]
    if missing and not result.columns and any("@" in cell for cell in header):
        result.errors.append("the first row looks like data, not a header (it holds an email "
                             "address); add a header row that names the columns, such as "
                             "email,first_name,last_name")
    elif missing:
        names = " and ".join(f"no {describe(f)} column" for f in missing)
        one = len(missing) == 1
        result.errors.append(f"the file has {names}; add {'it' if one else 'them'} to the "
                             f"header row, or map a column to {'it' if one else 'each'} "
                             "(the Import tab's mapping panel, or --map HEADER=FIELD)")
    return result
