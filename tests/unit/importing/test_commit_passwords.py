"""Finding 16 of issue 15: an import with initial passwords hashes them on every core,
before the write transaction, with progress (rows hashed and an ETA) for the CLI and the
Import tab; a dry run hashes nothing."""

from __future__ import annotations

import io
import sys
import threading

from rostertui.cli import main
from rostertui.cli.progress import for_terminal
from rostertui.db.models import User
from rostertui.domain import org, passwords
from tests.unit.importing.conftest import CLIENT_HEADER, client_line, csv_bytes

PASSWORD = "Welc0me-Home!"


def _file(n: int) -> bytes:
    return csv_bytes(f"{CLIENT_HEADER},initial_password\n" + "".join(
        f"{client_line(i)},{PASSWORD}{i}\n" for i in range(1, n + 1)))


def test_passwords_are_hashed_on_every_core_before_the_transaction(make_session, admin,
                                                                   monkeypatch):
    org.update_org(admin, client_seat_limit=None)
    threads, in_transaction = set(), []
    real = passwords.hash_password

    def spy(password: str) -> str:
        threads.add(threading.current_thread().name)
        from rostertui.db.models import database

        in_transaction.append(database.obj.in_transaction())
        return real(password)

    monkeypatch.setattr(passwords, "hash_password", spy)
    monkeypatch.setattr(passwords, "workers", lambda: 4)
    seen = []
    session = make_session(_file(12))
    result = session.commit(admin, progress=seen.append)
    assert result.created == 12
    assert len(threads) == 4 and not any(in_transaction)
    hashing = [p for p in seen if p.stage == "hashing"]
    assert hashing[-1].done == hashing[-1].total == 12
    assert all(p.eta is None or p.eta >= 0 for p in hashing)
    assert [p.stage for p in seen if p.stage != "hashing"][-1] == "done"
    assert seen[-1].done == seen[-1].total == 12
    stored = User.get(User.email == "c7@example.com").password_hash
    assert stored.startswith("$argon2id$") and passwords.verify_password(f"{PASSWORD}7", stored)


def test_a_dry_run_hashes_nothing(org_db, admin, tmp_path, monkeypatch, capsys):
    org.update_org(admin, client_seat_limit=None)
    calls = []
    monkeypatch.setattr(passwords, "hash_password", lambda p: calls.append(1) or "x")
    path = tmp_path / "with_passwords.csv"
    path.write_bytes(_file(5))
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    assert main(["--db", org_db, "import", str(path), "--dry-run"]) == 0
    assert calls == []


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_cli_shows_progress_on_a_terminal_only(make_session, admin):
    org.update_org(admin, client_seat_limit=None)
    assert for_terminal(io.StringIO()) is None
    screen = _Terminal()
    make_session(_file(6)).commit(admin, progress=for_terminal(screen))
    text = screen.getvalue()
    assert "Hashing initial passwords: 6 of 6 (100%)" in text
    assert "Writing 6 rows" in text
    assert PASSWORD not in text
