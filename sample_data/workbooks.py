"""A small writer of .xlsx and .ods workbooks, for the samples, the tests and the benchmark.

It writes what spreadsheets write (shared strings aside): text, numbers, booleans, dates
(as date-formatted numbers in .xlsx, date cells in .ods) and formulas with their cached
value, so the reader is tested on real workbook structure without a writer dependency.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

Sheets = dict[str, list[list[object]]]


@dataclass(frozen=True)
class Formula:
    """A formula cell and the value the spreadsheet cached for it."""

    text: str
    cached: object


def _col(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def _xlsx_cell(ref: str, value: object) -> str:
    if isinstance(value, Formula):
        inner = _xlsx_cell(ref, value.cached)
        kind = ' t="str"' if isinstance(value.cached, str) else ""
        cached = escape(str(value.cached))
        return f'<c r="{ref}"{kind}><f>{escape(value.text)}</f><v>{cached}</v></c>' \
            if inner else ""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, dt.date):
        serial = (value - dt.date(1899, 12, 30)).days
        return f'<c r="{ref}" s="1"><v>{serial}</v></c>'
    if isinstance(value, (int, float)):
        return f'<c r="{ref}"><v>{value!r}</v></c>'
    text = escape(str(value)).replace("\n", "&#10;").replace("\r", "&#13;")
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'


def _entry(name: str, compress: int = zipfile.ZIP_DEFLATED) -> zipfile.ZipInfo:
    """A zip entry with a fixed date, so that the same sheets give the same bytes."""
    info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
    info.compress_type = compress
    return info


def write_xlsx(path: Path, sheets: Sheets) -> None:
    names = list(sheets)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(_entry("[Content_Types].xml"), (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats'
            '.org/package/2006/content-types"><Default Extension="rels" ContentType="applicatio'
            'n/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
            'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType='
            '"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.styles+xml"/>' + "".join(
                f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/vn'
                'd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                for i in range(1, len(names) + 1)) + "</Types>"))
        z.writestr(_entry("_rels/.rels"), (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxml'
            'formats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schem'
            'as.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl'
            '/workbook.xml"/></Relationships>'))
        z.writestr(_entry("xl/workbook.xml"), (
            '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlforma'
            'ts.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeD'
            'ocument/2006/relationships"><sheets>' + "".join(
                f'<sheet name="{escape(n)}" sheetId="{i}" r:id="rId{i}"/>'
                for i, n in enumerate(names, start=1)) + "</sheets></workbook>"))
        z.writestr(_entry("xl/_rels/workbook.xml.rels"), (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxml'
            'formats.org/package/2006/relationships">' + "".join(
                f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocum'
                f'ent/2006/relationships/worksheet" Target="worksheets/sheet{i}.xml"/>'
                for i in range(1, len(names) + 1)) + (
                f'<Relationship Id="rId{len(names) + 1}" Type="http://schemas.openxmlformats.o'
                'rg/officeDocument/2006/relationships/styles" Target="styles.xml"/>')
            + "</Relationships>"))
        z.writestr(_entry("xl/styles.xml"), (
            '<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlfo'
            'rmats.org/spreadsheetml/2006/main"><fonts count="1"><font/></fonts><fills count="1'
            '"><fill/></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf'
            '/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumbe'
            'rFormat="1"/></cellXfs></styleSheet>'))
        for i, name in enumerate(names, start=1):
            rows = []
            for r, values in enumerate(sheets[name], start=1):
                cells = "".join(_xlsx_cell(f"{_col(c)}{r}", v) for c, v in enumerate(values))
                rows.append(f'<row r="{r}">{cells}</row>')
            z.writestr(_entry(f"xl/worksheets/sheet{i}.xml"), (
                '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxml'
                'formats.org/spreadsheetml/2006/main"><sheetData>' + "".join(rows)
                + "</sheetData></worksheet>"))


def _ods_cell(value: object) -> str:
    if isinstance(value, Formula):
        inner = _ods_cell(value.cached)
        extra = f' office:string-value="{escape(value.cached)}"' \
            if isinstance(value.cached, str) else ""
        return inner.replace("<table:table-cell", f'<table:table-cell table:formula="of:='
                             f'{escape(value.text)}"{extra}', 1)
    if value is None or value == "":
        return "<table:table-cell/>"
    if isinstance(value, bool):
        return (f'<table:table-cell office:value-type="boolean" office:boolean-value="'
                f'{str(value).lower()}"><text:p>{str(value).upper()}</text:p></table:table-cell>')
    if isinstance(value, dt.date):
        return (f'<table:table-cell office:value-type="date" office:date-value="'
                f'{value.isoformat()}"><text:p>{value.isoformat()}</text:p></table:table-cell>')
    if isinstance(value, (int, float)):
        return (f'<table:table-cell office:value-type="float" office:value="{value!r}">'
                f"<text:p>{value}</text:p></table:table-cell>")
    paragraphs = "".join(f"<text:p>{escape(line)}</text:p>" for line in str(value).split("\n"))
    return f'<table:table-cell office:value-type="string">{paragraphs}</table:table-cell>'


def write_ods(path: Path, sheets: Sheets) -> None:
    tables = []
    for name, rows in sheets.items():
        body = "".join("<table:table-row>" + "".join(_ods_cell(v) for v in row)
                       + "</table:table-row>" for row in rows)
        tables.append(f'<table:table table:name="{escape(name)}">{body}</table:table>')
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis'
        ':names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument'
        ':xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        'office:version="1.2"><office:body><office:spreadsheet>' + "".join(tables)
        + "</office:spreadsheet></office:body></office:document-content>")
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(_entry("mimetype", zipfile.ZIP_STORED),
                   "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr(_entry("META-INF/manifest.xml"), (
            '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis'
            ':names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-'
            'entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocume'
            'nt.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:me'
            'dia-type="text/xml"/></manifest:manifest>'))
        z.writestr(_entry("content.xml"), content)
