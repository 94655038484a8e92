"""Cells to values: every cell goes through the rule in :mod:`rostertui.domain.fields`.

Nothing here re-implements a rule about a value. This module only adds what is
about cells: a blank cell is absent (on update it keeps the stored value), a
cell a spreadsheet would run as a formula is refused unless our export escaped
it, and several tag columns merge into one list.

:meth:`RowValidator.validate` works on one row at a time, so the Import tab can
check a row again after the admin fixes a cell.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from rostertui.domain import fields, passwords
from rostertui.domain.csv_safety import FORMULA_START, is_escaped, unescape_cell
from rostertui.domain.words import plural
from rostertui.importing import dates
from rostertui.importing.columns import ATTRIBUTE, Column, ColumnMap
from rostertui.importing.rows import NO_ISSUES, Issue, Row

_CHECK_START = FORMULA_START + "'"
# A number a spreadsheet shows in scientific notation (5.55123E+09): its digits are lost.
_SCIENTIFIC = re.compile(r"\s*[+-]?\d+(?:[.,]\d+)?[eE][+-]?\d{1,3}\s*")
_DIGIT_FIELDS = frozenset({"phone", "external_id", "username", "id"})
_SKIP = object()  # a blank cell: the field is absent


def _user_id(text: str) -> int:
    if not (text.isascii() and text.isdigit()) or int(text) <= 0:
        raise ValueError(f"{text!r} is not a user id (a whole number above 0); leave it blank "
                         "to create a new user")
    if len(text) >= 19 and int(text) > fields.MAX_ID:
        raise ValueError(f"{text!r} is not a user id (none is above {fields.MAX_ID}); leave it "
                         "blank to create a new user")
    return int(text)


def _value(fn: Callable[[str], Any]) -> Callable[[str], Any]:
    def wrapped(text: str) -> Any:
        result = fn(text)
        return result.value if hasattr(result, "value") else result
    return wrapped


def _roles(text: str) -> list[str]:
    return [r.value for r in fields.roles(text)]


def _password(text: str) -> str:
    problems = passwords.policy_problems(text)
    if problems:
        # Never quote the password itself.
        raise ValueError("needs " + ", ".join(problems))
    return text


_ISO_LIKE = re.compile(r"\s*\d{4}-?\d{2}-?\d{2}\s*")


def _birthdate_rule(today: dt.date, fmt: dates.DateFormat | None = None,
                    note: str = "") -> Callable[[str], dt.date]:
    """ISO dates as the domain reads them; other ways of writing a date through
    :mod:`rostertui.importing.dates`, in the column's order (``fmt``) when one is known."""
    def rule(text: str) -> dt.date:
        if _ISO_LIKE.fullmatch(text):
            return fields.birthdate(text, today=today)
        return fields.birthdate(dates.parse(text, fmt, note=note), today=today)
    return rule


# Rules whose results are worth remembering per distinct cell: few distinct values per file.
_MEMO_FIELDS = frozenset({"first_name", "middle_name", "last_name", "birthdate", "sex",
                          "phone_country", "office", "profile_type", "status", "roles", "tags",
                          ATTRIBUTE})


def rules(today: dt.date, date_format: dates.DateFormat | None = None,
          date_note: str = "") -> dict[str, Callable[[str], Any]]:
    """Canonical field -> the domain rule that turns a non-blank cell into its stored form."""
    return {
        "id": _user_id,
        "email": fields.email,
        "first_name": fields.name,
        "middle_name": fields.name,
        "last_name": fields.name,
        "birthdate": _birthdate_rule(today, date_format, date_note),
        "sex": _value(fields.sex),
        "password": _password,
        "tags": fields.tag_names,
        "external_id": fields.external_id,
        "username": fields.username,
        "phone": fields.phone,
        "phone_country": fields.phone_country,
        "office": fields.office,
        "profile_type": _value(fields.profile_type),
        "status": _value(fields.status),
        "roles": _roles,
        ATTRIBUTE: fields.attribute_value,
    }


def formula_problem(cell: str) -> str | None:
    """Why a raw cell is refused as a possible formula, or None."""
    if cell and cell[0] in FORMULA_START and not is_escaped(cell):
        shown = cell if len(cell) <= 40 else cell[:37] + "..."
        first = {"\t": "a TAB", "\r": "a carriage return"}.get(cell[0], repr(cell[0]))
        return (f"{shown!r} begins with {first}, so a spreadsheet may run it as a formula; "
                "remove that first character or correct the cell")
    return None


