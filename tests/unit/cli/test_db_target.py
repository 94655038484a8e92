"""--db never makes or takes over a database by accident (issue 15): only init and demo
create one; every other command refuses a missing file or another program's SQLite file and
leaves it exactly as it was."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest

from .test_cli import init, run

COMMANDS = [["imports", "list"], ["export", "clients"], ["outbox", "list"],
            ["imports", "revert", "1"], ["register", "ABCD-EFGH-JKMN", "--birthdate",
                                         "1980-01-02"]]


def _import_args(tmp_path: Path) -> list[str]:
    src = tmp_path / "in.csv"
    src.write_text("email,first_name,last_name,birthdate,sex\r\n"
                   "a@example.com,Ann,Lee,1980-01-02,female\r\n")
    return ["import", str(src), "--dry-run"]


@pytest.mark.parametrize("argv", [*COMMANDS, None])
def test_a_missing_database_is_refused_and_not_created(capsys, monkeypatch, tmp_path, argv):
    typo = tmp_path / "typo.db"
    argv = argv or _import_args(tmp_path)
    code, _, err = run(capsys, monkeypatch, "--db", str(typo), *argv)
    assert code == 2, err
    assert f"no rostertui database at {typo}; create one with `rostertui init`" in err
    assert not typo.exists() and not Path(f"{typo}-wal").exists()


@pytest.mark.parametrize("argv", [*COMMANDS, None])
def test_another_programs_sqlite_file_is_left_untouched(capsys, monkeypatch, tmp_path, argv):
    other = tmp_path / "other.db"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    con.execute("INSERT INTO notes (body) VALUES ('hello')")
    con.commit()
    con.close()
    before, mtime = other.read_bytes(), other.stat().st_mtime_ns
    argv = argv or _import_args(tmp_path)
    code, _, err = run(capsys, monkeypatch, "--db", str(other), *argv)
    assert code == 2 and "another program" in err and "left as it was" in err, err
    assert other.read_bytes() == before and other.stat().st_mtime_ns == mtime
    assert not Path(f"{other}-wal").exists() and not Path(f"{other}-shm").exists()
    # init and demo do not take it over either
    code, _, err = init(capsys, monkeypatch, str(other))
    assert code == 2 and "another program" in err
    code, _, err = run(capsys, monkeypatch, "--db", str(other), "demo", "--no-open")
    assert code == 2 and other.read_bytes() == before


def test_a_file_that_is_not_sqlite_is_refused(capsys, monkeypatch, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("just some text, long enough to be read as a header by SQLite " * 4)
    before = notes.read_bytes()
    code, _, err = run(capsys, monkeypatch, "--db", str(notes), "imports", "list")
    assert code == 2 and "not a rostertui database" in err
    assert notes.read_bytes() == before
    empty = tmp_path / "empty.db"
    empty.touch()
    code, _, err = run(capsys, monkeypatch, "--db", str(empty), "export", "clients")
    assert code == 2 and "empty file" in err and empty.stat().st_size == 0


def test_a_touched_file_becomes_private_on_init(capsys, monkeypatch, tmp_path):
    touched = tmp_path / "touched.db"
    touched.touch()
    os.chmod(touched, 0o644)
    code, _, err = init(capsys, monkeypatch, str(touched))
    assert code == 0, err
    assert stat.S_IMODE(touched.stat().st_mode) == 0o600
    for companion in (Path(f"{touched}-wal"), Path(f"{touched}-shm")):
        if companion.exists():
            assert stat.S_IMODE(companion.stat().st_mode) & 0o077 == 0
    code, out, _ = run(capsys, monkeypatch, "--db", str(touched), "imports", "list")
    assert code == 0 and "No imports yet." in out


def test_an_empty_postgresql_database_is_refused_untouched(capsys, monkeypatch):
    from tests.conftest import postgres_schema_url

    gen = postgres_schema_url()
    url = next(gen)
    try:
        code, _, err = run(capsys, monkeypatch, "--db", url, "imports", "list")
        assert code == 2 and "no rostertui database at" in err
        import psycopg2

        schema = url.rsplit("%3D", 1)[1]
        con = psycopg2.connect(url.split("?")[0])
        cur = con.cursor()
        cur.execute("SELECT count(*) FROM information_schema.tables WHERE table_schema = %s",
                    (schema,))
        assert cur.fetchone()[0] == 0
        con.close()
    finally:
        next(gen, None)
