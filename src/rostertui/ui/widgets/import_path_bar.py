"""The Import tab's path bar: type the path of a CSV file (→ completes), Enter chooses it."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.message import Message
from textual.widgets import Input

from rostertui.ui.widgets.csv_picker import PathSuggester


class ImportPathBar(Input):
    """A one-line path field; posts :class:`PathChosen` when Enter is pressed on a path."""

    KEY_BAR_ENTER = "Open"

    @dataclass
    class PathChosen(Message):
        bar: ImportPathBar
        path: str

        @property
        def control(self) -> ImportPathBar:
            return self.bar

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(placeholder="Path of a CSV file (→ completes, Enter loads)",
                         suggester=PathSuggester(), id=id, classes=classes, compact=True)

    def show_path(self, path: str) -> None:
        """Show the file on show's path, without posting anything."""
        if self.value != path:
            with self.prevent(Input.Changed):
                self.value = path

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        path = event.value.strip()
        if path:
            self.post_message(self.PathChosen(self, path))
