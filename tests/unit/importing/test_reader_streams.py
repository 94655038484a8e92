"""Reading hostile files (issue 15): only regular files, bounded memory, stray bytes in UTF-8,
an unterminated quote on the last row, ids out of range."""

from __future__ import annotations

import os
import threading

import pytest

from rostertui.importing.reader import FileRefused, parse, read_path

from .conftest import by_number, clients_file, csv_bytes

HEADER = "email,first_name,last_name\n"


def test_a_symlink_to_dev_zero_is_refused_before_reading(tmp_path):
    link = tmp_path / "zero.csv"
    link.symlink_to("/dev/zero")
    with pytest.raises(FileRefused, match="zero.csv is a device, not a file"):
        read_path(str(link))


def test_a_fifo_is_refused_at_once(tmp_path):
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    result: list[BaseException] = []
    worker = threading.Thread(target=lambda: _catch(result, read_path, str(fifo)), daemon=True)
    worker.start()
    worker.join(5)
    if worker.is_alive():  # unblock the reader so the test process can end
        with open(fifo, "wb"):
            pass
        worker.join(5)
        pytest.fail("reading a FIFO blocked")
    assert isinstance(result[0], FileRefused) and "FIFO" in str(result[0])


def _catch(out: list, fn, *args) -> None:
    try:
        fn(*args)
    except BaseException as exc:  # noqa: BLE001 - handed to the test
        out.append(exc)


def test_a_file_with_more_line_breaks_than_the_limit_is_counted_not_kept(tmp_path):
    path = tmp_path / "tiny.csv"
    path.write_bytes(b"email\n" + b"a\n" * 50_000)
    with pytest.raises(FileRefused, match="more than 1,000 rows"):
        read_path(str(path), max_rows=1_000)
    # blank lines do not count: 50,000 line breaks but 3 rows is within a limit of 5
    path.write_bytes(b"email,first_name\na@example.com,A\n" + b"\n" * 50_000
                     + b"b@example.com,B\nc@example.com,C\n")
    assert [n for n, _ in read_path(str(path), max_rows=5).records] == [2, 50_003, 50_004]


def test_a_line_longer_than_the_limit_is_refused(tmp_path, monkeypatch):
    from rostertui.importing import reader

    monkeypatch.setattr(reader, "MAX_LINE", 1000)
    with pytest.raises(FileRefused, match="line 2 is longer than 1,000 characters"):
        parse(b"email,first_name\n" + b"x" * 5000 + b"\n")


def test_utf8_with_one_stray_latin1_byte_stays_utf8_and_the_cell_is_an_error(make_session):
    data = csv_bytes(HEADER + "a@example.com,Zoë,Müller\n") + \
        b"b@example.com,Jos\xe9,Lee\r\nc@example.com,Ann,Lee\r\n"
    session = make_session(data, plan=False)
    assert session.encoding == "utf-8"
    rows = by_number(session)
    assert rows[2].cells == ["a@example.com", "Zoë", "Müller"] and not rows[2].errors
    assert rows[3].cells[1] == "Jos\ufffd"
    [error] = rows[3].errors
    assert error.field == "first_name" and "E9" in error.message
    assert not rows[4].errors
    assert any("row 3 holds bytes that are not" in w for w in session.file_warnings)


def test_a_file_mixing_utf8_and_windows_1252_rows_names_the_rows(make_session):
    data = (csv_bytes(HEADER + "a@example.com,Zoë,Ng\n") + "b@example.com,François,Lefèvre\r\n"
            .encode("cp1252") + "c@example.com,Renée,Ng\r\n".encode("cp1252"))
    session = make_session(data, plan=False)
    assert session.encoding == "utf-8"
    assert any("rows 3, 4 hold" in w for w in session.file_warnings)
    assert {r.number for r in session.rows if r.errors} == {3, 4}
    assert "E7" in str(by_number(session)[3].errors[0])  # ç


def test_a_file_with_no_utf8_at_all_is_windows_1252(make_session):
    data = (HEADER + "f@example.fr,François,Lefèvre\n").encode("cp1252")
    session = make_session(data, plan=False)
    assert session.encoding == "cp1252" and not session.file_warnings
    assert session.rows[0].cells == ["f@example.fr", "François", "Lefèvre"]


def test_a_password_cell_with_stray_bytes_is_not_shown(make_session):
    data = b"email,first_name,last_name,password\r\na@example.com,Ann,Lee,S3cret\xe9Pw!x\r\n" \
        b"b@example.com,Zo\xc3\xab,Lee,\r\n"
    session = make_session(data, plan=False)
    [error] = session.rows[0].errors
    assert "S3cret" not in str(error) and "E9" in error.message
    assert session.rows[0].password is None


def test_an_unterminated_quote_on_the_last_row_is_a_file_error():
    data = csv_bytes("email,first_name,last_name\nt1@example.com,Ann,Lee\n"
                     't2@example.com,Carl,"Smith,Practitioner\n')
    with pytest.raises(FileRefused, match='row 3 opens a quote \\(\\"\\) that is never closed'):
        parse(data)
    # without a final line break too; a closed quote with a line break inside stays fine
    with pytest.raises(FileRefused, match="row 2 opens a quote"):
        parse(b'email,first_name\r\nt@example.com,"Carl')
    ok = parse(csv_bytes('email,first_name\nt@example.com,"Carl\nJr"\n'))
    assert ok.records == [(2, ["t@example.com", "Carl\r\nJr"])]


def test_a_stray_quote_inside_an_unquoted_last_cell_is_no_error():
    parsed = parse(csv_bytes('email,first_name,last_name\nt@example.com,Bob 5" tall,Lee\n'))
    assert parsed.records[0][1][1] == 'Bob 5" tall'


@pytest.mark.parametrize("value", [str(2**63), "99999999999999999999", "9999999999999999999"])
def test_an_id_out_of_range_is_a_row_error(org_db, make_session, value):
    session = make_session(clients_file(f"{value},c1@example.com,Ann,Lee,1980-01-02,female",
                                        header="id,email,first_name,last_name,birthdate,sex"))
    [row] = session.rows
    assert row.action == "error" and row.errors[0].field == "id"
    assert "not a user id" in row.errors[0].message
