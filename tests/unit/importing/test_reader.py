"""Reading bytes: encodings, delimiters, layout, row numbers and refusals."""

from __future__ import annotations

import codecs
import io
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rostertui.importing.reader import FileRefused, parse, read_path, sniff_delimiter

from .conftest import csv_bytes

HEADER = "email,first_name,last_name\n"


def test_utf8_without_bom():
    parsed = parse(csv_bytes(HEADER + "a@example.com,Zoë,Müller\n"))
    assert parsed.encoding == "utf-8"
    assert parsed.records == [(2, ["a@example.com", "Zoë", "Müller"])]


def test_utf8_with_bom_strips_it_from_the_first_header():
    parsed = parse(codecs.BOM_UTF8 + csv_bytes(HEADER + "a@example.com,Zoë,Müller\n"))
    assert parsed.encoding == "utf-8-sig"
    assert parsed.header == ["email", "first_name", "last_name"]


@pytest.mark.parametrize("codec,bom,name", [("utf-16-le", codecs.BOM_UTF16_LE, "utf-16-le"),
                                            ("utf-16-be", codecs.BOM_UTF16_BE, "utf-16-be")])
def test_utf16_with_bom_as_excel_unicode_text(codec, bom, name):
    # Excel's "Unicode Text" is UTF-16 with a BOM and TAB-separated.
    text = "email\tfirst_name\tlast_name\r\na@example.com\tZoë\tŁukasiewicz\r\n"
    parsed = parse(bom + text.encode(codec))
    assert parsed.encoding == name
    assert parsed.delimiter == "\t"
    assert parsed.records == [(2, ["a@example.com", "Zoë", "Łukasiewicz"])]


def test_cp1252_fallback_for_excel_on_windows():
    data = "email;first_name;last_name\r\nf@example.fr;François;Lefèvre – Dupont\r\n".encode(
        "cp1252")
    parsed = parse(data)
    assert parsed.encoding == "cp1252"
    assert parsed.delimiter == ";"
    assert parsed.records[0][1] == ["f@example.fr", "François", "Lefèvre – Dupont"]


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_sniffs_each_delimiter(delimiter):
    text = delimiter.join(["email", "first_name", "last_name"]) + "\n" + delimiter.join(
        ["a@example.com", "Ann, Jr", "Lee"]) + "\n"
    if delimiter == ",":
        text = text.replace("Ann, Jr", '"Ann, Jr"')
    parsed = parse(csv_bytes(text))
    assert parsed.delimiter == delimiter
    assert parsed.records[0][1] == ["a@example.com", "Ann, Jr", "Lee"]


def test_delimiter_inside_quoted_header_is_not_counted():
    assert sniff_delimiter('"a;b;c;d",x,y\n1,2,3\n') == ","


def test_quoted_commas_and_newlines_and_crlf():
    data = csv_bytes(HEADER + '"a@example.com","Ann, Marie","Lee\nSmith"\nb@example.com,Bo,Ng\n')
    parsed = parse(data)
    assert parsed.records[0] == (2, ["a@example.com", "Ann, Marie", "Lee\r\nSmith"])
    # A quoted multi-line cell does not shift the next row's number.
    assert parsed.records[1][0] == 3


def test_blank_lines_are_skipped_but_counted():
    data = csv_bytes(HEADER + "a@example.com,A,B\n\n,,\nb@example.com,C,D\n")
    parsed = parse(data)
    assert [n for n, _ in parsed.records] == [2, 5]


def test_blank_lines_before_the_header_count_too():
    parsed = parse(csv_bytes("\n" + HEADER + "a@example.com,A,B\n"))
    assert parsed.header_row == 2
    assert parsed.records[0][0] == 3


def test_trailing_empty_columns_and_cells_are_dropped():
    data = csv_bytes("email,first_name,last_name,,\na@example.com,A,B,,\nb@example.com,C,D,,,,\n")
    parsed = parse(data)
    assert parsed.header == ["email", "first_name", "last_name"]
    assert [cells for _, cells in parsed.records] == [["a@example.com", "A", "B"],
                                                      ["b@example.com", "C", "D"]]


