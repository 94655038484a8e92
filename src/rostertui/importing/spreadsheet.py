"""Workbooks in: ``.xlsx`` (and ``.xlsm``) and ``.ods``, read with python-calamine.

The first sheet is read unless another is named (``--sheet``, the Import tab's list of
:func:`sheet_names`). Cells become the text a CSV export would hold, so every rule after
this is the CSV one:

* a date cell is its ISO date (``1980-04-23``; a date-time with a time is ISO too);
* a number cell is its digits when it is a whole number (``5551230001``, never
  ``5551230001.0``); a whole number of 16 digits or more has lost digits in the
  spreadsheet already and is written in scientific notation (``1.23457E+18``), which the
  identifier and phone rules refuse, as they refuse it in a CSV file saved by Excel;
* a formula gives its cached value (calamine reads values, not formulas);
* TRUE / FALSE become ``true`` / ``false``.

Legacy ``.xls`` files and password-protected workbooks are refused with what to do.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from dataclasses import dataclass, field

from rostertui.importing.reader import DEFAULT_MAX_ROWS, FileRefused, ParsedFile

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls, and encrypted .xlsx
ZIP = b"PK\x03\x04"
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
_SAVE_AS = ("open it in Excel or LibreOffice and save it again as .xlsx, or save it as CSV "
            "UTF-8, then import that file")
_LOST_DIGITS = 1e15  # beyond this a spreadsheet's number no longer holds every digit


@dataclass
class WorkbookFile(ParsedFile):
    """A sheet of a workbook, read as a CSV file would be: ``encoding`` is the workbook's
    format (``xlsx`` or ``ods``) and ``delimiter`` is ""."""

    sheet: str = ""
    sheets: list[str] = field(default_factory=list)


def workbook_kind(head: bytes, name: str) -> str | None:
    """``"xlsx"``, ``"ods"``, ``"xls"`` (legacy or encrypted) or None for any other file,
    from the file's first bytes and its name."""
    lower = name.lower()
    if head.startswith(OLE2):
        return "xls"
    if head.startswith(ZIP):
        if lower.endswith((".xlsx", ".xlsm")) or b"xl/" in head[:4096]:
            return "xlsx"
        if lower.endswith(".ods") or b"opendocument.spreadsheet" in head[:4096]:
            return "ods"
    return None


def _refuse_ole2(data: bytes, name: str) -> None:
    if _ENCRYPTED in data:
        raise FileRefused(f"{name} is a password-protected workbook; open it in Excel, remove "
                          "the password (File > Info > Protect Workbook > Encrypt with "
                          "Password, and clear it), save it, and import it again")
    raise FileRefused(f"{name} is an Excel 97-2003 workbook (.xls), which rostertui does not "
                      f"read; {_SAVE_AS}")


def _open(data: bytes, name: str):
    from python_calamine import CalamineError, CalamineWorkbook, PasswordError

    try:
        return CalamineWorkbook.from_filelike(io.BytesIO(data))
    except PasswordError:
        raise FileRefused(f"{name} is a password-protected workbook; remove the password "
                          "and import it again") from None
    except (CalamineError, ValueError, OSError) as exc:
        raise FileRefused(f"{name} is not a readable workbook ({exc}); {_SAVE_AS}") from None


def sheet_names(data: bytes, name: str = "the workbook") -> list[str]:
    """The names of the workbook's sheets, in order (FileRefused as :func:`parse`)."""
    if data.startswith(OLE2):
        _refuse_ole2(data, name)
    return list(_open(data, name).sheet_names)


def sheet_sizes(data: bytes, name: str = "the workbook") -> list[tuple[str, int]]:
    """Each sheet's name and how many rows of users it holds (its non-blank rows after the
    header; 0 for an empty sheet or one with only a header), in order (FileRefused as
    :func:`parse`). A sheet that cannot be read counts 0."""
    if data.startswith(OLE2):
        _refuse_ole2(data, name)
    book = _open(data, name)
    out = []
    for sheet in book.sheet_names:
        try:
            rows = book.get_sheet_by_name(sheet).iter_rows()
            filled = sum(1 for raw in rows if any(text(v).strip() for v in raw))
        except Exception:  # the sheet is refused, with its reason, when it is read
            filled = 0
        out.append((sheet, max(filled - 1, 0)))
    return out


