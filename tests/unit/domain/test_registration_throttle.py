"""Finding 14 of issue 15: wrong dates of birth lock a registration code for 15 minutes
after 5, and revoke it after 10, with the admin told in the audit log; the CLI and the
service share the rule."""

from __future__ import annotations

import datetime as dt
import io
import sys

import pytest

from rostertui.cli import main
from rostertui.db.models import RegistrationCode
from rostertui.domain import audit, registration
from rostertui.domain.registration import RegistrationRefused, register
from rostertui.domain.users import create_clients, get_user
from tests.factories import client_data

RIGHT, WRONG = "1980-01-01", "1980-01-02"
PROFILE = {"first_name": "Cara", "last_name": "Client", "sex": "f"}


def _code(admin) -> tuple[int, str]:
    [c] = create_clients([client_data(1, birthdate=RIGHT, status="pending")], admin)
    return c.id, registration.issue_code(c.id, admin).code


def _wrong(code: str, times: int) -> list[str]:
    said = []
    for _ in range(times):
        with pytest.raises(RegistrationRefused) as refused:
            register(code, WRONG)
        said.append(str(refused.value))
    return said


def test_five_wrong_dates_lock_the_code_for_fifteen_minutes(admin):
    uid, code = _code(admin)
    said = _wrong(code, 5)
    assert "4 more wrong dates and the code is locked" in said[0]
    assert "locked for 15 minutes" in said[4]
    with pytest.raises(RegistrationRefused, match="too many wrong dates of birth.*15 minutes"):
        register(code, RIGHT, profile=PROFILE)  # even the right date waits
    assert get_user(uid).status == "pending"
    assert audit.entries(target_id=uid, action="registration_code.locked")
    assert registration.view_code(uid).locked
    # After the lock, the right date of birth works.
    RegistrationCode.update(locked_until=dt.datetime(2000, 1, 1)).execute()
    assert register(code, RIGHT, profile=PROFILE).status == "active"


def test_ten_wrong_dates_revoke_the_code_and_the_audit_log_says_so(admin):
    uid, code = _code(admin)
    _wrong(code, 5)
    RegistrationCode.update(locked_until=None).execute()
    said = _wrong(code, 5)
    assert "revoked" in said[-1]
    RegistrationCode.update(locked_until=None).execute()
    with pytest.raises(RegistrationRefused, match="revoked after 10 wrong dates of birth"):
        register(code, RIGHT, profile=PROFILE)
    assert registration.view_code(uid).revoked_at is not None
    [entry] = audit.entries(target_id=uid, action="registration_code.revoked")
    assert "10 wrong dates of birth" in str(entry.details)
    # The mailer (or the admin) gives a new code; the revoked one stays dead.
    fresh = registration.issue_code(uid, admin).code
    assert fresh != code
    assert register(fresh, RIGHT, profile=PROFILE).status == "active"


def test_the_cli_shares_the_rule(admin, org_db, capsys, monkeypatch):
    uid, code = _code(admin)
    for _ in range(5):
        monkeypatch.setattr(sys, "stdin", io.StringIO(""))
        assert main(["--db", org_db, "register", code, "--birthdate", WRONG]) == 1
    err = capsys.readouterr().err
    assert "does not match" in err and "locked for 15 minutes" in err
    assert main(["--db", org_db, "register", code, "--birthdate", RIGHT,
                 "--first-name", "Cara", "--last-name", "Client", "--sex", "f"]) == 1
    assert "too many wrong dates of birth" in capsys.readouterr().err
    from rostertui.db.connection import open_database

    open_database(org_db)
    assert get_user(uid).status == "pending"