def test_sha256_is_of_the_bytes():
    import hashlib

    data = csv_bytes(HEADER + "a@example.com,A,B\n")
    assert parse(data).sha256 == hashlib.sha256(data).hexdigest()


def _xlsx() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
    return buf.getvalue()


def test_refuses_xlsx_and_says_save_as_csv():
    with pytest.raises(FileRefused, match="Excel workbook.*save it as CSV"):
        parse(_xlsx(), name="clients.xlsx")


def test_refuses_other_zip_files():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("notes.txt", "hello")
    with pytest.raises(FileRefused, match="zip archive"):
        parse(buf.getvalue(), name="clients.zip")


@pytest.mark.parametrize("data,what", [
    (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "PNG image"),
    (b"\xff\xd8\xff\xe0" + b"\x00" * 50, "JPEG image"),
    (b"%PDF-1.7\n%\xe2\xe3", "PDF"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 50, "Excel 97-2003"),
])
def test_refuses_images_and_documents(data, what):
    with pytest.raises(FileRefused, match=what):
        parse(data, name="x.csv")


@pytest.mark.parametrize("data", [b"", b"   \r\n\r\n", codecs.BOM_UTF8, b",,,\r\n, ,\r\n"])
def test_refuses_empty_files(data):
    with pytest.raises(FileRefused, match="empty|no header"):
        parse(data)


def test_refuses_binary_files():
    with pytest.raises(FileRefused, match="binary"):
        parse(b"email,first_name\r\n" + bytes(range(0, 32)) * 4)
    with pytest.raises(FileRefused, match="binary"):
        parse(b"abc\x00def\x00ghi")


def test_refuses_more_rows_than_max_rows():
    data = csv_bytes(HEADER + "".join(f"u{i}@example.com,A,B\n" for i in range(6)))
    assert len(parse(data, max_rows=6).records) == 6
    with pytest.raises(FileRefused, match="more than 5 rows"):
        parse(data, max_rows=5)


def test_read_path_refuses_missing_file_and_folder(tmp_path):
    with pytest.raises(FileRefused, match="does not exist"):
        read_path(str(tmp_path / "nope.csv"))
    with pytest.raises(FileRefused, match="folder"):
        read_path(str(tmp_path))


# --- never a traceback -----------------------------------------------------------------

def _read_or_refuse(data: bytes) -> None:
    from rostertui.importing.engine import ImportOptions, load_bytes
    from rostertui.importing.report import report

    try:
        session = load_bytes(data, "fuzz.csv", ImportOptions(max_rows=50))
    except FileRefused as exc:
        assert str(exc)
        return
    out = report(session)
    assert out["summary"]["rows"] == len(session.rows)
    assert isinstance(out["file_errors"], list)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_give_a_report_or_a_file_error(data):
    _read_or_refuse(data)


_cell = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=20)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(header=st.lists(st.sampled_from(["email", "first_name", "Last Name", "dob", "gender",
                                        "tag", "tags", "attribute:X", "phone", "status", "id",
                                        "password", "junk", ""]), max_size=8),
       rows=st.lists(st.lists(_cell, max_size=9), max_size=15),
       delimiter=st.sampled_from([",", ";", "\t", "|"]),
       encoding=st.sampled_from(["utf-8", "utf-16", "utf-8-sig"]))
def test_arbitrary_csv_text_gives_a_report_or_a_file_error(header, rows, delimiter, encoding):
    import csv

    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    _read_or_refuse(buf.getvalue().encode(encoding))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(max_size=500))
def test_arbitrary_text_gives_a_report_or_a_file_error(text):
    _read_or_refuse(text.encode("utf-8"))


def test_a_form_feed_inside_a_quoted_cell_does_not_split_the_row():
    data = csv_bytes(HEADER + 'a@example.com,"An\x0cn",Lee\nb@example.com,Bo,Ng\n')
    parsed = parse(data)
    assert [n for n, _ in parsed.records] == [2, 3]
    assert parsed.records[0][1][1] == "An\x0cn"


def test_old_mac_line_ends():
    parsed = parse(b"email,first_name\ra@example.com,Ann\rb@example.com,Bo\r")
    assert [n for n, _ in parsed.records] == [2, 3]
