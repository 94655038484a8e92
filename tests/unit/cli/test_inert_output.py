"""What the CLI prints from files, users, the environment and servers is shown, never obeyed
(issue 15): control and bidi characters come out visible; JSON escapes them."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from rostertui.cli import main
from rostertui.db.connection import close_database, open_database, write_transaction
from rostertui.mail import outbox

from .test_cli import PASSWORD, run

OSC52 = "\x1b]52;c;ZXZpbA==\x07"
EVIL = ("\x1b", "\x07", "\u202e", "\r", "\x9b")


def _clean(text: str) -> None:
    for ch in EVIL:
        assert ch not in text, f"{ch!r} reached the terminal"


@pytest.fixture
def cli(org_db, capsys):
    close_database()

    def go(*argv: str) -> tuple[int, str, str]:
        code = main(["--db", org_db, *argv])
        out, err = capsys.readouterr()
        return code, out, err
    yield go
    open_database(org_db)


def test_an_invalid_email_cell_is_shown_inert(cli, tmp_path):
    path = tmp_path / "in.csv"
    path.write_text("email,first_name,last_name,birthdate,sex\r\n"
                    f"x{OSC52}@exa\u202emple.com,Ann,Lee,1980-01-02,female\r\n"
                    "b@example.com,Bo\rfake,Ng,1980-01-02,male\r\n", encoding="utf-8")
    code, out, err = cli("import", str(path), "--dry-run")
    assert code == 1
    _clean(out + err)
    assert "␛]52;c;ZXZpbA==" in out
    code, out, err = cli("import", str(path), "--dry-run", "--json")
    assert code == 1 and "\u202e" not in out and "\\u202e" in out
    assert json.loads(out)["rows"][0]["email"].startswith("x\x1b]52")  # the data, escaped


def test_a_file_name_and_an_operator_with_escapes_in_imports_list(cli, tmp_path, monkeypatch):
    name = tmp_path / "evil\x1b[2J\nbatch 999 committed.csv"
    name.write_text("email,first_name,last_name,birthdate,sex\r\n"
                    "a@example.com,Ann,Lee,1980-01-02,female\r\n", encoding="utf-8")
    monkeypatch.setenv("USER", "\x1b[2Jmallory")
    monkeypatch.setenv("LOGNAME", "\x1b[2Jmallory")
    code, out, err = cli("import", str(name))
    assert code == 0, err
    _clean(out + err)
    code, out, err = cli("imports", "list")
    assert code == 0
    _clean(out + err)
    assert "␛[2J␊batch 999 committed.csv" in out and "␛[2Jmallory" in out
    assert len(out.strip().splitlines()) == 2  # the header and one batch: no fake row
    code, out, _ = cli("imports", "list", "--json")
    assert json.loads(out)[0]["file_name"].endswith("evil\x1b[2J\nbatch 999 committed.csv")


def test_outbox_list_and_send_show_server_text_inert(org_db, capsys, monkeypatch, tmp_path):
    with write_transaction():
        mid = outbox.queue(outbox.MailKind.IMPORT_WELCOME, None, "a\u202e@example.com")
    token, _ = outbox.claim(10, now=dt.datetime.now(dt.UTC).replace(tzinfo=None))
    outbox.mark_failed(mid, token, attempts=1, error="550 \x1b[2Jno such user\x9b31m")
    close_database()
    try:
        code, out, err = run(capsys, monkeypatch, "--db", org_db, "outbox", "list")
        assert code == 0
        _clean(out + err)
        assert "550 ␛[2Jno such user" in out
        code, out, err = run(capsys, monkeypatch, "--db", org_db, "outbox", "list", "--json")
        _clean(out)
        assert json.loads(out)[0]["last_error"] == "550 \x1b[2Jno such user\x9b31m"
    finally:
        open_database(org_db)


def test_init_masks_the_database_password(capsys, monkeypatch):
    from tests.conftest import postgres_schema_url

    gen = postgres_schema_url()
    url = next(gen)
    secret_url = url.replace("postgresql://postgres@", "postgresql://postgres:S3cretDbPw@")
    close_database()
    try:
        code, out, err = run(capsys, monkeypatch, "--db", secret_url, "init", "--org", "Acme",
                             "--admin-email", "boss@example.com", "--admin-first", "Bo",
                             "--admin-last", "Boss", "--password-stdin",
                             stdin=PASSWORD + "\n")
        assert code == 0, err
        assert "S3cretDbPw" not in out + err and "postgres:***@" in out
    finally:
        next(gen, None)


def test_after_a_commit_the_report_says_what_became_of_the_emails(cli, tmp_path):
    path = tmp_path / "in.csv"
    path.write_text("email,first_name,last_name,birthdate,sex\r\n"
                    "a@example.com,Ann,Lee,1980-01-02,female\r\n", encoding="utf-8")
    code, out, err = cli("import", str(path), "--send-email", "all")
    assert code == 0, err
    assert "not sent yet" not in out + err and "later version" not in out + err
    assert "Emails: 1 sent to" in out


def test_an_id_out_of_range_is_a_row_error_and_revert_a_usage_error(cli, tmp_path):
    path = tmp_path / "in.csv"
    path.write_text("id,email,first_name,last_name,birthdate,sex\r\n"
                    f"{2**63},a@example.com,Ann,Lee,1980-01-02,female\r\n", encoding="utf-8")
    code, out, err = cli("import", str(path), "--dry-run")
    assert code == 1 and "is not a user id" in out, out + err
    for batch in ("99999999999999999999", str(2**63)):
        with pytest.raises(SystemExit) as info:
            cli("imports", "revert", batch)
        assert info.value.code == 2
    code, _, err = cli("imports", "revert", str(2**63 - 1))
    assert code == 1 and "there is no import batch" in err


def test_json_always_prints_a_report(cli, tmp_path):
    existing = tmp_path / "errors.csv"
    existing.write_text("keep")
    path = tmp_path / "in.csv"
    path.write_text("email,first_name\r\nbad,Ann\r\n", encoding="utf-8")
    code, out, err = cli("import", str(path), "--dry-run", "--json", "--errors-out",
                         str(existing))
    assert code == 2 and "already exists" in json.loads(out)["file_errors"][0]["message"]
    zero = tmp_path / "zero.csv"
    zero.symlink_to("/dev/zero")
    code, out, err = cli("import", str(zero), "--dry-run", "--json")
    assert code == 2 and "device" in json.loads(out)["file_errors"][0]["message"]
    assert Path(existing).read_text() == "keep"
