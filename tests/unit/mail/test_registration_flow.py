"""The whole life of an invitation: invite, email, register with the code, active."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import sys

import pytest

from rostertui.cli import main
from rostertui.db.models import RegistrationCode
from rostertui.domain import invitations, registration
from rostertui.domain.enums import Kind
from rostertui.domain.errors import SeatLimitExceeded, ValidationFailed
from rostertui.domain.registration import RegistrationRefused, register
from rostertui.domain.users import create_clients, get_user
from tests.factories import client_data


def _code_from_mail(server) -> str:
    body = server.recorder.messages[-1].get_payload(decode=True).decode()
    return re.search(r"code: ([A-Z0-9-]{14})", body).group(1)


def cli(capsys, monkeypatch, db, *argv, stdin=""):
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(["--db", db, *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_invite_email_register_active(org_db, admin, smtp_server, capsys, monkeypatch):
    monkeypatch.setenv("ROSTERTUI_SMTP_URL", smtp_server.url)
    monkeypatch.setenv("ROSTERTUI_MAIL_FROM", "roster@example.com")
    [u] = invitations.invite(["newbie@example.com"], Kind.CLIENT, admin, message="Hi!")
    code, out, _ = cli(capsys, monkeypatch, org_db, "outbox", "list", "--json")
    assert json.loads(out) == [{"id": 1, "to": "newbie@example.com", "kind": "invitation",
                                "status": "queued", "attempts": 0, "last_error": None}]
    code, out, _ = cli(capsys, monkeypatch, org_db, "outbox", "send")
    assert code == 0 and "Delivered 1" in out
    reg = _code_from_mail(smtp_server)
    code, _, err = cli(capsys, monkeypatch, org_db, "register", reg, "--birthdate",
                       "1990-02-03")
    assert code == 1 and "first_name: is required to complete the registration" in err
    code, out, err = cli(capsys, monkeypatch, org_db, "register", reg.lower(), "--birthdate",
                         "1990-02-03", "--first-name", "New", "--last-name", "Bie", "--sex", "F",
                         "--password-stdin", stdin="Newbie-Passw0rd!\n")
    assert code == 0, err
    assert "the account is active" in out
    user = get_user(u.id)
    assert (user.status, user.first_name, user.birthdate, user.has_password) == (
        "active", "New", dt.date(1990, 2, 3), True)
    assert invitations.list_invitations() == []
    code, _, err = cli(capsys, monkeypatch, org_db, "register", reg, "--birthdate", "1990-02-03")
    assert code == 1 and "already been used" in err


def test_wrong_birthdate_and_expired_codes_are_refused(admin):
    [c] = create_clients([client_data(1, birthdate="1980-01-01")], admin)
    code = registration.issue_code(c.id, admin).code
    with pytest.raises(RegistrationRefused, match="does not match"):
        register(code, "1980-01-02")
    from rostertui.domain import audit

    assert audit.entries(target_id=c.id, action="user.registration_refused")
    RegistrationCode.update(expires_at=dt.datetime(2000, 1, 1)).execute()
    with pytest.raises(RegistrationRefused, match="expired"):
        register(code, "1980-01-01")
    with pytest.raises(RegistrationRefused, match="not valid"):
        register("ZZZZ-ZZZZ-ZZZZ", "1980-01-01")
    with pytest.raises(ValidationFailed, match="birthdate"):
        register(code, "not a date")


def test_registering_an_invited_client_takes_a_seat(admin):
    create_clients([client_data(i) for i in range(1, 11)], admin)  # the limit of 10
    [u] = invitations.invite(["late@example.com"], Kind.CLIENT, admin)
    code = registration.issue_code(u.id, admin).code
    with pytest.raises(SeatLimitExceeded):
        register(code, "1990-01-01", profile={"first_name": "L", "last_name": "Ate",
                                              "sex": "m"})
    assert get_user(u.id).status == "pending"


def test_outbox_send_exits_1_while_mail_is_undelivered(org_db, admin, capsys, monkeypatch):
    monkeypatch.setenv("ROSTERTUI_SMTP_URL", "smtp://127.0.0.1:9?timeout=1")  # nothing there
    invitations.invite(["x@example.com"], Kind.CLIENT, admin)
    code, out, _ = cli(capsys, monkeypatch, org_db, "outbox", "send", "--json")
    assert code == 1
    assert json.loads(out) == {"sent": 0, "failed": 0, "retrying": 1, "undelivered": 1}


def test_without_smtp_mail_goes_to_a_local_folder(org_db, admin, capsys, monkeypatch,
                                                  tmp_path):
    monkeypatch.setenv("ROSTERTUI_DATA_DIR", str(tmp_path / "data"))
    invitations.invite(["local@example.com"], Kind.CLIENT, admin)
    code, out, _ = cli(capsys, monkeypatch, org_db, "outbox", "send")
    assert code == 0 and str(tmp_path / "data" / "mail") in out
    assert len(list((tmp_path / "data" / "mail").glob("*.eml"))) == 1
