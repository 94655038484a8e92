"""``rostertui import`` with the triage options: --value, --set, --date-format,
--invite-incomplete, --sheet, --park; and ``rostertui imports parked|drop``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rostertui.cli import main
from rostertui.db.connection import close_database, open_database


@pytest.fixture
def cli(org_db, capsys):
    close_database()

    def run(*argv: str) -> tuple[int, str, str]:
        code = main(["--db", org_db, *argv])
        out, err = capsys.readouterr()
        return code, out, err
    run.db = org_db
    yield run
    open_database(org_db)


def write(tmp_path: Path, text: str, name: str = "in.csv") -> str:
    path = tmp_path / name
    path.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    return str(path)

HR = ("Given Name,Surname,E-mail Address,DOB,Gender,Mobile\n"
      "Ann,Lee,ann@example.com,23/04/1980,M,5551230001\n"
      "Bob,Ray,bob@example.com,03/04/1981,U,5551230002\n"
      "Cy,Jo,cy@example.com,03/05/1982,u,\n")


def test_value_mappings_fix_every_row_and_show_in_the_report(cli, tmp_path):
    path = write(tmp_path, HR)
    code, out, err = cli("import", path, "--dry-run", "--json")
    assert code == 1
    data = json.loads(out)
    assert [r["action"] for r in data["rows"]] == ["create", "error", "error"]
    code, out, err = cli("import", path, "--dry-run", "--json", "--value", "sex:U=female")
    assert code == 0, err
    data = json.loads(out)
    assert data["summary"]["error"] == 0
    assert data["rows"][1]["fixes"] == [{"column": "Gender", "from": "U", "to": "female",
                                         "how": "value"}]
    assert "'DOB' is read as DD/MM/YYYY" in data["file_warnings"][0]["message"]


def test_bad_value_option_is_a_usage_error(cli, tmp_path, capsys):
    path = write(tmp_path, HR)
    try:
        cli("import", path, "--value", "sex=female")
    except SystemExit as exc:
        assert exc.code == 2
    assert "write FIELD:FROM=TO" in capsys.readouterr().err


def test_dates_detected_contradicted_or_stated(cli, tmp_path):
    month_first = write(tmp_path, HR.replace("23/04/1980", "04/23/1980"), "us.csv")
    code, out, _ = cli("import", month_first, "--dry-run", "--json", "--value", "sex:U=female")
    assert code == 0  # the column proves month first
    assert "'DOB' is read as MM/DD/YYYY" in out
    ambiguous = write(tmp_path, HR.replace("23/04/1980", "03/04/1980"), "both.csv")
    code, out, _ = cli("import", ambiguous, "--dry-run", "--json", "--value", "sex:U=female")
    assert code == 1 and json.loads(out)["summary"]["error"] == 3  # nothing guessed
    assert "could be day/month or month/day; state the date format (--date-format" in out
    mixed = write(tmp_path, HR.replace("03/04/1981", "04/23/1981"), "mixed.csv")
    code, out, _ = cli("import", mixed, "--dry-run", "--json", "--value", "sex:U=female")
    assert code == 1 and "the column mixes day-first dates (row 2" in out
    code, out, _ = cli("import", ambiguous, "--dry-run", "--json", "--value", "sex:U=female",
                       "--date-format", "MM/DD/YYYY")
    assert code == 0
    assert json.loads(out)["summary"]["error"] == 0


def test_bad_date_format_is_a_usage_error(cli, tmp_path, capsys):
    path = write(tmp_path, HR)
    try:
        cli("import", path, "--date-format", "YY/MM/DD")
    except SystemExit as exc:
        assert exc.code == 2
    assert "four-digit year" in capsys.readouterr().err


def test_set_fills_a_column_the_file_lacks(cli, tmp_path):
    """The CRM export has no birthdate and no sex: every row fails, unless they are set."""
    crm = str(Path(__file__).resolve().parents[3] / "sample_data" / "crm_export.csv")
    code, out, _ = cli("import", crm, "--dry-run", "--json")
    assert code == 1 and json.loads(out)["summary"]["error"] == 20
    code, out, err = cli("import", crm, "--json", "--set", "birthdate=1900-01-01",
                         "--set", "sex=female", "--skip-invalid")
    assert code == 0, err
    data = json.loads(out)
    # what is left are the rows past the test organization's seat limit of 10
    assert data["committed"] and data["summary"]["create"] == 16
    assert {e["field"] for r in data["rows"] for e in r["errors"]} == {"status"}
    assert data["rows"][0]["fixes"][0] == {"column": "birthdate", "from": "", "to":
                                           "1900-01-01", "how": "set"}


def test_incomplete_rows_can_be_imported_as_invitations(cli, tmp_path):
    from rostertui.db.connection import open_database as reopen
    from rostertui.domain.invitations import list_invitations

    crm = str(Path(__file__).resolve().parents[3] / "sample_data" / "crm_export.csv")
    code, out, err = cli("import", crm, "--json", "--invite-incomplete", "--skip-invalid")
    assert code == 0, err
    data = json.loads(out)
    archived = [r for r in data["rows"] if r["action"] == "error"]
    # the rows the file says are inactive stay errors: an archived user is not invited
    assert data["summary"]["create"] == 20 - len(archived) and archived
    assert all(e["field"] == "birthdate" for r in archived for e in r["errors"][:1])
    assert "created as a pending client with an invitation" in \
        data["rows"][0]["warnings"][0]["message"]
    reopen(cli.db)
    invited = list_invitations()
    assert len(invited) == data["summary"]["create"]
    assert invited[0].delivery == "not sent"


def test_skip_invalid_park_commits_the_clean_rows_and_parks_the_rest(cli, tmp_path):
    path = write(tmp_path, HR)
    code, out, err = cli("import", path, "--json", "--skip-invalid", "--park")
    assert code == 0, err
    data = json.loads(out)
    assert data["committed"] and data["summary"]["create"] == 1
    parked_id = data["parked_id"]
    assert isinstance(parked_id, int)
    code, out, _ = cli("imports", "parked", "--json")
    (entry,) = json.loads(out)
    assert entry["id"] == parked_id and entry["rows"] == 2 and entry["errors"] == 2
    assert set(entry) >= {"id", "file", "parked_by", "parked_at", "rows", "errors"}
    assert entry["file"] == path and "rostertui import" in entry["parked_by"]
    code, out, _ = cli("imports", "parked")
    assert f"{parked_id:>5}" in out and "in.csv" in out
    code, out, _ = cli("imports", "drop", str(parked_id))
    assert code == 0 and f"Dropped parked import {parked_id}" in out
    code, out, _ = cli("imports", "parked", "--json")
    assert json.loads(out) == []
    code, _, err = cli("imports", "drop", str(parked_id))
    assert code == 1 and "no parked import" in err


def test_park_alone_parks_the_whole_file_and_imports_nothing(cli, tmp_path):
    path = write(tmp_path, HR)
    code, out, err = cli("import", path, "--json", "--park")
    assert code == 0, err
    data = json.loads(out)
    assert not data["committed"] and isinstance(data["parked_id"], int)
    code, out, _ = cli("imports", "parked", "--json")
    assert json.loads(out)[0]["rows"] == 3
    code, out, _ = cli("import", path, "--json", "--skip-invalid", "--park",
                       "--value", "sex:u=female")
    assert json.loads(out)["parked_id"] is None  # nothing left to park
    code, _, err = cli("import", path, "--park", "--dry-run")
    assert code == 2 and "leave out --dry-run" in err


def test_ui_takes_the_triage_options_and_refuses_park(cli, tmp_path, monkeypatch):
    from rostertui.cli import setup_cmds

    path = write(tmp_path, HR)
    code, out, err = cli("import", path, "--ui", "--value", "sex:U=female", "--park")
    assert code == 2 and out == ""
    assert "leave out --park" in err and "--value" not in err
    seen = {}
    monkeypatch.setattr(setup_cmds, "run_app",
                        lambda target, config, **kwargs: seen.update(kwargs) or 0)
    code, _, err = cli("import", path, "--ui", "--value", "sex:U=female", "--set",
                       "office=Paris", "--date-format", "DD/MM/YYYY", "--invite-incomplete",
                       "--no-suggest", "--send-email", "all")
    assert code == 0, err
    options = seen["import_options"]
    assert options.values == {"sex": {"u": "female"}} and options.fills == {"office": "Paris"}
    assert options.date_format == "DD/MM/YYYY" and options.invite_incomplete
    assert options.suggest is False and options.send_email == "all"
