"""Bytes in, records out: refuse what is not a CSV, pick the encoding and the delimiter.

Row numbers are the ones a spreadsheet shows: the header is on row 1 (when the
file starts with it) and every line a spreadsheet would show as a row counts,
blank ones included. A quoted cell holding line breaks stays one row, so it
does not shift the numbers of the rows after it.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

DEFAULT_MAX_ROWS = 100_000
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
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f]")
_SAVE_AS_CSV = ("save it as CSV from Excel (File > Save As > CSV UTF-8) or your spreadsheet "
                "program, and import that file")


class FileRefused(Exception):
    """The file as a whole cannot be imported; nothing is written. ``str()`` says what to do."""


@dataclass
class ParsedFile:
    name: str
    sha256: str
    encoding: str
    delimiter: str
    header: list[str]
    header_row: int
    records: list[tuple[int, list[str]]] = field(default_factory=list)  # (row number, cells)


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


def decode(data: bytes, name: str = "") -> tuple[str, str]:
    """The text and the encoding used: BOM first, then UTF-8, then Windows-1252."""
    if not data.strip(b" \t\r\n\x00") or data in (codecs.BOM_UTF8, codecs.BOM_UTF16_LE,
                                                    codecs.BOM_UTF16_BE):
        raise FileRefused(f"{name or 'the file'} is empty; it needs a header row and at "
                          "least one row of users")
    kind = sniff_kind(data, name)
    if kind is not None:
        hint = _SAVE_AS_CSV if "workbook" in kind or "spreadsheet" in kind else \
            "choose a CSV file"
        raise FileRefused(f"{name or 'the file'} is {kind}, not a CSV file; {hint}")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise FileRefused(f"{name or 'the file'} starts like {encoding.upper()} text but "
                                  f"is not valid {encoding.upper()} (byte {exc.start}); save it "
                                  "again as CSV UTF-8") from None
            if encoding == "utf-16":
                encoding = "utf-16-le" if bom == codecs.BOM_UTF16_LE else "utf-16-be"
            text = text.removeprefix("\ufeff")
            break
    else:
        if b"\x00" in data:
            raise FileRefused(f"{name or 'the file'} is a binary file, not a CSV file (it "
                              "holds NUL bytes); choose a CSV file (UTF-16 text needs its byte "
                              "order mark: save it from Excel as Unicode Text or CSV UTF-8)")
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            try:
                text, encoding = data.decode("cp1252"), "cp1252"
            except UnicodeDecodeError as exc:
                raise FileRefused(f"{name or 'the file'} is neither UTF-8 nor Windows-1252 text "
                                  f"(byte {exc.start} is not a character); save it as CSV "
                                  "UTF-8") from None
    # A few stray control characters are a row's problem (the cell rules name them); many
    # mean this is not text at all.
    sample = text[:65536]
    controls = len(_CONTROL.findall(sample))
    if controls > 8 and controls * 20 > len(sample):
        raise FileRefused(f"{name or 'the file'} looks like a binary file, not a CSV file (it "
                          "holds control characters); choose a CSV file")
    if "\x00" in text:
        raise FileRefused(f"{name or 'the file'} holds NUL characters; save it again as CSV")
    return text, encoding


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


_LINE = re.compile(r"[^\r\n]*(?:\r\n?|\n)|[^\r\n]+")


# Characters str.splitlines() breaks at besides CR and LF.
_OTHER_BREAKS = re.compile("[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def _lines(text: str) -> Iterable[str]:
    """Lines with their endings (CRLF, LF or CR), as ``open(newline="")`` gives them.

    Not ``io.StringIO``, which would hold a second copy of the text at four
    bytes per character. ``splitlines`` is fastest but also breaks at form feeds
    and the like, which may sit inside a quoted cell; then a generator is used.
    """
    if _OTHER_BREAKS.search(text) is None:
        return text.splitlines(keepends=True)
    return (match.group() for match in _LINE.finditer(text))


def _blank(cells: list[str]) -> bool:
    for cell in cells:
        if cell.strip():
            return False
    return True


def parse(data: bytes, *, name: str = "", max_rows: int = DEFAULT_MAX_ROWS) -> ParsedFile:
    """Read the file's bytes; raise :class:`FileRefused` for anything that is not a usable CSV."""
    text, encoding = decode(data, name)
    delimiter = sniff_delimiter(text)
    sha = hashlib.sha256(data).hexdigest()
    del data
    reader = csv.reader(_lines(text), delimiter=delimiter, strict=False)
    header: list[str] | None = None
    header_row = 0
    records: list[tuple[int, list[str]]] = []
    width = 0
    try:
        for number, cells in enumerate(reader, start=1):
            if not cells or (not cells[0].strip() and _blank(cells)):
                continue
            if header is None:
                header, header_row = cells, number
                width = len(header)
                while width and not header[width - 1].strip():
                    width -= 1
                continue
            if len(records) >= max_rows:
                raise FileRefused(
                    f"{name or 'the file'} has more than {max_rows:,} rows of users; split it "
                    f"into files of at most {max_rows:,} rows, or raise the limit "
                    "(--max-rows)")
            # Cells past the header's last column are extra empty cells; keep the width.
            if len(cells) > width:
                cells = cells[:width] if _blank(cells[width:]) else cells
            records.append((number, cells))
    except csv.Error as exc:
        raise FileRefused(f"{name or 'the file'} is not a readable CSV file: {exc}") from None
    if header is None:
        raise FileRefused(f"{name or 'the file'} has no header row; the first row must name "
                          "the columns (email, first_name, ...)")
    header = header[:width]
    return ParsedFile(name=name, sha256=sha, encoding=encoding, delimiter=delimiter,
                      header=header, header_row=header_row, records=records)


def read_path(path: str, *, max_rows: int = DEFAULT_MAX_ROWS,
              max_bytes: int = 512 * 1024 * 1024) -> ParsedFile:
    """Read a file from disk (refusing directories, unreadable and absurdly large files)."""
    import os

    display = path
    if os.path.isdir(path):
        raise FileRefused(f"{path} is a folder; choose a CSV file")
    try:
        size = os.path.getsize(path)
        if size > max_bytes:
            raise FileRefused(f"{display} is {size // (1024 * 1024)} MB; the limit is "
                              f"{max_bytes // (1024 * 1024)} MB")
        with open(path, "rb") as fh:
            data = [fh.read()]
    except FileNotFoundError:
        raise FileRefused(f"{path} does not exist") from None
    except OSError as exc:
        raise FileRefused(f"cannot read {path}: {exc.strerror or exc}") from None
    return parse(data.pop(), name=display, max_rows=max_rows)  # parse may free the bytes
