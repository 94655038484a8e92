"""The add-several grid in a real terminal (tmux, 80x24): bracketed paste of spreadsheet rows,
ctrl+s, and the clients checked with ``rostertui export clients``."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

PASSWORD = "Correct-Horse-Battery-42"
TMUX = shutil.which("tmux")
pytestmark = pytest.mark.skipif(
    TMUX is None and not os.environ.get("CI"), reason="tmux is not installed")
BIN = Path(sys.executable).parent / "rostertui"


class Term:
    def __init__(self, tmp: Path, db: str) -> None:
        self.name = f"grid-{uuid.uuid4().hex[:8]}"
        self.tmp = tmp
        env = {"ROSTERTUI_DATA_DIR": str(tmp / "data"), "ROSTERTUI_CONFIG": str(tmp / "c.toml"),
               "TERM": "xterm-256color"}
        exports = " ".join(f"{k}={v}" for k, v in env.items())
        subprocess.run([TMUX, "new-session", "-d", "-s", self.name, "-x", "80", "-y", "24",
                        f"env {exports} {BIN} --db {db}"], check=True)

    def screen(self) -> str:
        return subprocess.run([TMUX, "capture-pane", "-p", "-t", self.name],
                              capture_output=True, text=True).stdout

    def wait_for(self, text: str, timeout: float = 20) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            shown = self.screen()
            if text in shown:
                return shown
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never showed; the screen:\n{self.screen()}")

    def keys(self, *keys: str) -> None:
        for key in keys:  # one at a time: the app reads each before the next
            subprocess.run([TMUX, "send-keys", "-t", self.name, key], check=True)
            time.sleep(0.15)

    def type(self, text: str) -> None:
        subprocess.run([TMUX, "send-keys", "-t", self.name, "-l", text], check=True)
        time.sleep(0.3)

    def paste(self, text: str) -> None:
        path = self.tmp / f"paste-{uuid.uuid4().hex[:6]}.tsv"
        path.write_text(text, encoding="utf-8")
        subprocess.run([TMUX, "load-buffer", "-b", self.name, str(path)], check=True)
        subprocess.run([TMUX, "paste-buffer", "-p", "-d", "-b", self.name, "-t", self.name],
                       check=True)

    def close(self) -> None:
        subprocess.run([TMUX, "kill-session", "-t", self.name], capture_output=True)


def rostertui(db: str, *args: str, stdin: str = "") -> str:
    done = subprocess.run([str(BIN), "--db", db, *args], input=stdin, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


def emails(db: str) -> set[str]:
    lines = rostertui(db, "export", "clients").splitlines()
    return {line.split(",")[[c.strip() for c in lines[0].split(",")].index("email")]
            for line in lines[1:]}


def rows(*emails: str) -> str:
    return "".join(f"Tess{i}\tTmux{i}\t{e}\t1991-03-0{i + 1}\tfemale\n"
                   for i, e in enumerate(emails))


@pytest.fixture
def term(tmp_path: Path):
    db = str(tmp_path / "roster.db")
    rostertui(db, "init", "--org", "Tmux Org", "--admin-email", "admin@example.com",
              "--admin-first", "Ada", "--admin-last", "Admin", "--seat-limit", "100",
              "--password-stdin", stdin=PASSWORD + "\n")
    t = Term(tmp_path, db)
    try:
        t.wait_for("Password")
        t.type("admin@example.com")
        t.keys("Tab")
        t.type(PASSWORD)
        t.keys("Enter")
        t.wait_for("Clients")
        time.sleep(0.5)
        yield t, db
    finally:
        t.close()


def test_paste_three_rows_and_create_them(term):
    t, db = term
    t.keys("n")
    t.wait_for("Create new clients")
    t.paste(rows("t1@example.com", "t2@example.com", "t3@example.com"))
    t.wait_for("Create 3 accounts")
    t.keys("C-s")
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and len(emails(db)) < 3:
        time.sleep(0.3)
    assert {"t1@example.com", "t2@example.com", "t3@example.com"} <= emails(db)


def test_a_bad_email_shows_in_its_cell_and_blocks_the_batch_until_fixed(term):
    t, db = term
    t.keys("n")
    t.wait_for("Create new clients")
    t.paste(rows("b1@example.com", "b2-at-example.com", "b3@example.com"))
    t.wait_for("1 row with errors")
    t.keys("Down", "Right", "Right")  # the email cell of row 2
    shown = t.wait_for("not a valid email")
    assert "b2-at-example.com" in shown  # the cell keeps what was typed
    t.keys("C-s")
    t.wait_for("nothing was created")
    assert not emails(db)
    t.keys("Enter", "C-u")
    t.type("b2@example.com")
    t.keys("Enter")
    t.wait_for("Create 3 accounts")
    t.keys("C-s")
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and len(emails(db)) < 3:
        time.sleep(0.3)
    assert emails(db) == {"b1@example.com", "b2@example.com", "b3@example.com"}
