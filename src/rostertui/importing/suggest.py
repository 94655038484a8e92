"""Suggestions for the columns the alias table does not know, from their header and values.

A column whose cells are all email addresses holds the email, whatever its
header says. When the evidence is strong (:attr:`Suggestion.confident`: every
sampled cell fits, at least :data:`CONFIDENT_MIN` of them, no other column
already holds the field, and no other unknown column fits as well) the engine
applies it and says so in a file warning; a weaker one is only offered, ranked,
for the Import tab's mapping panel (``ImportSession.suggestions``). Nothing is
mapped silently.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rostertui.domain import fields
from rostertui.importing import dates
from rostertui.importing.aliases import normalise
from rostertui.importing.columns import ColumnMap

SAMPLE = 200  # non-blank cells looked at per column
CONFIDENT_MIN = 5  # a confident match needs at least this many cells that all fit

# Words in a header that hint at a field: a weak suggestion on their own.
_HINTS: tuple[tuple[str, str], ...] = (
    ("email", "email"), ("mail", "email"), ("birth", "birthdate"), ("dob", "birthdate"),
    ("gender", "sex"), ("sex", "sex"), ("mobile", "phone"), ("phone", "phone"),
    ("cell", "phone"), ("tel", "phone"), ("surname", "last_name"), ("family", "last_name"),
    ("last", "last_name"), ("given", "first_name"), ("first", "first_name"),
    ("fore", "first_name"), ("middle", "middle_name"), ("tag", "tags"), ("group", "tags"),
    ("login", "username"), ("user", "username"), ("office", "office"), ("status", "status"),
    ("employee", "external_id"), ("number", "external_id"), ("ident", "external_id"),
    ("id", "external_id"),
)


@dataclass(frozen=True)
class Suggestion:
    """``column`` (its index and header) probably holds ``target``; ``reason`` says why."""

    index: int
    header: str
    target: str
    confident: bool
    reason: str
    applied: bool = False  # the engine mapped it (a confident one, not overridden)

    @property
    def message(self) -> str:
        return f"{self.header!r} mapped to {self.target} by its values ({self.reason})"


def _is_email(text: str) -> bool:
    if "@" not in text:
        return False
    try:
        fields.email(text)
    except ValueError:
        return False
    return True


def _is_phone(text: str) -> bool:
    try:
        return fields.phone(text) is not None
    except ValueError:
        return False


def _is_date(text: str) -> bool:
    try:
        fields.birthdate(text, today=None)
        return True
    except ValueError:
        pass
    try:
        dates.parse(text, dates.DateFormat(dates.DMY, "DD/MM/YYYY"))
        return True
    except ValueError:
        return False


def _is_sex(text: str) -> bool:
    try:
        fields.sex(text)
        return True
    except ValueError:
        return False


_BY_VALUES = (("email", _is_email, "email addresses"), ("birthdate", _is_date, "dates"),
              ("phone", _is_phone, "10-digit phone numbers"), ("sex", _is_sex, "sexes"))


def _sample(records: Sequence[list[str]], index: int) -> list[str]:
    out: list[str] = []
    for cells in records:
        if index < len(cells):
            cell = cells[index].strip()
            if cell:
                out.append(cell)
                if len(out) >= SAMPLE:
                    break
    return out


def suggest(columns: ColumnMap, header: Sequence[str], records: Sequence[list[str]],
            taken: set[str] | None = None) -> list[Suggestion]:
    """Ranked suggestions for the unknown columns: confident ones first, then by evidence.
    ``records`` are the rows' cells (a few hundred are read per column)."""
    held = {c.field for c in columns.columns} | (taken or set())
    found: list[tuple[int, Suggestion]] = []
    for index in columns.unknown:
        name = header[index]
        cells = _sample(records, index)
        by_values = None
        if cells:
            for target, check, what in _BY_VALUES:
                if target not in held and all(check(c) for c in cells):
                    by_values = Suggestion(index, name, target, len(cells) >= CONFIDENT_MIN,
                                           f"all {len(cells)} cells looked at are {what}")
                    break
        if by_values is not None:
            found.append((0 if by_values.target == "email" else 1, by_values))
            continue
        key = normalise(name)
        for word, target in _HINTS:
            if word in key and target not in held:
                found.append((2, Suggestion(index, name, target, False,
                                            f"the header mentions {word!r}")))
                break
    # a target that several columns fit equally is not confident for any of them
    strong: dict[str, int] = {}
    for _, s in found:
        if s.confident:
            strong[s.target] = strong.get(s.target, 0) + 1
    out = []
    for rank, s in found:
        confident = s.confident and strong.get(s.target) == 1 and s.target == "email"
        out.append((0 if confident else rank + 1, Suggestion(
            s.index, s.header, s.target, confident, s.reason)))
    out.sort(key=lambda pair: (pair[0], pair[1].index))
    return [s for _, s in out]
