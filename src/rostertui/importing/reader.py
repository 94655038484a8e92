"""Bytes in, records out: refuse what is not a CSV, pick the encoding and the delimiter.

Row numbers are the ones a spreadsheet shows: the header is on row 1 (when the
file starts with it) and every line a spreadsheet would show as a row counts,
blank ones included. A quoted cell holding line breaks stays one row, so it
does not shift the numbers of the rows after it.

A file is read as a stream, twice, never whole: a first pass over its bytes (in
chunks of 1 MiB) takes its SHA-256, refuses binary files and decides the encoding;
when the file has more line breaks than the row limit allows, a second pass counts
its rows without keeping them; the last pass cuts the records, one line of at most
:data:`MAX_LINE` characters at a time. Only regular files are read: a FIFO, a
device (``/dev/zero``) or a folder is refused before a byte is read.

Encodings are decided by :mod:`rostertui.importing.bytescan`; a file that is UTF-8 except
for a few bytes is read as UTF-8, each byte that is not UTF-8 becomes U+FFFD in its cell (an
error of that cell naming the bytes, :attr:`ParsedFile.bad_bytes`) and a file warning names
the rows.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from rostertui.importing import bytescan
from rostertui.importing.bytescan import BAD, CHUNK, Scan
from rostertui.importing.opening import FileRefused, open_regular

__all__ = ["DEFAULT_MAX_ROWS", "DELIMITERS", "DELIMITER_NAMES", "FileRefused", "ParsedFile",
           "parse", "parse_stream", "read_path", "sniff_delimiter"]

DEFAULT_MAX_ROWS = 100_000
DEFAULT_MAX_BYTES = 512 * 1024 * 1024
MAX_LINE = 1024 * 1024  # characters in one line of the file
DELIMITERS = (",", ";", "\t", "|")
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}

# Interning: a column keeps one string object per distinct cell until it has this many
# (first names, dates, countries repeat; emails do not, and stop being interned).
_INTERN_LIMIT = 50_000


@dataclass
class ParsedFile:
    name: str
    sha256: str
    encoding: str
    delimiter: str
    header: list[str]
    header_row: int
    records: list[tuple[int, list[str]]] = field(default_factory=list)  # (row number, cells)
    warnings: list[str] = field(default_factory=list)  # about the file as a whole
    # (row number, column index) -> the bytes that were not UTF-8 in that cell ("E9", ...)
    bad_bytes: dict[tuple[int, int], str] = field(default_factory=dict)


def _first_line(text: str) -> str:
    """The first non-blank logical line (quoted line breaks kept inside it)."""
    in_quotes = False
    start = 0
    for i, ch in enumerate(text):
        if ch == '"':
            in_quotes = not in_quotes
        elif ch in "\r\n" and not in_quotes:
            line = text[start:i]
            if line.strip(" \t,;|"):
                return line
            start = i + 1
        if i > 1_000_000:
            break
    return text[start:]


def sniff_delimiter(text: str) -> str:
    """The candidate delimiter found most often, outside quotes, in the header line."""
    line = _first_line(text)
    outside = re.sub(r'"[^"]*"', "", line)
    counts = {d: outside.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: (counts[d], -DELIMITERS.index(d)))
    return best if counts[best] else ","


class _Lines:
    """The file's lines (with their endings, CR, LF or CRLF only), each at most MAX_LINE
    characters; :attr:`current` holds the lines read since the caller last emptied it."""

    def __init__(self, text: io.TextIOWrapper, name: str):
        self.text, self.name = text, name
        self.current: list[str] = []
        self.count = 0

    def __iter__(self) -> Iterator[str]:
        readline, limit = self.text.readline, MAX_LINE
        while True:
            line = readline(limit)
            if not line:
                return
            self.count += 1
            if len(line) >= limit and line[-1] not in "\r\n":
                raise FileRefused(f"{self.name or 'the file'}: line {self.count} is longer than "
                                  f"{limit:,} characters; this is not a CSV file of users")
            if "\x00" in line:
                raise FileRefused(f"{self.name or 'the file'} holds NUL characters; save it "
                                  "again as CSV")
            self.current.append(line)
            yield line


def _unterminated(lines: list[str], delimiter: str) -> bool:
    """Whether these lines (one record) end inside a quoted cell."""
    try:
        for _ in csv.reader(lines, delimiter=delimiter, strict=True):
            pass
    except csv.Error as exc:
        return "unexpected end of data" in str(exc)
    return False


def _records(fh: BinaryIO, scan: Scan, name: str, delimiter: str
             ) -> Iterator[tuple[int, list[str]]]:
    """Every record with its row number (blank ones too, as []), from the start of ``fh``.

    The csv module reads no line ahead of the record it returns, so the lines read for
    a record are known; those of the last one tell whether it ends inside a quote."""
    fh.seek(0)
    text = io.TextIOWrapper(fh, encoding=scan.codec, errors=scan.errors, newline="")
    lines = _Lines(text, name)
    reader = csv.reader(lines, delimiter=delimiter, strict=False)
    number, last = 0, []
    try:
        for number, cells in enumerate(reader, start=1):  # noqa: B007 - used after the loop
            if number == 1 and cells and cells[0].startswith("\ufeff"):
                cells[0] = cells[0][1:]
            last, lines.current = lines.current, []
            yield number, cells
    except csv.Error as exc:
        raise FileRefused(f"{name or 'the file'} is not a readable CSV file (row {number + 1}): "
                          f"{exc}") from None
    except UnicodeDecodeError:
        what = "UTF-8 nor Windows-1252" if scan.codec == "cp1252" else \
            f"valid {scan.encoding.upper()}"
        raise FileRefused(f"{name or 'the file'} is {'neither ' if '-1252' in what else 'not '}"
                          f"{what} text (around row {number + 1}); save it as CSV UTF-8") \
            from None
    finally:
        text.detach()
    if last and _unterminated(last, delimiter):
        raise FileRefused(f"{name or 'the file'}: row {number} opens a quote (\") that is "
                          "never closed, so the rest of the file would be one cell; close the "
                          "quote or remove it, then import again")


def _blank(cells: list[str]) -> bool:
    for cell in cells:
        if cell.strip():
            return False
    return True


def _too_many(name: str, max_rows: int) -> FileRefused:
    return FileRefused(f"{name or 'the file'} has more than {max_rows:,} rows of users; split it "
                       f"into files of at most {max_rows:,} rows, or raise the limit")


def _sniff(fh: BinaryIO, scan: Scan) -> str:
    fh.seek(0)
    text = io.TextIOWrapper(fh, encoding=scan.codec, errors="replace", newline="")
    try:
        return sniff_delimiter(text.read(MAX_LINE).removeprefix("\ufeff"))
    finally:
        text.detach()


def parse_stream(fh: BinaryIO, *, name: str = "", max_rows: int = DEFAULT_MAX_ROWS
                 ) -> ParsedFile:
    """Read a seekable binary stream; raise :class:`FileRefused` for anything that is not a
    usable CSV. Memory: the records kept, plus one chunk and one line."""
    scan = bytescan.scan(fh, name)
    delimiter = _sniff(fh, scan)
    if scan.line_ends > max_rows:  # perhaps too many rows: count them first, keep none
        seen = -1  # the header is not a row of users
        for _, cells in _records(fh, scan, name, delimiter):
            if cells and (cells[0].strip() or not _blank(cells)):
                seen += 1
                if seen > max_rows:
                    raise _too_many(name, max_rows)
    header: list[str] | None = None
    header_row = 0
    records: list[tuple[int, list[str]]] = []
    width = 0
    memos: list[dict[str, str]] = []
    interned: list[tuple[int, Callable[[str, str], str]]] = []
    bad_bytes: dict[tuple[int, int], str] = {}
    check_bytes = scan.errors == "surrogateescape"
    for number, cells in _records(fh, scan, name, delimiter):
        if check_bytes:
            _mark_bad_bytes(number, cells, bad_bytes)
        if not cells or (not cells[0].strip() and _blank(cells)):
            continue
        if header is None:
            header, header_row = cells, number
            width = len(header)
            while width and not header[width - 1].strip():
                width -= 1
            memos = [{} for _ in range(width)]
            interned = [(i, memo.setdefault) for i, memo in enumerate(memos)]
            continue
        if len(records) >= max_rows:
            raise _too_many(name, max_rows)
        # Cells past the header's last column are extra empty cells; keep the width.
        n = len(cells)
        if n > width:
            cells = cells[:width] if _blank(cells[width:]) else cells
        # One string object per distinct cell of a column while few are distinct.
        for i, keep in interned:
            if i < n:
                cell = cells[i]
                cells[i] = keep(cell, cell)
        if not len(records) & 4095 and interned:
            interned = [(i, keep) for i, keep in interned if len(memos[i]) <= _INTERN_LIMIT]
            for memo in memos:
                if len(memo) > _INTERN_LIMIT:
                    memo.clear()  # mostly distinct values (emails, ids): not worth it
        records.append((number, cells))
    if header is None:
        raise FileRefused(f"{name or 'the file'} has no header row; the first row must name "
                          "the columns (email, first_name, ...)")
    header = header[:width]
    warnings = []
    if bad_bytes:
        rows = sorted({r for r, _ in bad_bytes})
        shown = ", ".join(str(r) for r in rows[:10]) + (f" and {len(rows) - 10} more"
                                                          if len(rows) > 10 else "")
        many = len(rows) > 1
        warnings.append(f"the file is UTF-8, but {'rows' if many else 'row'} {shown} "
                        f"{'hold' if many else 'holds'} bytes that are not (Windows-1252 text "
                        "pasted in?); those cells show each as \ufffd and are errors until "
                        "corrected; or save the whole file as CSV UTF-8")
    return ParsedFile(name=name, sha256=scan.sha256, encoding=scan.encoding,
                      delimiter=delimiter, header=header, header_row=header_row,
                      records=records, warnings=warnings, bad_bytes=bad_bytes)


def _mark_bad_bytes(number: int, cells: list[str], bad_bytes: dict) -> None:
    """Cells holding bytes that are not UTF-8: note the bytes, show each as U+FFFD."""
    for i, cell in enumerate(cells):
        if not cell.isascii() and BAD.search(cell):
            raw = BAD.findall(cell)
            bad_bytes[(number, i)] = " ".join(f"{ord(c) - 0xDC00:02X}" for c in raw)
            cells[i] = BAD.sub("\ufffd", cell)


def parse(data: bytes, *, name: str = "", max_rows: int = DEFAULT_MAX_ROWS) -> ParsedFile:
    """Read the file's bytes; raise :class:`FileRefused` for anything that is not a usable CSV."""
    return parse_stream(io.BytesIO(data), name=name, max_rows=max_rows)


def read_path(path: str, *, max_rows: int = DEFAULT_MAX_ROWS,
              max_bytes: int = DEFAULT_MAX_BYTES) -> ParsedFile:
    """Read a file from disk: only a regular file (a FIFO, a device such as ``/dev/zero`` or
    a folder is refused before anything is read), at most ``max_bytes``, streamed."""
    with open_regular(path, max_bytes, CHUNK) as stream:
        return parse_stream(stream, name=path, max_rows=max_rows)
