"""What a file's bytes are, before any record is cut: not a known binary format, not empty,
its SHA-256, and its encoding.

A byte order mark decides (UTF-8, UTF-16). Otherwise a file that is valid UTF-8 is UTF-8;
one with no UTF-8 sequence at all but other bytes above 127 is Windows-1252 (Excel on
Windows); one that is UTF-8 except for a few bytes is read as UTF-8 with ``surrogateescape``
(:mod:`rostertui.importing.reader` then turns each such byte into U+FFFD and the cell into an
error). One pass over the file in chunks decides it all (:func:`scan`).
"""

from __future__ import annotations

import codecs
import hashlib
import io
import re
from dataclasses import dataclass
from typing import BinaryIO

from rostertui.importing.opening import FileRefused

CHUNK = 1024 * 1024

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
BAD = re.compile("[\udc80-\udcff]")  # bytes that are not UTF-8, kept by surrogateescape
_GOOD = re.compile("[^\x00-\x7f\udc80-\udcff]")  # characters UTF-8 encoded in several bytes
_SAVE_AS_CSV = ("save it as CSV from Excel (File > Save As > CSV UTF-8) or your spreadsheet "
                "program, and import that file")

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
class Scan:
    """What the first pass over the bytes found."""

    sha256: str = ""
    encoding: str = "utf-8"
    codec: str = "utf-8"  # what decodes it
    errors: str = "strict"  # surrogateescape when some bytes are not UTF-8
    line_ends: int = 0  # line breaks; rows of users are at most this many
    bad: bool = False  # some bytes are not UTF-8
    good: bool = False  # some characters are UTF-8 sequences of several bytes


def scan(fh: BinaryIO, name: str) -> Scan:
    """First pass: hash, refuse binary and empty files, decide the encoding."""
    scan = Scan()
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
                    scan.bad = scan.bad or BAD.search(text) is not None
                    scan.good = scan.good or _GOOD.search(text) is not None
        last = chunk[-2:]
        chunk = fh.read(CHUNK)
    if last.endswith((b"\n", b"\r")) and not utf16:
        scan.line_ends -= 1  # the last line's break: the header and the rows share the rest
    if blank:
        raise _empty(name)
    if not utf16 and not (scan.bad and scan.good):
        scan.bad = scan.bad or BAD.search(decoder.decode(b"", final=True)) is not None
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

def decode(data: bytes, name: str = "") -> tuple[str, str]:
    """The whole text and its encoding, chosen as the reader chooses (bytes that are not
    UTF-8 in a UTF-8 file become U+FFFD)."""
    found = scan(io.BytesIO(data), name)
    errors = "replace" if found.errors != "strict" else "strict"
    try:
        text = data.decode(found.codec, errors)
    except UnicodeDecodeError as exc:
        raise FileRefused(f"{name or 'the file'} is neither UTF-8 nor Windows-1252 text (byte "
                          f"{exc.start} is not a character); save it as CSV UTF-8") from None
    return text.removeprefix("\ufeff"), found.encoding
