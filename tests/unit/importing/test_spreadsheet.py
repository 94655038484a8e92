"""Workbooks: .xlsx and .ods read like CSV files, their cells turned into the text a CSV
export holds; .xls and password-protected workbooks refused with what to do."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from rostertui.importing import spreadsheet
from rostertui.importing.engine import ImportOptions, load
from rostertui.importing.reader import FileRefused
from sample_data.workbooks import Formula, write_ods, write_xlsx

from .conftest import TODAY

HEADER = ["email", "first_name", "last_name", "birthdate", "sex", "phone", "external_id",
          "attribute:Notes", "status"]
ROWS = [HEADER,
        ["ann@example.com", "Ann", "Lee", dt.date(1980, 4, 23), "F", 5551230001, 12345,
         "called twice\nprefers email", True],
        [],  # a blank row: skipped, but counted
        ["bob@example.com", "Bob", "Ray", dt.date(1981, 5, 2), "M", 5551230002.0,
         1.2345678901234567e18, Formula("1+1", 2), False],
        ["cy@example.com", "Cy", "Jo", "1982-01-01", "M", Formula("A1", 5551230003), "X-9",
         Formula('CONCAT("a";"b")', "ab"), ""]]


@pytest.fixture(params=["xlsx", "ods"])
def workbook(request, tmp_path) -> Path:
    path = tmp_path / f"people.{request.param}"
    writer = write_xlsx if request.param == "xlsx" else write_ods
    writer(path, {"Clients": ROWS, "Notes": [["email", "first_name"], ["x@example.com", "X"]]})
    return path


def test_cells_become_what_a_csv_would_hold(workbook):
    parsed = spreadsheet.parse(workbook.read_bytes(), name=str(workbook))
    assert (parsed.sheet, parsed.sheets) == ("Clients", ["Clients", "Notes"])
    assert parsed.encoding == workbook.suffix[1:] and parsed.header == HEADER
    assert [n for n, _ in parsed.records] == [2, 4, 5]
    ann, bob, cy = (cells for _, cells in parsed.records)
    assert ann[3:9] == ["1980-04-23", "F", "5551230001", "12345",
                        "called twice\nprefers email", "true"]
    assert bob[5:8] == ["5551230002", "1.23457E+18", "2"]  # never 5551230002.0
    assert cy[5] == "5551230003" and cy[7] == "ab"  # formulas give their cached values


def test_a_workbook_imports_through_the_same_engine(workbook):
    session = load(str(workbook), ImportOptions(today=TODAY))
    assert session.file_errors == []
    ann = session.row(2)
    assert ann.values["birthdate"] == dt.date(1980, 4, 23) and ann.values["phone"] == \
        "5551230001"
    assert ann.values["attribute:Notes"] == "called twice\nprefers email"
    assert ann.values["status"] == "active" and session.row(4).values["status"] == "archived"
    (issue,) = session.row(4).errors  # scientific notation is an error, as in CSV
    assert issue.field == "external_id" and "scientific notation" in issue.message


def test_another_sheet_by_name(workbook):
    session = load(str(workbook), ImportOptions(sheet="notes"))
    assert session.file.sheet == "Notes" and session.rows[0].values["email"] == "x@example.com"
    with pytest.raises(FileRefused, match="has no sheet 'Staff'; its sheets are 'Clients', "
                                          "'Notes'"):
        load(str(workbook), ImportOptions(sheet="Staff"))
    assert spreadsheet.sheet_names(workbook.read_bytes()) == ["Clients", "Notes"]


def test_legacy_xls_and_password_protected_workbooks_are_refused(tmp_path):
    legacy = tmp_path / "old.xls"
    legacy.write_bytes(spreadsheet.OLE2 + b"\x00" * 600)
    with pytest.raises(FileRefused, match=r"Excel 97-2003 workbook \(.xls\).*save it again as "
                                          r"\.xlsx"):
        load(str(legacy))
    locked = tmp_path / "locked.xlsx"
    locked.write_bytes(spreadsheet.OLE2 + b"\x00" * 200 + "EncryptedPackage".encode("utf-16-le"))
    with pytest.raises(FileRefused, match="password-protected workbook; open it in Excel, "
                                          "remove the password"):
        load(str(locked))


def test_an_empty_first_sheet_names_the_others(tmp_path):
    path = tmp_path / "book.xlsx"
    write_xlsx(path, {"Cover": [], "Data": ROWS})
    with pytest.raises(FileRefused, match="'Cover' of .* is empty.*its other sheets: 'Data'"):
        load(str(path))


def test_scientific_notation_in_a_csv_is_an_error_too(make_session):
    from .conftest import client_line, clients_file

    data = clients_file(client_line(1)).replace(b"sex\r\n", b"sex,phone\r\n").replace(
        b"female\r\n", b"female,5.55123E+09\r\n")
    session = make_session(data, plan=False)
    (issue,) = session.rows[0].errors
    assert issue.field == "phone" and "digits were lost" in issue.message


def test_sheet_sizes_count_the_rows_of_users_of_each_sheet(workbook, tmp_path):
    data = workbook.read_bytes()
    assert spreadsheet.sheet_sizes(data, workbook.name) == [("Clients", 3), ("Notes", 1)]
    path = tmp_path / "cover.xlsx"
    write_xlsx(path, {"Cover": [], "Title": [["email"]], "People": ROWS})
    sizes = spreadsheet.sheet_sizes(path.read_bytes())
    assert sizes == [("Cover", 0), ("Title", 0), ("People", 3)]
    assert spreadsheet.first_filled(sizes) == "People"
    assert spreadsheet.first_filled([("Cover", 0)]) is None