def first_filled(sizes: list[tuple[str, int]]) -> str | None:
    """The first sheet that holds rows of users (None when none does)."""
    return next((sheet for sheet, rows in sizes if rows), None)


def text(value: object) -> str:
    """A cell as the text a CSV export would hold."""
    if value is None or value == "":
        return ""
    kind = value.__class__
    if kind is str:
        return value  # type: ignore[return-value]
    if kind is bool:
        return "true" if value else "false"
    if kind is int:
        return str(value)
    if kind is float:
        number: float = value  # type: ignore[assignment]
        if number != number or number in (float("inf"), float("-inf")):
            return str(number)
        if number.is_integer() and abs(number) < _LOST_DIGITS:
            return str(int(number))
        if abs(number) >= _LOST_DIGITS:
            return f"{number:.5E}".replace("E+0", "E+")
        return repr(number)
    if kind is dt.datetime:
        stamp: dt.datetime = value  # type: ignore[assignment]
        if stamp.time() == dt.time(0):
            return stamp.date().isoformat()
        return stamp.isoformat(sep=" ")
    if kind is dt.date:
        return value.isoformat()  # type: ignore[union-attr]
    if kind is dt.time:
        return value.isoformat()  # type: ignore[union-attr]
    return str(value)


def parse(data: bytes, *, name: str = "", sheet: str | None = None,
          max_rows: int = DEFAULT_MAX_ROWS) -> WorkbookFile:
    """Read one sheet of a workbook's bytes like a CSV file: header on its row, records
    numbered as the spreadsheet numbers its rows, blank rows skipped."""
    display = name or "the workbook"
    if data.startswith(OLE2):
        _refuse_ole2(data, display)
    fmt = workbook_kind(data[:4096], name) or "xlsx"
    book = _open(data, display)
    sheets = list(book.sheet_names)
    if not sheets:
        raise FileRefused(f"{display} has no sheets")
    chosen = sheets[0] if sheet is None else next(
        (s for s in sheets if s == sheet), None) or next(
        (s for s in sheets if s.casefold() == sheet.strip().casefold()), None)
    if chosen is None:
        listed = ", ".join(repr(s) for s in sheets)
        raise FileRefused(f"{display} has no sheet {sheet!r}; its sheets are {listed} "
                          "(--sheet NAME)")
    try:
        rows = book.get_sheet_by_name(chosen).to_python(skip_empty_area=False)
    except Exception as exc:  # calamine's errors name the part of the file it could not read
        raise FileRefused(f"{display}: the sheet {chosen!r} cannot be read ({exc}); "
                          f"{_SAVE_AS}") from None
    sha = hashlib.sha256(data).hexdigest()
    header: list[str] | None = None
    header_row = 0
    records: list[tuple[int, list[str]]] = []
    width = 0
    convert = text
    for number, raw in enumerate(rows, start=1):
        cells = [convert(v) for v in raw]
        if not any(c.strip() for c in cells):
            continue
        if header is None:
            width = len(cells)
            while width and not cells[width - 1].strip():
                width -= 1
            header, header_row = cells[:width], number
            continue
        if len(records) >= max_rows:
            raise FileRefused(f"{display} has more than {max_rows:,} rows of users in the "
                              f"sheet {chosen!r}; split it into files of at most "
                              f"{max_rows:,} rows, or raise the limit (--max-rows)")
        if len(cells) > width and not any(c.strip() for c in cells[width:]):
            cells = cells[:width]
        records.append((number, cells))
    if header is None:
        raise FileRefused(f"the sheet {chosen!r} of {display} is empty; it needs a header row "
                          "and at least one row of users"
                          + (f" (its other sheets: {', '.join(repr(s) for s in sheets[1:])})"
                             if len(sheets) > 1 and chosen == sheets[0] else ""))
    return WorkbookFile(name=name, sha256=sha, encoding=fmt, delimiter="", header=header,
                        header_row=header_row, records=records, sheet=chosen, sheets=sheets)
