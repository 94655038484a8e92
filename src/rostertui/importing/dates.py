"""Dates written another way: ``23/04/1980``, ``04/23/1980``, ``23.04.1980``, ``23 Apr 1980``.

ISO dates (``YYYY-MM-DD``, ``YYYYMMDD``) are read as :func:`domain.fields.birthdate`
reads them. A date with a month name, or with the year first, says which part
is which. ``03/04/1980`` does not: it is read only when the admin states the
order (``--date-format DD/MM/YYYY``, the Import tab's choice), or when the column
proves it (:func:`detect`: a first part above 12 somewhere, and no second part
above 12 anywhere, proves day first). An ambiguous date is never guessed: it is
an error that says how to state the format.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

DMY, MDY, YMD = "DMY", "MDY", "YMD"
MONTHS = {name: i for i, names in enumerate(
    (("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
     ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
     ("oct", "october"), ("nov", "november"), ("dec", "december")), start=1)
    for name in names}
_NUMERIC = re.compile(r"(\d{1,4})\s*([/.\-])\s*(\d{1,2})\s*[/.\-]\s*(\d{1,4})\.?")
_NAMED_DAY_FIRST = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?[\s\-/.]+([A-Za-z]{3,9})\.?,?[\s\-/.]+"
                              r"(\d{4})")
_NAMED_MONTH_FIRST = re.compile(r"([A-Za-z]{3,9})\.?[\s\-/.]+(\d{1,2})(?:st|nd|rd|th)?,?"
                                r"[\s\-/.]+(\d{4})")
_TOKEN = re.compile(r"YYYY|YY|MMMM|MMM|MM|M|DD|D", re.IGNORECASE)
# how the command line states another order; the Import tab shows its own key instead
DETECTED_HINT = " (state another format with --date-format if that is wrong)"
HOW_TO_STATE = ("state the date format (--date-format DD/MM/YYYY or MM/DD/YYYY, or the "
                "Import tab's date format choice)")


@dataclass(frozen=True)
class DateFormat:
    """The order of a date's parts, and how to name it to the admin."""

    order: str  # DMY, MDY or YMD
    label: str  # e.g. "DD/MM/YYYY"


def parse_format(text: str) -> DateFormat:
    """``DD/MM/YYYY``, ``MM-DD-YYYY``, ``DD.MM.YYYY``, ``D MMM YYYY``, ``YYYY/MM/DD``... ->
    its order; ValueError, with examples, for anything else."""
    tokens = [t.upper() for t in _TOKEN.findall(text.strip())]
    kinds = "".join("Y" if t.startswith("Y") else "M" if t.startswith("M") else "D"
                    for t in tokens)
    if sorted(kinds) != ["D", "M", "Y"] or "YY" in tokens:
        raise ValueError(f"{text!r} is not a date format rostertui reads; write one such as "
                         "DD/MM/YYYY, MM/DD/YYYY, DD.MM.YYYY, YYYY-MM-DD or D MMM YYYY (a "
                         "four-digit year)")
    order = kinds
    if order not in (DMY, MDY, YMD):
        raise ValueError(f"{text!r}: rostertui reads dates day-month-year, month-day-year or "
                         "year-month-day")
    return DateFormat(order, text.strip().upper())


def _label(order: str, sep: str) -> str:
    parts = {"D": "DD", "M": "MM", "Y": "YYYY"}
    return sep.join(parts[ch] for ch in order)


def _named(text: str) -> dt.date | None:
    for pattern, day_first in ((_NAMED_DAY_FIRST, True), (_NAMED_MONTH_FIRST, False)):
        m = pattern.fullmatch(text)
        if m:
            day, month, year = (m[1], m[2], m[3]) if day_first else (m[2], m[1], m[3])
            number = MONTHS.get(month.casefold())
            if number is None:
                raise ValueError(f"{text!r}: {month!r} is not a month name")
            try:
                return dt.date(int(year), number, int(day))
            except ValueError:
                raise ValueError(f"{text!r} is not a real date") from None
    return None


def numeric_parts(text: str) -> tuple[int, int, int, str] | None:
    """``23/04/1980`` -> (23, 4, 1980, "/"); None when the text is not three numbers."""
    m = _NUMERIC.fullmatch(text.strip())
    if not m:
        return None
    return int(m[1]), int(m[3]), int(m[4]), m[2]


def parse(text: str, fmt: DateFormat | None, *, note: str = "") -> dt.date:
    """A date written other than ISO; ValueError saying what is wrong and what to do.
    ``note`` is added to the message of an ambiguous date (why the column gave no order)."""
    text = text.strip()
    named = _named(text)
    if named is not None:
        return named
    m = _NUMERIC.fullmatch(text)
    if not m:
        raise ValueError(f"{text!r} is not a date; write YYYY-MM-DD"
                         + (f" or {fmt.label}" if fmt else ", or state the date format"))
    a, b, c = m[1], m[3], m[4]
    if len(a) == 4:
        order = YMD
    elif len(c) != 4:
        raise ValueError(f"{text!r} has a two-digit year; write the year with four digits")
    elif fmt is not None and fmt.order != YMD:
        order = fmt.order
    else:
        x, y = int(a), int(b)
        if x <= 12 and y <= 12:
            raise ValueError(f"{text!r} could be day/month or month/day; " + (note or HOW_TO_STATE))
        # a date that proves its own order is still not read on its own: the column gave no
        # order, so the dates around it may be written the other way round
        raise ValueError(f"{text!r}: the order of this column's dates is not known; "
                         + (note or HOW_TO_STATE))
    year, month, day = {YMD: (a, b, c), DMY: (c, b, a), MDY: (c, a, b)}[order]
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        label = fmt.label if fmt is not None and order == fmt.order else _label(order, m[2])
        raise ValueError(f"{text!r} is not a real date in {label}") from None


@dataclass(frozen=True)
class Detection:
    """What a column's cells say about their order."""

    format: DateFormat | None  # the order the column proves, or None
    warning: str = ""  # a file warning naming the format used (when one was found)
    note: str = ""  # why no order was found, for the errors of its ambiguous cells


def detect(header: str, cells: Iterable[tuple[int, str]]) -> Detection:
    """The order a column of ``(row number, cell)`` proves: a first part above 12 (day
    first) or a second part above 12 (month first), and never both."""
    day_first: tuple[int, str] | None = None
    month_first: tuple[int, str] | None = None
    seps: set[str] = set()
    ambiguous = 0
    for number, cell in cells:
        parts = numeric_parts(cell)
        if parts is None or parts[0] > 31 or len(cell.strip()) < 6 or parts[2] < 100:
            continue
        x, y, _, sep = parts
        seps.add(sep)
        if x > 12 >= y:
            day_first = day_first or (number, cell.strip())
        elif y > 12 >= x:
            month_first = month_first or (number, cell.strip())
        else:
            ambiguous += 1
        if day_first and month_first:
            break
    if day_first and month_first:
        return Detection(None, note=(
            f"the column mixes day-first dates (row {day_first[0]}: {day_first[1]!r}) and "
            f"month-first dates (row {month_first[0]}: {month_first[1]!r}); correct them, or "
            + HOW_TO_STATE))
    proof = day_first or month_first
    if proof is None:
        return Detection(None)
    order = DMY if day_first else MDY
    sep = next(iter(seps)) if len(seps) == 1 else "/"
    fmt = DateFormat(order, _label(order, sep))
    part = "first" if order == DMY else "second"
    return Detection(fmt, warning=(
        f"column {header!r} is read as {fmt.label}: row {proof[0]} has {proof[1]!r}, whose "
        f"{part} part is above 12{DETECTED_HINT}"))
