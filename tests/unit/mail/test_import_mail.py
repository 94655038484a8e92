"""``import --send-email all``: the welcome emails are queued in the commit and delivered
right after it; the import's exit code reflects only the import."""

from __future__ import annotations

import json

import pytest

from rostertui.cli import main
from rostertui.db.connection import close_database, open_database
from rostertui.mail import outbox

HEADER = "email,first_name,last_name,birthdate,sex,initial_password\n"
SECRET = "Welc0me-Home!"


@pytest.fixture
def cli(org_db, capsys, monkeypatch):
    close_database()

    def run(*argv: str) -> tuple[int, str, str]:
        code = main(["--db", org_db, *argv])
        out, err = capsys.readouterr()
        return code, out, err
    yield run
    open_database(org_db)


def _file(tmp_path, n: int = 3) -> str:
    path = tmp_path / "people.csv"
    path.write_text(HEADER + "".join(f"p{i}@example.com,P{i},Person,1980-01-0{i + 1},f,{SECRET}\n"
                                     for i in range(n)), encoding="utf-8")
    return str(path)


def test_import_emails_are_delivered_after_the_commit(cli, tmp_path, smtp_server, monkeypatch):
    monkeypatch.setenv("ROSTERTUI_SMTP_URL", smtp_server.url)
    code, out, err = cli("import", _file(tmp_path), "--send-email", "all", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["summary"]["emails"] == 3
    assert data["delivery"] == {"sent": 3, "failed": 0}
    assert sorted(smtp_server.recorder.to()) == ["p0@example.com", "p1@example.com",
                                                 "p2@example.com"]
    mail = smtp_server.recorder.messages[0].as_string()
    assert "Your account at Test Org" in mail and SECRET not in mail
    assert "registration code" in mail.lower()


def test_no_email_unless_asked(cli, tmp_path, smtp_server, monkeypatch):
    monkeypatch.setenv("ROSTERTUI_SMTP_URL", smtp_server.url)
    code, out, _ = cli("import", _file(tmp_path), "--json")
    assert code == 0 and "delivery" not in json.loads(out)
    assert smtp_server.recorder.messages == []


def test_a_dead_mail_server_does_not_fail_the_import(cli, tmp_path, monkeypatch, org_db):
    monkeypatch.setenv("ROSTERTUI_SMTP_URL", "smtp://127.0.0.1:9?timeout=1")
    code, out, _ = cli("import", _file(tmp_path, 2), "--send-email", "all", "--json")
    data = json.loads(out)
    assert code == 0 and data["committed"] is True
    assert data["delivery"] == {"sent": 0, "failed": 0}
    open_database(org_db)
    assert [m.status for m in outbox.list_messages()] == ["queued", "queued"]
    close_database()


def test_a_dry_run_queues_nothing(cli, tmp_path, org_db):
    code, _, _ = cli("import", _file(tmp_path), "--send-email", "all", "--dry-run")
    assert code == 0
    open_database(org_db)
    assert outbox.list_messages() == []
    close_database()
