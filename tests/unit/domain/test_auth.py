"""Logging in: who gets in, the lockout after five failures, and the audit trail."""

from __future__ import annotations

import datetime as dt

import pytest

from rostertui.db.models import AuditEntry, utcnow
from rostertui.domain import auth, users
from rostertui.domain.errors import AuthenticationFailed
from tests.conftest import ADMIN_PASSWORD
from tests.factories import client_data, team_data

PASSWORD = "Other-Passw0rd!"


def test_administrator_logs_in_and_is_audited(admin):
    actor = auth.login("Admin@Example.com ", ADMIN_PASSWORD)
    assert actor.user_id == admin.user_id
    entry = AuditEntry.select().order_by(AuditEntry.id.desc()).first()
    assert entry.action == "login.succeeded"
    assert ADMIN_PASSWORD not in entry.details


def test_wrong_password_and_unknown_email_get_the_same_message(admin):
    with pytest.raises(AuthenticationFailed) as wrong:
        auth.login("admin@example.com", "nope")
    with pytest.raises(AuthenticationFailed) as unknown:
        auth.login("ghost@example.com", "nope")
    assert str(wrong.value).split("(")[0] == str(unknown.value).split("(")[0]
    assert "wrong email or password" in str(wrong.value)


@pytest.mark.parametrize("make", ["client", "practitioner", "archived_admin"])
def test_only_active_administrators_get_in(admin, make):
    if make == "client":
        record = users.create_clients([client_data(password=PASSWORD)], admin)[0]
    else:
        record = users.create_team_members([team_data(
            password=PASSWORD, roles=["Administrator" if make == "archived_admin"
                                      else "Practitioner"])], admin)[0]
        if make == "archived_admin":
            users.archive_users([record.id], admin)
    with pytest.raises(AuthenticationFailed, match="only"):
        auth.login(record.email, PASSWORD)
    assert AuditEntry.select().where(AuditEntry.action == "login.refused").count() == 1


def test_five_failures_lock_the_email_for_five_minutes(admin):
    now = utcnow()
    for _ in range(4):
        with pytest.raises(AuthenticationFailed):
            auth.login("admin@example.com", "wrong", now=now)
    with pytest.raises(auth.LockedOut):
        auth.login("admin@example.com", "wrong", now=now)
    # even the right password is refused while locked, and it survives "a restart"
    with pytest.raises(auth.LockedOut, match="try again in 5 minutes"):
        auth.login("admin@example.com", ADMIN_PASSWORD, now=now + dt.timedelta(seconds=1))
    later = now + auth.LOCKOUT + dt.timedelta(seconds=1)
    assert auth.login("admin@example.com", ADMIN_PASSWORD, now=later).user_id == admin.user_id
    actions = [e.action for e in AuditEntry.select().where(AuditEntry.action.startswith("login"))]
    assert actions.count("login.failed") == 5 and "login.refused" in actions


def test_session_for_applies_the_same_rule(admin):
    assert auth.session_for("admin@example.com", "demo").user_id == admin.user_id
    record = users.create_clients([client_data()], admin)[0]
    with pytest.raises(AuthenticationFailed):
        auth.session_for(record.email, "demo")


def test_an_scrypt_hash_is_replaced_by_argon2id_at_the_next_login(admin):
    from rostertui.db.models import User
    from rostertui.domain import passwords

    User.update(password_hash=passwords.legacy_scrypt_hash(ADMIN_PASSWORD)).where(
        User.id == admin.user_id).execute()
    version = User.get_by_id(admin.user_id).version
    with pytest.raises(AuthenticationFailed):
        auth.login("admin@example.com", "Wrong-Passw0rd!")
    assert User.get_by_id(admin.user_id).password_hash.startswith("scrypt$")
    auth.login("admin@example.com", ADMIN_PASSWORD)
    user = User.get_by_id(admin.user_id)
    assert user.password_hash.startswith("$argon2id$") and user.version == version
    assert passwords.verify_password(ADMIN_PASSWORD, user.password_hash)
    entry = AuditEntry.select().order_by(AuditEntry.id.desc()).first()
    assert '"password_rehashed": true' in entry.details and "argon2" not in entry.details
