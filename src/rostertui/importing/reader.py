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

Encodings: a byte order mark decides (UTF-8, UTF-16). Otherwise a file that is valid
UTF-8 is UTF-8; one with no UTF-8 sequence at all but other bytes above 127 is
Windows-1252 (Excel on Windows); one that is UTF-8 except for a few bytes is read as
UTF-8, each byte that is not UTF-8 becomes U+FFFD in its cell (an error of that cell
naming the bytes, :attr:`ParsedFile.bad_bytes`) and a file warning names the rows.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from rostertui.importing.opening import FileRefused, open_regular

__all__ = ["DEFAULT_MAX_ROWS", "DELIMITERS", "DELIMITER_NAMES", "FileRefused", "ParsedFile",
           "decode", "parse", "parse_stream", "read_path", "sniff_delimiter", "sniff_kind"]

DEFAULT_MAX_ROWS = 100_000
DEFAULT_MAX_BYTES = 512 * 1024 * 1024
MAX_LINE = 1024 * 1024  # characters in one line of the file
CHUNK = 1024 * 1024
DELIMITERS = (",", ";", "\t", "|")
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}

# Signatures of files people pick by mistake. Zip covers .xlsx, .ods and .docx.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "zip"),
    (b"PK\x05\x06", "zip"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "xls"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x7fELF", "a program"),
)
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))
# Control characters that do not belong in text (TAB, LF, CR and FF are fine).
_CONTROL_BYTES = re.compile(b"[\x00-\x08\x0b\x0e-\x1f]")
_BAD = re.compile("[\udc80-\udcff]")  # bytes that are not UTF-8, kept by surrogateescape
_GOOD = re.compile("[^\x00-\x7f\udc80-\udcff]")  # characters UTF-8 encoded in several bytes
_SAVE_AS_CSV = ("save it as CSV from Excel (File > Save As > CSV UTF-8) or your spreadsheet "
                "program, and import that file")
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


def sniff_kind(data: bytes, name: str = "") -> str | None:
    """What a non-CSV file looks like, or None when it may be text."""
    for magic, what in _MAGIC:
        if data.startswith(magic) and what is not None:
            if what == "zip":
                lower = name.lower()
                if lower.endswith((".xlsx", ".xlsm")) or b"xl/" in data[:4096]:
                    return "an Excel workbook (.xlsx)"
                if lower.endswith(".ods") or b"opendocument.spreadsheet" in data[:4096]:
                    return "an OpenDocument spreadsheet (.ods)"
                return "a zip archive"
            if what == "xls":
                return "an Excel 97-2003 workbook (.xls)"
            return what
    return None


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


def _refuse_text(name: str, data: bytes) -> None:
    """Refuse an empty file or one that is a known non-CSV format (from its first bytes)."""
    kind = sniff_kind(data, name)
    if kind is not None:
        hint = _SAVE_AS_CSV if "workbook" in kind or "spreadsheet" in kind else \
            "choose a CSV file"
        raise FileRefused(f"{name or 'the file'} is {kind}, not a CSV file; {hint}")


def _empty(name: str) -> FileRefused:
    return FileRefused(f"{name or 'the file'} is empty; it needs a header row and at least one "
                       "row of users")


@dataclass
class _Scan:
    """What the first pass over the bytes found."""

    sha256: str = ""
    encoding: str = "utf-8"
    codec: str = "utf-8"  # what decodes it
    errors: str = "strict"  # surrogateescape when some bytes are not UTF-8
    line_ends: int = 0  # line breaks; rows of users are at most this many
    bad: bool = False  # some bytes are not UTF-8
    good: bool = False  # some characters are UTF-8 sequences of several bytes


