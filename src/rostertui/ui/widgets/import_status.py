"""The Import tab's status line: what the file on show is or what is happening, and a
progress bar while a worker reads, checks or commits."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import ProgressBar, Static

from rostertui.ui.widgets.inert import inert


class ImportStatusLine(Horizontal):
    """``say`` a line (plain text, never markup); ``start``/``step``/``stop`` the progress."""

    STEPS = 2  # reading and checking, then planning against the roster

    def __init__(self, text: str = "", *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._first = text

    def compose(self) -> ComposeResult:
        yield Static(inert(self._first), id="import-status")
        yield ProgressBar(total=self.STEPS, show_eta=False, show_percentage=False,
                          id="import-progress")

    def on_mount(self) -> None:
        self.query_one(ProgressBar).display = False

    def say(self, text: str, *, error: bool = False) -> None:
        self.query_one("#import-status", Static).update(inert(text, "bold red" if error else ""))

    def start(self, text: str, *, indeterminate: bool = False) -> None:
        """Work began: show the bar from zero (or pulsing, when ``indeterminate``)."""
        bar = self.query_one(ProgressBar)
        if indeterminate:
            bar.update(total=None, progress=0)
        else:
            bar.update(total=self.STEPS, progress=0)
        bar.display = True
        self.say(text)

    def step(self, step: int, text: str) -> None:
        self.query_one(ProgressBar).update(progress=step)
        self.say(text)

    def progress(self, done: int, total: int, text: str) -> None:
        """``done`` of ``total`` (e.g. passwords hashed), and the line that says so."""
        bar = self.query_one(ProgressBar)
        bar.update(total=max(total, 1), progress=done)
        bar.display = True
        self.say(text)

    def stop(self) -> None:
        bar = self.query_one(ProgressBar)
        bar.display = False
        bar.update(total=self.STEPS, progress=0)
