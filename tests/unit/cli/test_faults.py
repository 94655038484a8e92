"""Faults give one clear error and leave nothing half-written: a full disk, a read-only
database, a database from a newer rostertui."""

from __future__ import annotations

import os
import resource
import signal
import sqlite3
import subprocess
import sys

import pytest

ROSTERTUI = [sys.executable, "-m", "rostertui"]


def _limited(max_bytes: int):
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # get EFBIG, not a kill
        resource.setrlimit(resource.RLIMIT_FSIZE, (max_bytes, max_bytes))
    return apply


@pytest.mark.parametrize("limit", [120_000, 300_000])  # while migrating; while building
def test_a_full_disk_is_one_clear_error_and_writes_nothing(tmp_path, limit):
    db = tmp_path / "full.db"
    result = subprocess.run([*ROSTERTUI, "--db", str(db), "demo", "--no-open"],
                            capture_output=True, text=True, preexec_fn=_limited(limit),
                            check=False)
    assert result.returncode == 2
    assert result.stderr.startswith("rostertui: error: ")
    assert "disk" in result.stderr and "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1
    # Nothing half-built: the organization does not exist, and a retry with room succeeds.
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    tables = {name for (name,) in con.execute("SELECT name FROM sqlite_master")}
    if "user" in tables:  # the migrations went through; the demo build did not
        assert con.execute("SELECT count(*) FROM user").fetchone()[0] == 0
    con.close()
    ok = subprocess.run([*ROSTERTUI, "--db", str(db), "demo", "--no-open"],
                        capture_output=True, text=True, check=False)
    assert ok.returncode == 0, ok.stderr


def test_a_database_from_a_newer_version_is_refused(tmp_path):
    db = tmp_path / "future.db"
    subprocess.run([*ROSTERTUI, "--db", str(db), "demo", "--no-open"], capture_output=True,
                   check=True)
    con = sqlite3.connect(db)
    con.execute("INSERT INTO schema_version VALUES (999, 'future', '2099-01-01')")
    con.commit()
    con.close()
    result = subprocess.run([*ROSTERTUI, "--db", str(db), "export", "clients"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 2 and "upgrade rostertui" in result.stderr
    assert result.stderr.count("\n") == 1 and result.stdout == ""


def _read_only(path) -> list:
    """Make the database file read-only even for root (which ignores permissions): an
    immutable file (chattr +i) as root, plain permissions otherwise. Returns undo steps."""
    if os.geteuid() == 0:
        done = subprocess.run(["chattr", "+i", str(path)], capture_output=True, check=False)
        if done.returncode != 0:
            pytest.skip("running as root without chattr +i: a read-only file cannot be made")
        return [["chattr", "-i", str(path)]]
    path.chmod(0o444)
    return [["chmod", "644", str(path)]]


def test_a_read_only_database_can_be_read_but_not_changed(tmp_path):
    db = tmp_path / "ro.db"
    subprocess.run([*ROSTERTUI, "--db", str(db), "demo", "--no-open"], capture_output=True,
                   check=True)
    undo = _read_only(db)
    try:
        read = subprocess.run([*ROSTERTUI, "--db", str(db), "export", "team"],
                              capture_output=True, text=True, check=False)
        assert read.returncode == 0 and "admin@northwind-health.example" in read.stdout
        write = subprocess.run([*ROSTERTUI, "--db", str(db), "outbox", "send"],
                               capture_output=True, text=True, check=False)
        assert write.returncode == 2
        assert "readonly" in write.stderr and "permissions" in write.stderr
        assert "Traceback" not in write.stderr and write.stderr.count("\n") == 1
    finally:
        for step in undo:
            subprocess.run(step, check=False)