def _scan(fh: BinaryIO, name: str) -> _Scan:
    """First pass: hash, refuse binary and empty files, decide the encoding."""
    scan = _Scan()
    digest = hashlib.sha256()
    first = fh.read(CHUNK)
    _refuse_text(name, first)
    bom = next(((b, enc) for b, enc in _BOMS if first.startswith(b)), None)
    if bom is not None:
        scan.codec = scan.encoding = bom[1]
        if bom[1] == "utf-16":
            scan.encoding = "utf-16-le" if bom[0] == codecs.BOM_UTF16_LE else "utf-16-be"
    utf16 = scan.codec == "utf-16"
    decoder = codecs.getincrementaldecoder("utf-8")("surrogateescape")
    chunk, blank, last = first, True, b""
    if bom is not None:
        chunk = chunk[len(bom[0]):]
        digest.update(bom[0])
    while chunk:
        digest.update(chunk)
        # CR, LF and CRLF each end a line (a CRLF cut by the chunk's end counts twice)
        scan.line_ends += chunk.count(b"\n") + chunk.count(b"\r") - chunk.count(b"\r\n")
        if chunk.strip(b" \t\r\n\x00"):
            blank = False
            if not utf16:
                if b"\x00" in chunk:
                    raise _binary(name) if bom is None else FileRefused(
                        f"{name or 'the file'} holds NUL characters; save it again as CSV")
                if not chunk.isascii() and not (scan.bad and scan.good):
                    text = decoder.decode(chunk)
                    scan.bad = scan.bad or _BAD.search(text) is not None
                    scan.good = scan.good or _GOOD.search(text) is not None
        last = chunk[-2:]
        chunk = fh.read(CHUNK)
    if last.endswith((b"\n", b"\r")) and not utf16:
        scan.line_ends -= 1  # the last line's break: the header and the rows share the rest
    if blank:
        raise _empty(name)
    if not utf16 and not (scan.bad and scan.good):
        scan.bad = scan.bad or _BAD.search(decoder.decode(b"", final=True)) is not None
    sample = first[:65536]
    if utf16:
        sample = sample.decode("utf-16", "replace").encode("utf-8", "replace")
    controls = len(_CONTROL_BYTES.findall(sample))
    if controls > 8 and controls * 20 > len(sample):
        raise FileRefused(f"{name or 'the file'} looks like a binary file, not a CSV file (it "
                          "holds control characters); choose a CSV file")
    if scan.bad and bom is None and not scan.good:
        scan.codec = scan.encoding = "cp1252"  # no UTF-8 at all: Excel on Windows
    elif scan.bad and not utf16:
        scan.errors = "surrogateescape"
    scan.sha256 = digest.hexdigest()
    return scan


def _binary(name: str) -> FileRefused:
    return FileRefused(f"{name or 'the file'} is a binary file, not a CSV file (it holds NUL "
                       "bytes); choose a CSV file (UTF-16 text needs its byte order mark: save "
                       "it from Excel as Unicode Text or CSV UTF-8)")


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


def _records(fh: BinaryIO, scan: _Scan, name: str, delimiter: str
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
                       f"into files of at most {max_rows:,} rows, or raise the limit "
                       "(--max-rows)")


def _sniff(fh: BinaryIO, scan: _Scan) -> str:
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
    scan = _scan(fh, name)
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
        if not cell.isascii() and _BAD.search(cell):
            raw = _BAD.findall(cell)
            bad_bytes[(number, i)] = " ".join(f"{ord(c) - 0xDC00:02X}" for c in raw)
            cells[i] = _BAD.sub("\ufffd", cell)


def parse(data: bytes, *, name: str = "", max_rows: int = DEFAULT_MAX_ROWS) -> ParsedFile:
    """Read the file's bytes; raise :class:`FileRefused` for anything that is not a usable CSV."""
    return parse_stream(io.BytesIO(data), name=name, max_rows=max_rows)


def decode(data: bytes, name: str = "") -> tuple[str, str]:
    """The whole text and its encoding, chosen as :func:`parse` chooses (bytes that are not
    UTF-8 in a UTF-8 file become U+FFFD)."""
    scan = _scan(io.BytesIO(data), name)
    errors = "replace" if scan.errors != "strict" else "strict"
    try:
        text = data.decode(scan.codec, errors)
    except UnicodeDecodeError as exc:
        raise FileRefused(f"{name or 'the file'} is neither UTF-8 nor Windows-1252 text (byte "
                          f"{exc.start} is not a character); save it as CSV UTF-8") from None
    return text.removeprefix("\ufeff"), scan.encoding


def read_path(path: str, *, max_rows: int = DEFAULT_MAX_ROWS,
              max_bytes: int = DEFAULT_MAX_BYTES) -> ParsedFile:
    """Read a file from disk: only a regular file (a FIFO, a device such as ``/dev/zero`` or
    a folder is refused before anything is read), at most ``max_bytes``, streamed."""
    with open_regular(path, max_bytes, CHUNK) as stream:
        return parse_stream(stream, name=path, max_rows=max_rows)
