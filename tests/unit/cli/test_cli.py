"""The command line: exit codes 0/1/2, one-line errors on stderr, and each command's work."""

from __future__ import annotations

import csv
import io
import os
import stat
import subprocess
import sys

import pytest

from rostertui.cli import main

PASSWORD = "Admin-Passw0rd!"


def run(capsys, monkeypatch, *argv, stdin: str = ""):
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    try:
        code = main(list(argv))
    except SystemExit as exc:  # argparse usage errors and --help
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


def init(capsys, monkeypatch, db, **extra):
    args = ["--db", db, "init", "--org", "Acme", "--admin-email", "Boss@Example.com",
            "--admin-first", "Bo", "--admin-last", "Boss", "--password-stdin"]
    for key, value in extra.items():
        args += [f"--{key.replace('_', '-')}", str(value)]
    return run(capsys, monkeypatch, *args, stdin=PASSWORD + "\n")


def test_init_creates_the_organization_and_admin(capsys, monkeypatch, db_path):
    code, out, err = init(capsys, monkeypatch, str(db_path), seat_limit=5)
    assert code == 0, err
    assert "Administrator: boss@example.com" in out and PASSWORD not in out + err
    code, out, err = init(capsys, monkeypatch, str(db_path))
    assert code == 1
    assert err.startswith("rostertui: error: this database already belongs to 'Acme'")
    assert err.count("\n") == 1


def test_init_refuses_a_weak_password_and_a_bad_email(capsys, monkeypatch, db_path):
    code, _, err = run(capsys, monkeypatch, "--db", str(db_path), "init", "--org", "A",
                       "--admin-email", "x@example.com", "--admin-first", "A", "--admin-last",
                       "B", "--password-stdin", stdin="weak\n")
    assert code == 1 and "the password needs" in err
    code, _, err = run(capsys, monkeypatch, "--db", str(db_path), "init", "--org", "A",
                       "--admin-email", "nope", "--admin-first", "A", "--admin-last", "B",
                       "--password-stdin", stdin=PASSWORD + "\n")
    assert code == 1 and "email" in err and "not a valid email address" in err


def test_usage_errors_exit_2(capsys, monkeypatch):
    code, _, err = run(capsys, monkeypatch, "export", "everyone")
    assert code == 2 and "invalid choice" in err
    code, _, err = run(capsys, monkeypatch, "init", "--org", "x")
    assert code == 2


def test_a_bad_database_is_a_file_error(capsys, monkeypatch, tmp_path):
    code, _, err = run(capsys, monkeypatch, "--db", "mysql://x/y", "export", "clients")
    assert code == 2 and "unknown database URL scheme" in err
    code, _, err = run(capsys, monkeypatch, "--db", str(tmp_path), "export", "clients")
    assert code == 2 and "is a directory" in err


def test_db_comes_from_the_environment(capsys, monkeypatch, tmp_path):
    target = tmp_path / "env.db"
    monkeypatch.setenv("ROSTERTUI_DB", str(target))
    code, _, _ = run(capsys, monkeypatch, "init", "--org", "Env", "--admin-email",
                     "a@example.com", "--admin-first", "A", "--admin-last", "B",
                     "--password-stdin", stdin=PASSWORD + "\n")
    assert code == 0 and target.exists()


def test_demo_builds_a_database_and_export_round_trips(capsys, monkeypatch, tmp_path):
    db = str(tmp_path / "demo.db")
    code, out, err = run(capsys, monkeypatch, "--db", db, "demo", "--no-open")
    assert code == 0, err
    assert "clients: 208 (186 active, 8 pending, 14 archived)" in out
    assert "team members: 11" in out and "admin@northwind-health.example" in out
    code, out, _ = run(capsys, monkeypatch, "--db", db, "demo", "--no-open")
    assert code == 0 and "Using the demo database" in out
    out_file = tmp_path / "clients.csv"
    code, _, err = run(capsys, monkeypatch, "--db", db, "export", "clients", "--status",
                       "active", "-o", str(out_file))
    assert code == 0 and "Wrote 186 clients" in err
    assert stat.S_IMODE(os.stat(out_file).st_mode) == 0o600
    rows = list(csv.DictReader(out_file.open(encoding="utf-8", newline="")))
    assert len(rows) == 186 and {r["status"] for r in rows} == {"active"}


def test_demo_refuses_a_real_database(capsys, monkeypatch, db_path):
    init(capsys, monkeypatch, str(db_path))
    code, _, err = run(capsys, monkeypatch, "--db", str(db_path), "demo", "--no-open")
    assert code == 1 and "holds a real organization" in err
    code, _, err = run(capsys, monkeypatch, "--db", str(db_path), "demo", "--reset")
    assert code == 2 and "not a demo database" in err
    assert db_path.exists()


def test_export_to_a_missing_folder_writes_nothing(capsys, monkeypatch, db_path, tmp_path):
    init(capsys, monkeypatch, str(db_path))
    code, _, err = run(capsys, monkeypatch, "--db", str(db_path), "export", "team", "-o",
                       str(tmp_path / "nope" / "x.csv"))
    assert code == 2 and "does not exist" in err


def test_template(capsys, monkeypatch):
    code, out, _ = run(capsys, monkeypatch, "template", "team")
    assert code == 0 and out.splitlines()[0].startswith("email,first_name,middle_name")


@pytest.mark.parametrize("entry", [["rostertui"], [sys.executable, "-m", "rostertui"]])
def test_entry_points(entry, tmp_path):
    if entry == ["rostertui"]:
        entry = [os.path.join(os.path.dirname(sys.executable), "rostertui")]
    result = subprocess.run([*entry, "--help"], capture_output=True, text=True, check=False)
    assert result.returncode == 0 and "init" in result.stdout and "export" in result.stdout
