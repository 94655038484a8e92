"""`rostertui serve` in a real browser: headless Chromium (Debian's package, driven by
Playwright) opens the page, logs in and sees the Clients tab.

Skips, saying why, where Chromium or Playwright is missing, except under CI, where it fails:
`.ci/run` installs both.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ADMIN_PASSWORD

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]

# The page keeps its xterm.js terminal to itself; this catches it when the page's script
# stores it (`this.terminal = new Terminal(...)`), so the test reads the screen the browser
# drew from the terminal's own buffer.
CATCH_TERMINAL = """
(() => {
  window.__terminals = [];
  Object.defineProperty(Object.prototype, "terminal", {
    configurable: true,
    get() { return undefined; },
    set(value) {
      Object.defineProperty(this, "terminal", {value, writable: true, configurable: true,
                                               enumerable: true});
      if (value && value.buffer && value.buffer.active) window.__terminals.push(value);
    },
  });
})();
"""
READ_SCREEN = """() => {
  const term = window.__terminals[0];
  if (!term) return "";
  const buffer = term.buffer.active, lines = [];
  for (let y = 0; y < term.rows; y++) {
    const line = buffer.getLine(buffer.viewportY + y);
    lines.push(line ? line.translateToString(true) : "");
  }
  return lines.join("\\n");
}"""


def _browser_or_skip():
    reasons = []
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
        reasons.append("Playwright is not installed (pip install -e '.[test]')")
    if not Path(CHROMIUM).exists():
        reasons.append(f"{CHROMIUM} is missing (apt-get install -y chromium)")
    if reasons:
        if os.environ.get("CI"):
            pytest.fail("; ".join(reasons) + " (CI must run the browser test)")
        pytest.skip("; ".join(reasons))
    return sync_playwright


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_listening(server: subprocess.Popen, port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"rostertui serve exited ({server.returncode}): "
                        f"{server.stderr.read() if server.stderr else ''}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    pytest.fail(f"rostertui serve did not listen on port {port} within {timeout:.0f} s")


def _wait_screen(page, *wanted: str, timeout: float = 30.0) -> str:
    deadline, screen = time.monotonic() + timeout, ""
    while time.monotonic() < deadline:
        screen = page.evaluate(READ_SCREEN)
        if all(text in screen for text in wanted):
            return screen
        time.sleep(0.1)
    pytest.fail(f"the browser never showed {wanted!r}; its screen was:\n{screen}")


def test_the_browser_logs_in_and_sees_the_clients_tab(roster: str, tmp_path: Path):
    sync_playwright = _browser_or_skip()
    from rostertui.db.connection import close_database

    close_database()  # the server's apps open the database themselves
    port = _free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "rostertui", "--db", roster, "serve", "--port", str(port)],
            stdout=out, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        _wait_listening(server, port)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS,
                                                 headless=True)
            try:
                page = browser.new_page(viewport={"width": 1200, "height": 760})
                page.add_init_script(CATCH_TERMINAL)
                page.goto(f"http://127.0.0.1:{port}/")
                _wait_screen(page, "rostertui: log in", "you@example.com")
                page.focus(".xterm-helper-textarea")
                page.keyboard.type("admin@example.com")
                page.keyboard.press("Enter")  # the password typed at once goes where it should
                page.keyboard.type(ADMIN_PASSWORD)
                _wait_screen(page, "•" * len(ADMIN_PASSWORD))
                page.keyboard.press("Enter")
                screen = _wait_screen(page, "Clients", "Team Members", "client1@example.com")
                assert "Test Org" in screen
                assert ADMIN_PASSWORD not in screen
                assert len(_children(server.pid)) == 1  # this browser tab's app
            finally:
                browser.close()
        # the tab closed: its app quits while the server goes on serving
        deadline = time.monotonic() + 20
        while _children(server.pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _children(server.pid) == [], "the closed tab's app is still running"
        assert server.poll() is None
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
            pytest.fail("rostertui serve did not stop on SIGTERM")
    assert _group_gone(server.pid), "an app process outlived rostertui serve"


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:  # not Linux, or the server is gone
        return []
    return [int(p) for p in text.split()]


def _group_gone(group: int, timeout: float = 10.0) -> bool:
    """No process of the server's session is left (each browser tab's app included)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.1)
    os.killpg(group, signal.SIGKILL)
    return False