class RowValidator:
    """Checks the cells of rows laid out as ``columns`` describes."""

    def __init__(self, columns: ColumnMap, *, header_width: int = 0,
                 today: dt.date | None = None,
                 bad_bytes: Mapping[tuple[int, int], str] | None = None,
                 date_format: dates.DateFormat | None = None, date_note: str = ""):
        self.columns = columns
        # (row number, column index) -> the bytes of that cell that were not UTF-8
        self._bad_bytes = bad_bytes or {}
        self._bad_rows = {number for number, _ in self._bad_bytes}
        self.header_width = header_width  # cells past it are extra (a warning if not blank)
        table = rules(today or dt.date.today(), date_format, date_note)
        self._plan: list[tuple[Column, str, Callable[[str], Any], dict | None]] = []
        for column in columns.columns:
            memo: dict | None = {} if column.field in _MEMO_FIELDS else None
            self._plan.append((column, column.key, table[column.field], memo))
        # Each row's values dict is the attribute dict of an instance of a class of this
        # validator's own: CPython lets such dicts share one table of keys (PEP 412) as long
        # as the keys come in the same order, which the columns give them. A real dict all
        # the same (any other use turns it into an ordinary one); 136 bytes instead of 272
        # for 8 fields, which is 130 MB less for a file of 1,000,000 rows.
        self._values_type = type("Values", (), {})
        self._email_index = next((c.index for c in columns.columns if c.field == "email"), None)

    def only(self, keys: Iterable[str]) -> RowValidator:
        """A validator of the same file that checks only the columns of these keys (the one-shot
        dry run reads the file's keys first, then checks every column once)."""
        wanted = frozenset(keys)
        other = copy.copy(self)
        other._plan = [step for step in self._plan if step[1] in wanted]
        return other

    def key_values(self, number: int, cells: list[str]) -> dict[str, Any]:
        """The values :meth:`validate` gives row ``number`` of these cells for the key columns
        (id, email, external id, username) of this validator, without making a row: the
        one-shot dry run's first pass (see :meth:`only`)."""
        out: dict[str, Any] = {}
        n = len(cells)
        bad = self._bad_bytes if number in self._bad_rows else None
        check = self._check
        for column, key, rule, _ in self._plan:
            index = column.index
            if index >= n or not cells[index]:
                continue
            hit = check(column, key, rule, cells[index])
            if hit is _SKIP or hit[1] is not None:
                continue
            if bad and (number, index) in bad and "\ufffd" in cells[index]:
                continue  # held bytes that are not UTF-8: an error, not a value
            out[key] = hit[0]
        return out

    def _check(self, column: Column, key: str, rule: Callable[[str], Any], cell: str) -> Any:
        """``_SKIP`` for a blank cell, else ``(value, None)`` or ``(None, Issue)``."""
        if not cell or cell.isspace():
            return _SKIP
        if cell[0] in _CHECK_START and column.field != "password":
            if is_escaped(cell):
                cell = unescape_cell(cell)
            else:
                problem = formula_problem(cell)
                if problem:
                    return None, Issue(key, column.header, problem)
        if column.field in _DIGIT_FIELDS and (cell[0].isdigit() or cell[0] in "+- ") \
                and ("E" in cell or "e" in cell) and _SCIENTIFIC.fullmatch(cell):
            return None, Issue(key, column.header, (
                f"{cell.strip()!r} is a number in scientific notation, so its digits were lost "
                "in the spreadsheet; format the column as text there and export it again, or "
                "correct the cell"))
        try:
            value = rule(cell)
        except ValueError as exc:
            return None, Issue(key, column.header, str(exc))
        if value is None or value == "" or value == []:
            return _SKIP
        return value, None

    def validate(self, row: Row) -> Row:
        """Fill ``row.values`` and the cell errors and warnings from ``row.cells``."""
        cells = row.cells
        n = len(cells)
        values: dict[str, Any] = self._values_type().__dict__
        errors: list[Issue] | None = None
        row.password = None
        email_index = self._email_index
        row.raw_email = cells[email_index].strip() if email_index is not None \
            and email_index < n else ""
        check = self._check
        for column, key, rule, memo in self._plan:
            index = column.index
            if index >= n:
                continue
            cell = cells[index]
            if memo is not None:
                entry = memo.get(cell)
                if entry is None:
                    entry = memo[cell] = (check(column, key, rule, cell), cell)
                else:
                    # Share one string object per distinct cell: a file of 100,000 rows holds
                    # the same first names, dates and tags over and over.
                    cells[index] = entry[1]
                hit = entry[0]
            elif not cell:
                continue
            else:
                hit = check(column, key, rule, cell)
                if hit is not _SKIP and hit[0].__class__ is str and hit[0] == cell:
                    hit = (cell, None)  # keep one string when the stored form is the cell
            if hit is _SKIP:
                continue
            value, issue = hit
            if issue is not None:
                if errors is None:
                    errors = [issue]
                else:
                    errors.append(issue)
            elif key == "password":
                row.password = value
            elif key == "tags" and "tags" in values:
                values["tags"] = fields.merged_tags(values["tags"], value)  # a second column
            else:
                values[key] = value
        if self._bad_rows and row.number in self._bad_rows:
            errors = self._bytes_errors(row, values, errors or [])
        row.values = values
        row.cell_errors = errors or NO_ISSUES
        width = self.header_width
        if width and n > width and any(c.strip() for c in cells[width:]):
            extra = plural(n - width, "more cell")
            row.cell_warnings = [Issue("", "", f"the row has {extra} than the header has "
                                               "columns; they are ignored")]
        elif row.cell_warnings:
            row.cell_warnings = NO_ISSUES
        return row

    def _bytes_errors(self, row: Row, values: dict[str, Any], errors: list[Issue]
                      ) -> list[Issue]:
        """A cell that held bytes that are not UTF-8 (each shown as U+FFFD) is an error naming
        the bytes, in place of what the field's rule said about the U+FFFD."""
        cells = row.cells
        for column in self.columns.columns:
            raw = self._bad_bytes.get((row.number, column.index))
            if raw is None or column.index >= len(cells) or "\ufffd" not in cells[column.index]:
                continue
            errors = [e for e in errors if e.column != column.header or e.field != column.key]
            values.pop(column.key, None)
            if column.field == "password":
                row.password = None
            shown = "the cell" if column.field == "password" else repr(cells[column.index])
            errors.append(Issue(column.key, column.header,
                                f"{shown} held bytes that are not UTF-8 text (hex {raw}), "
                                "shown as \ufffd; type the cell again, or save the file as CSV "
                                "UTF-8 and import it again"))
        return errors
