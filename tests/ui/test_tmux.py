"""The app as a person over SSH sees it: the real program in tmux at 80x24 and 120x40, keys
typed with send-keys and the screen read with capture-pane. Each roster tab's own keys and
the seat count are on screen, and an import goes from file to commit to undo with only the
keys the screen shows."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

TMUX = shutil.which("tmux")
if TMUX is None:
    if os.environ.get("CI"):
        raise RuntimeError("tmux is missing: .ci/run installs it (apt-get install tmux)")
    pytest.skip("tmux is not installed (apt-get install tmux); these tests drive the real app "
                "in it", allow_module_level=True)

ROSTERTUI = str(Path(sys.executable).with_name("rostertui"))
SEATS = re.compile(r"Clients [\d,]+ / [\d,]+")


class Pane:
    """One tmux session running one command, read and typed into as a person would."""

    def __init__(self, command: list[str], width: int, height: int, env: dict[str, str]):
        self.name = f"rt-{uuid.uuid4().hex[:8]}"
        subprocess.run([TMUX, "new-session", "-d", "-s", self.name, "-x", str(width),
                        "-y", str(height), *command], check=True, env=env)

    def screen(self) -> str:
        return subprocess.run([TMUX, "capture-pane", "-p", "-t", self.name], check=True,
                              capture_output=True, text=True).stdout

    def keys(self, *keys: str, literal: bool = False) -> None:
        subprocess.run([TMUX, "send-keys", "-t", self.name, *(["-l"] if literal else []),
                        *keys], check=True)

    def wait(self, test: Callable[[str], bool], what: str, timeout: float = 30) -> str:
        deadline = time.monotonic() + timeout
        while True:
            text = self.screen()
            if test(text):
                return text
            if time.monotonic() > deadline:
                raise AssertionError(f"never saw {what}; the screen:\n{text}")
            time.sleep(0.1)

    def wait_for(self, needle: str, timeout: float = 30) -> str:
        return self.wait(lambda text: needle in text, repr(needle), timeout)

    def close(self) -> None:
        subprocess.run([TMUX, "kill-session", "-t", self.name], check=False,
                       capture_output=True)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    home = tmp_path_factory.mktemp("tmux-demo")
    env = {**os.environ, "XDG_DATA_HOME": str(home / "data"),
           "XDG_CONFIG_HOME": str(home / "config"), "TERM": "xterm-256color"}
    db = home / "demo.db"
    subprocess.run([ROSTERTUI, "--db", str(db), "demo", "--no-open"], check=True, env=env,
                   capture_output=True)
    return db, env


@pytest.fixture
def app_in_tmux(demo_db) -> Iterator[Callable[[int, int], Pane]]:
    db, env = demo_db
    panes: list[Pane] = []

    def open_at(width: int, height: int) -> Pane:
        pane = Pane([ROSTERTUI, "--db", str(db), "demo"], width, height, env)
        panes.append(pane)
        pane.wait(lambda text: "e Edit" in text and SEATS.search(text) is not None,
                  "the Clients tab's keys and the seat count")
        return pane

    yield open_at
    for pane in panes:
        pane.close()


def bottom(text: str) -> str:
    return [line for line in text.splitlines() if line.strip()][-1]


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_each_roster_tab_shows_its_own_keys_and_the_seat_count(app_in_tmux, size):
    pane = app_in_tmux(*size)
    text = pane.screen()
    assert SEATS.search(text.splitlines()[0]), text  # the header keeps the seat count
    # (the Pending tab's keys follow the row: an invitation's, or a sign-up request's)
    for key, own in (("2", [("r Roles", "i Invite")]),
                     ("3", [("x Delete invitation", "R Resend invitation"),
                            ("y Accept", "r Reject")]),
                     ("4", [("u Unarchive", "X Delete permanently")]),
                     ("1", [("n Add", "e Edit", "t Add tags")])):
        pane.keys(key)
        text = pane.wait(lambda t, own=own: any(all(k in bottom(t) for k in keys)
                                                for keys in own),
                         f"{own} in the key bar")
        assert bottom(text).rstrip().endswith(("? more", "? Help")), bottom(text)
        assert SEATS.search(text.splitlines()[0]), text


def test_an_import_from_file_to_commit_to_undo_with_the_keys_on_screen(app_in_tmux, tmp_path):
    csv_file = tmp_path / "three.csv"
    csv_file.write_text("email,first_name,last_name,birthdate,sex\n"
                        "tmux.one@example.com,Una,Tmux,1980-01-01,female\n"
                        "tmux.two@example.com,Duo,Tmux,1981-02-02,male\n"
                        "tmux.three@example.com,Tre,Tmux,1982-03-03,female\n", encoding="utf-8")
    pane = app_in_tmux(80, 24)
    before = SEATS.search(pane.screen()).group(0)
    used = int(before.split()[1].replace(",", ""))

    pane.keys("5")  # the Import tab, named on screen; its path field takes the focus
    pane.wait(lambda t: "n Add" not in bottom(t) and "Path" in t, "the Import tab's path field")
    pane.keys(str(csv_file), literal=True)
    pane.keys("Enter")
    pane.wait(lambda t: "c Commit" in bottom(t), "c Commit in the key bar")
    pane.keys("c")
    pane.wait(lambda t: "y Confirm" in t, "the commit confirmation's y key")
    pane.keys("y")
    pane.wait(lambda t: f"Clients {used + 3:,} /" in t, "three more clients in the header")

    pane.wait(lambda t: "h History" in bottom(t), "h History in the key bar")
    pane.keys("h")
    pane.wait(lambda t: "u Undo import" in t, "the history's undo key")
    pane.keys("u")
    pane.wait(lambda t: "y Confirm" in t, "the undo confirmation's y key")
    pane.keys("y")
    pane.wait(lambda t: f"Clients {used:,} /" in t, "the clients back to where they were")
