"""The Import tab's counters: how many rows create, update, stay unchanged or have errors,
the emails a commit would queue, and which rows the preview shows."""

from __future__ import annotations

from collections.abc import Mapping

from rich.text import Text
from textual.widgets import Static

from rostertui.ui.text import plural


def counters_text(summary: Mapping[str, int], showing: str) -> Text:
    """One line from :meth:`~rostertui.importing.engine.ImportSession.summary`."""
    s = summary
    text = Text(no_wrap=True, end="")
    text.append(f"{s['create']:,} create", "green")
    text.append("  ·  ")
    text.append(f"{s['update']:,} update", "yellow")
    text.append("  ·  ")
    text.append(f"{s['unchanged']:,} unchanged", "dim")
    text.append("  ·  ")
    text.append(f"{s['error']:,} with errors", "bold red" if s["error"] else "")
    text.append(f"  ·  {plural(s['emails'], 'email')} to send")
    text.append(f"   Showing: {showing} (f)", "italic")
    return text


class ImportCounters(Static):
    """One line of counts; ``show`` it from a session's summary."""

    def show(self, summary: Mapping[str, int], showing: str) -> None:
        self.update(counters_text(summary, showing))
