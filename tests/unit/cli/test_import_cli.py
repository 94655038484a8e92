"""``rostertui import`` and ``rostertui imports``: JSON on stdout, exit codes, errors-out."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import pytest

from rostertui.cli import main
from rostertui.db.connection import close_database, open_database
from rostertui.domain.users import find_by_email

HEADER = "email_address,initial_password,first_name,last_name,birthdate,gender\n"
SECRET = "Welc0me-Home!"


@pytest.fixture
def cli(org_db, capsys):
    close_database()

    def run(*argv: str) -> tuple[int, str, str]:
        code = main(["--db", org_db, *argv])
        out, err = capsys.readouterr()
        return code, out, err
    yield run
    open_database(org_db)


def write(tmp_path: Path, text: str, name: str = "in.csv", encoding: str = "utf-8") -> str:
    path = tmp_path / name
    path.write_bytes(text.replace("\n", "\r\n").encode(encoding))
    return str(path)


def test_dry_run_json_is_one_object_and_exit_0(cli, tmp_path):
    path = write(tmp_path, HEADER + f"a@example.com,{SECRET},Ann,Lee,19811120,female\n")
    code, out, err = cli("import", path, "--dry-run", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["summary"]["create"] == 1 and data["committed"] is False
    assert data["rows"][0]["row"] == 2
    assert SECRET not in out and SECRET not in err
    assert find_by_email("a@example.com") is None


def test_commit_json_and_exit_0(cli, tmp_path):
    path = write(tmp_path, HEADER + f"a@example.com,{SECRET},Ann,Lee,19811120,female\n")
    code, out, _ = cli("import", path, "--json", "--send-email", "all")
    assert code == 0
    data = json.loads(out)
    assert data["committed"] is True and isinstance(data["batch_id"], int)
    assert data["summary"]["emails"] == 1
    assert SECRET not in out


def test_row_errors_exit_1_and_nothing_is_written(cli, tmp_path, org_db):
    path = write(tmp_path, HEADER + f"a@example.com,{SECRET},Ann,Lee,19811120,female\n"
                                    "b@example.com,weak,Bo,Ng,19800101,x\n")
    code, out, err = cli("import", path, "--json")
    assert code == 1
    data = json.loads(out)
    assert data["committed"] is False and data["summary"]["error"] == 1
    fields = {e["field"] for e in data["rows"][1]["errors"]}
    assert fields == {"password", "sex"}
    assert "weak" not in out and "weak" not in err
    assert "--skip-invalid" in err
    code, out, _ = cli("imports", "list", "--json")
    assert json.loads(out) == []


def test_skip_invalid_commits_the_rest(cli, tmp_path):
    path = write(tmp_path, HEADER + f"a@example.com,{SECRET},Ann,Lee,19811120,female\n"
                                    "b@example.com,,Bo,Ng,19800101,x\n")
    code, out, _ = cli("import", path, "--skip-invalid")
    assert code == 0
    assert "Imported: 1 created" in out
    assert "Row 3 (b@example.com):" in out and "column 'gender' (sex)" in out


@pytest.mark.parametrize("content,expected", [
    (b"", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "PNG"),
    (b"name,phone\r\nAnn,1\r\n", "no email"),
])
def test_file_errors_exit_2_with_one_json_object(cli, tmp_path, content, expected):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    code, out, _ = cli("import", str(path), "--json")
    assert code == 2
    data = json.loads(out)
    assert expected in data["file_errors"][0]["message"]
    assert data["rows"] == [] and data["committed"] is False and data["kind"] == "client"


def test_xlsx_is_refused_with_advice(cli, tmp_path):
    path = tmp_path / "people.xlsx"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("xl/workbook.xml", "<x/>")
    path.write_bytes(buf.getvalue())
    code, _, err = cli("import", str(path))
    assert code == 2 and "save it as CSV" in err


def test_max_rows(cli, tmp_path):
    path = write(tmp_path, HEADER + "".join(f"u{i}@example.com,,A,B,19800101,F\n"
                                            for i in range(3)))
    code, _, err = cli("import", path, "--max-rows", "2", "--dry-run")
    assert code == 2 and "more than 2 rows" in err


def test_usage_error_exits_2(cli, tmp_path):
    with pytest.raises(SystemExit) as info:
        cli("import", "x.csv", "--kind", "alien")
    assert info.value.code == 2


def test_errors_out_can_be_fixed_and_imported_again(cli, tmp_path):
    path = write(tmp_path, HEADER + f"a@example.com,{SECRET},Ann,Lee,19811120,female\n"
                                    f"b@example.com,{SECRET},=Bo,Ng,19800101,x\n",
                 encoding="cp1252")
    errors = tmp_path / "errors.csv"
    code, _, _ = cli("import", path, "--errors-out", str(errors), "--dry-run")
    assert code == 1
    text = errors.read_text(encoding="utf-8")
    assert SECRET not in text
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["email_address", "initial_password", "first_name", "last_name",
                       "birthdate", "gender", "errors", "source_row"]
    assert len(rows) == 2
    bad = rows[1]
    assert bad[7] == "3"  # the row's number in the file imported
    assert bad[0] == "b@example.com" and bad[1] == ""
    assert bad[2] == "'=Bo"  # escaped like our export, so a spreadsheet shows it as text
    assert "formula" in bad[6] and "gender" in bad[6] and "type it again" in bad[6]
    # The admin fixes the cells and imports the file again.
    bad[2], bad[5] = "Bo", "male"
    fixed = tmp_path / "fixed.csv"
    with open(fixed, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    code, out, err = cli("import", str(fixed), "--json")
    assert code == 0, out + err
    assert json.loads(out)["summary"]["create"] == 1
    assert json.loads(out)["file_warnings"] == []  # errors and source_row are ignored


def test_text_output_groups_errors_by_row(cli, tmp_path):
    path = write(tmp_path, "E-mail;First Name;Last Name;Date of Birth;Gender;Notes\n"
                           "ok@example.com;Zoé;Fine;19800101;F;\n"
                           "bad;X;Y;19800231;F;\n", encoding="cp1252")
    code, out, _ = cli("import", path, "--dry-run")
    assert code == 1
    assert "cp1252, semicolon-separated" in out
    assert "warning: column 'Notes' is not a field" in out
    assert "Row 3 (bad):" in out
    assert "column 'Date of Birth' (birthdate): '19800231' is not a real date" in out
    assert "Dry run: nothing was written." in out


def test_imports_list_and_revert(cli, tmp_path):
    path = write(tmp_path, HEADER + "a@example.com,,Ann,Lee,19811120,female\n")
    code, out, _ = cli("import", path, "--json")
    batch = json.loads(out)["batch_id"]
    code, out, _ = cli("imports", "list")
    assert code == 0 and "in.csv" in out and "committed" in out
    code, out, _ = cli("imports", "revert", str(batch))
    assert code == 0 and "1 user deleted" in out
    code, _, err = cli("imports", "revert", str(batch))
    assert code == 1 and "already undone" in err


def test_team_import_with_default_role(cli, tmp_path):
    path = write(tmp_path, "Profile Type ID,Email Address,First Name,Last Name,Role\n"
                           "1,p@example.com,Pat,Ng,\n")
    code, out, err = cli("import", path, "--kind", "team", "--role", "practitioner", "--json")
    assert code == 0, out + err
    assert json.loads(out)["kind"] == "team_member"


def test_skip_invalid_with_every_row_invalid_exits_1(cli, tmp_path):
    path = write(tmp_path, HEADER + "b@example.com,,Bo,Ng,19800101,x\n")
    code, out, _ = cli("import", path, "--skip-invalid", "--json")
    assert code == 1
    assert json.loads(out)["committed"] is False


def test_utf16_tab_file_from_excel(cli, tmp_path):
    text = ("Email Address\tFirst Name\tLast Name\tDate of Birth\tSex at Birth\r\n"
            "zoe@example.com\tZoë\tŁukasiewicz\t1990-03-04\tF\r\n")
    path = tmp_path / "unicode.txt"
    path.write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))
    code, out, _ = cli("import", str(path), "--json")
    data = json.loads(out)
    assert code == 0 and data["encoding"] == "utf-16-le" and data["delimiter"] == "\t"
    assert data["summary"]["create"] == 1


def test_role_is_for_team_imports_only(cli, tmp_path):
    path = write(tmp_path, HEADER + "a@example.com,,Ann,Lee,19811120,female\n")
    code, _, err = cli("import", path, "--role", "Practitioner")
    assert code == 2 and "--kind team" in err


def test_bad_errors_out_folder_is_refused_before_anything_is_written(cli, tmp_path):
    path = write(tmp_path, HEADER + "a@example.com,,Ann,Lee,19811120,female\n")
    code, out, err = cli("import", path, "--json", "--errors-out",
                         str(tmp_path / "missing" / "e.csv"))
    assert code == 2
    assert "does not exist" in json.loads(out)["file_errors"][0]["message"]
    code, out, _ = cli("imports", "list", "--json")
    assert json.loads(out) == []


def test_ui_refuses_the_batch_only_options(cli, tmp_path):
    path = write(tmp_path, HEADER + f"a@example.com,{SECRET},Ann,Lee,19811120,female\n")
    code, out, err = cli("import", path, "--ui", "--json", "--dry-run")
    assert code == 2 and out == ""
    assert "leave out --json, --dry-run" in err


def test_ui_needs_a_terminal_and_writes_nothing(cli, tmp_path, monkeypatch):
    from rostertui.cli import setup_cmds

    path = write(tmp_path, HEADER + f"a@example.com,{SECRET},Ann,Lee,19811120,female\n")
    code, _, err = cli("import", path, "--ui")
    assert code == 2 and "needs a terminal" in err
    seen = {}

    def fake_run_app(target, config, **kwargs):
        seen.update(kwargs)
        return 0

    monkeypatch.setattr(setup_cmds, "run_app", fake_run_app)
    code, _, err = cli("import", path, "--ui", "--kind", "team", "--role", "Practitioner")
    assert code == 0, err
    assert seen["import_path"] == str(Path(path).resolve())
    assert seen["import_options"].kind.value == "team_member"
    assert seen["import_options"].default_role.value == "Practitioner"
    assert find_by_email("a@example.com") is None


def test_map_option_reads_unknown_headers(cli, tmp_path):
    path = write(tmp_path, "Kontakt,Vorname,last_name,birthdate,gender,Shoe\n"
                           "m@example.com,Mia,Moe,19900101,F,42\n")
    code, out, err = cli("import", path, "--json", "--dry-run")
    assert code == 2 and "map a column to each" in json.loads(out)["file_errors"][0]["message"]
    code, out, err = cli("import", path, "--json", "--map", "Kontakt=email", "--map",
                         "vorname=First Name", "--map", "Shoe=attribute:Shoe size")
    assert code == 0, out
    user = find_by_email("m@example.com")
    assert user is not None and user.first_name == "Mia"


def test_bad_map_option_is_a_usage_error(cli, tmp_path, capsys):
    path = write(tmp_path, HEADER + f"a@example.com,{SECRET},Ann,Lee,19811120,female\n")
    with pytest.raises(SystemExit) as info:
        cli("import", path, "--map", "Kontakt")
    assert info.value.code == 2
    assert "write HEADER=FIELD" in capsys.readouterr().err


def test_default_status_and_added_tags(cli, tmp_path, org_db):
    from rostertui.domain import users as user_service

    path = write(tmp_path, HEADER + f"a@example.com,{SECRET},Ann,Lee,19811120,female\n")
    code, out, err = cli("import", path, "--default-status", "pending", "--add-tags",
                         "Spring; VIP", "--create-missing-tags", "--json")
    assert code == 0, out
    ann = find_by_email("a@example.com")
    assert ann is not None and ann.status == "pending"
    open_database(org_db)
    assert sorted(user_service.get_user(ann.id).tags) == ["Spring", "VIP"]
    close_database()


def test_added_tags_must_exist_without_create(cli, tmp_path):
    path = write(tmp_path, HEADER + f"a@example.com,{SECRET},Ann,Lee,19811120,female\n")
    code, out, err = cli("import", path, "--add-tags", "Nope", "--json")
    assert code == 1
    assert "no such tag 'Nope'" in out


def test_a_dry_run_reports_the_same_with_or_without_an_errors_file(cli, tmp_path):
    """Without --errors-out a dry run keeps its rows compact (importing/oneshot.py); its
    report, text and exit code are those of the dry run that keeps every row whole."""
    lines = [f"u{n}@example.com,{SECRET},Ann,Lee,19811120,female" for n in range(6)]
    lines += ["u1@example.com,,Bob,Lee,19811120,female", "bad,,Cy,Lee,19811120,female",
              "admin@example.com,,Ada,Admin,19800101,female"]
    path = write(tmp_path, HEADER + "\n".join(lines) + "\n")
    for flags in ((), ("--json",)):
        compact = cli("import", path, "--dry-run", *flags)
        whole = cli("import", path, "--dry-run", *flags, "--errors-out",
                    str(tmp_path / f"errors{len(flags)}.csv"))
        assert compact[0] == whole[0] == 1
        assert compact[1] == whole[1]
