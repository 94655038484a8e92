"""Where -o and --errors-out may write (issue 15): never over the open database, a device, a
FIFO or a folder; over an existing file only with --force; - is stdout; all or nothing."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from .test_cli import init, run

ROWS = "email,first_name,last_name,birthdate,sex\r\nbad,Ann,Lee,1980-01-02,female\r\n"


@pytest.fixture
def roster(capsys, monkeypatch, db_path) -> str:
    code, _, err = init(capsys, monkeypatch, str(db_path))
    assert code == 0, err
    return str(db_path)


def _intact(db: str, before: bytes) -> None:
    assert Path(db).read_bytes()[:100] == before[:100]
    assert Path(db).stat().st_size == len(before)


def test_export_over_the_open_database_is_refused_even_with_force(capsys, monkeypatch,
                                                                  roster):
    before = Path(roster).read_bytes()
    for extra in ([], ["--force"]):
        code, _, err = run(capsys, monkeypatch, "--db", roster, "export", "clients", "-o",
                           roster, *extra)
        assert code == 2 and "is the open database" in err, err
    _intact(roster, before)
    # through another name (a symlink) too, and for the template, which opens no database
    link = Path(roster).with_name("alias.db")
    link.symlink_to(roster)
    code, _, err = run(capsys, monkeypatch, "--db", roster, "export", "team", "-o", str(link),
                       "--force")
    assert code == 2 and "open database" in err
    code, _, err = run(capsys, monkeypatch, "--db", roster, "template", "clients", "-o",
                       roster, "--force")
    assert code == 2 and "open database" in err
    _intact(roster, before)


def test_errors_out_over_the_database_is_refused(capsys, monkeypatch, roster, tmp_path):
    src = tmp_path / "in.csv"
    src.write_text(ROWS)
    before = Path(roster).read_bytes()
    code, out, err = run(capsys, monkeypatch, "--db", roster, "import", str(src), "--dry-run",
                         "--errors-out", roster, "--force", "--json")
    assert code == 2 and "open database" in err and '"file_errors": [{"message"' in out
    _intact(roster, before)


def test_a_fifo_or_a_device_is_never_replaced(capsys, monkeypatch, roster, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    code, _, err = run(capsys, monkeypatch, "--db", roster, "export", "clients", "-o",
                       str(fifo), "--force")
    assert code == 2 and "FIFO" in err
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    code, _, err = run(capsys, monkeypatch, "template", "team", "-o", "/dev/null", "--force")
    assert code == 2 and "character device" in err
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    code, _, err = run(capsys, monkeypatch, "template", "team", "-o", str(tmp_path))
    assert code == 2 and "folder" in err


def test_an_existing_file_needs_force(capsys, monkeypatch, roster, tmp_path):
    target = tmp_path / "clients.csv"
    target.write_text("keep me")
    code, _, err = run(capsys, monkeypatch, "--db", roster, "export", "clients", "-o",
                       str(target))
    assert code == 2 and "already exists; add --force" in err
    assert target.read_text() == "keep me"
    code, _, err = run(capsys, monkeypatch, "--db", roster, "export", "clients", "-o",
                       str(target), "--force")
    assert code == 0 and target.read_text().startswith("id,")
    src = tmp_path / "in.csv"
    src.write_text(ROWS)
    errors = tmp_path / "errors.csv"
    errors.write_text("old")
    code, _, err = run(capsys, monkeypatch, "--db", roster, "import", str(src), "--dry-run",
                       "--errors-out", str(errors))
    assert code == 2 and "--errors-out" in err and "already exists" in err
    assert errors.read_text() == "old"
    code, _, err = run(capsys, monkeypatch, "--db", roster, "import", str(src), "--dry-run",
                       "--errors-out", str(errors), "--force")
    assert code == 1 and "not a valid email" in errors.read_text()


def test_dash_is_stdout(capsys, monkeypatch, roster, tmp_path):
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, monkeypatch, "--db", roster, "export", "team", "-o", "-")
    assert code == 0 and out.startswith("id,") and not (tmp_path / "-").exists()
    code, out, _ = run(capsys, monkeypatch, "template", "clients", "-o", "-")
    assert code == 0 and out.startswith("email,")
    src = tmp_path / "in.csv"
    src.write_text(ROWS)
    code, out, _ = run(capsys, monkeypatch, "--db", roster, "import", str(src), "--dry-run",
                       "--errors-out", "-")
    assert code == 1 and "bad,Ann,Lee" in out
    code, _, err = run(capsys, monkeypatch, "--db", roster, "import", str(src), "--dry-run",
                       "--errors-out", "-", "--json")
    assert code == 2 and "both write to stdout" in err


def test_a_failed_write_leaves_nothing_behind(capsys, monkeypatch, roster, tmp_path):
    from rostertui.domain import export

    def boom(fh, *args, **kwargs):
        fh.write("id,email\r\n1,half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(export, "export_users", boom)
    target = tmp_path / "out.csv"
    target.write_text("before")
    code, _, err = run(capsys, monkeypatch, "--db", roster, "export", "clients", "-o",
                       str(target), "--force")
    assert code == 2 and "No space left" in err
    assert target.read_text() == "before"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".out")) == []
