"""Live data: notice changes made by any other process and say so with a typed message.

:class:`LiveData` is an invisible widget. A thread worker of its own looks at the
database's change token (:class:`rostertui.db.changes.ChangeProbe`: one tiny query on a
connection kept for it) every :attr:`LiveData.INTERVAL` seconds and posts
:class:`LiveData.Changed` when it moved: another process (``rostertui register``, a CLI
import, a second admin) or a worker of this app (the mail dispatcher marking a message
sent) committed a write. The UI thread never waits on it.

The screen that holds it decides what to read again (the main screen: the header's counts
and the rows on show, see :func:`keep_cursor_on`).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any, ClassVar

from textual import work
from textual.message import Message
from textual.widget import Widget
from textual.worker import get_current_worker

from rostertui.ui.services import change_probe, database_error_reason


class LiveData(Widget):
    """Posts :class:`Changed` (to itself; it bubbles to the screen) when the database moved."""

    DEFAULT_CSS = "LiveData { display: none; }"

    INTERVAL: ClassVar[float] = 0.5  # seconds between looks: a change shows within ~1 s

    @dataclass
    class Changed(Message):
        """Something was written to the database since the last look."""

        live: LiveData

    @dataclass
    class Paused(Message):
        """The change token could not be read; looks go on and :class:`Changed` follows
        once it can be read again."""

        live: LiveData
        reason: str

    def __init__(self, *, interval: float | None = None, id: str | None = None) -> None:
        super().__init__(id=id)
        self.interval = self.INTERVAL if interval is None else interval
        self._stop = threading.Event()
        self.looks = 0  # how many times the token was read (benchmarks and tests)

    def on_mount(self) -> None:
        self._watch()

    def on_unmount(self) -> None:
        self._stop.set()

    def on_live_data_paused(self, event: Paused) -> None:
        self.app.notify(f"Live updates paused: {event.reason}. Still trying; the rows show "
                        "what was read last.", title="Live data", severity="warning",
                        timeout=10)

    @work(thread=True, exclusive=True, group="live-data", exit_on_error=False)
    def _watch(self) -> None:
        worker = get_current_worker()
        probe = change_probe()
        last: Any = None
        paused = False
        try:
            while not worker.is_cancelled:
                try:
                    token = probe.token()
                except Exception as exc:  # shown once; the next look connects afresh
                    if not paused:
                        paused = True
                        self.post_message(self.Paused(self, database_error_reason(exc)))
                else:
                    self.looks += 1
                    if paused or (last is not None and token != last):
                        self.post_message(self.Changed(self))
                    paused, last = False, token
                if self._stop.wait(self.interval):
                    break
        finally:
            probe.close()


def keep_cursor_on(table: Any, user_id: int, index: int, reach: int = 100) -> None:
    """After the rows on show were read again, put ``table``'s cursor back on the user it
    was on (``user_id``, then at ``index``) when rows came or went before it: the nearest
    row holding that user within ``reach`` rows. A user who left the view leaves the
    cursor where it was."""
    row = table.current_row
    if row is not None and row.id == user_id:
        return
    for step in range(1, reach + 1):
        for i in (index - step, index + step):
            if 0 <= i < table.total:
                found = table.row_at(i)
                if found is not None and found.id == user_id:
                    table.cursor_row = i
                    return


__all__ = ["LiveData", "keep_cursor_on"]
