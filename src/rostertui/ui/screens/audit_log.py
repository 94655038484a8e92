"""The audit log: who did what to whom, newest first, filtered by person and by action.

Read-only: nothing here can change an entry.
"""

from __future__ import annotations

import json

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Select, Static

from rostertui.domain import audit
from rostertui.domain.audit import AuditView
from rostertui.ui.services import Refusal, call
from rostertui.ui.text import plural
from rostertui.ui.widgets.inert import inert, inert_str
from rostertui.ui.workers import ReportsFailedWorkers

LIMIT = 500


class AuditLogScreen(ReportsFailedWorkers, ModalScreen[None]):
    BINDINGS = [Binding("escape", "close", "Close", id="close"),
                Binding("slash", "focus_person", "Filter by person", id="focus_person",
                        tooltip="Type an email or a name: who acted, or to whom")]

    class Loaded(Message):
        def __init__(self, entries: list[AuditView], total: int) -> None:
            super().__init__()
            self.entries, self.total = entries, total

    class Failed(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog audit"):
            yield Static("Audit log", classes="dialog-title")
            with Horizontal(classes="audit-filters"):
                yield Input(placeholder="person: email or name of who acted, or to whom",
                            id="person")
                yield Select([(g.replace("_", " "), g) for g in audit.ACTION_GROUPS],
                             prompt="every action", id="action")
            yield Static("Loading…", id="audit-count")
            yield DataTable(id="audit-table", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("When (UTC)", "Who", "Action", "To whom", "Details")
        table.focus()
        self._reload()

    def _reload(self) -> None:
        person = self.query_one("#person", Input).value
        action = self.query_one("#action", Select).value
        self._load(person, "" if action is Select.NULL else str(action))

    @work(thread=True, exclusive=True, group="audit", exit_on_error=False)
    def _load(self, person: str, action: str) -> None:
        try:
            entries, total = call(lambda: audit.search(person=person, action=action,
                                                       limit=LIMIT))
        except Refusal as exc:
            self.post_message(self.Failed(str(exc)))
            return
        self.post_message(self.Loaded(entries, total))

    @on(Loaded)
    def _loaded(self, event: Loaded) -> None:
        table = self.query_one(DataTable)
        table.clear()
        for e in event.entries:
            details = json.dumps(e.details, ensure_ascii=False, sort_keys=True)
            table.add_row(f"{e.at:%Y-%m-%d %H:%M:%S}", inert(e.actor), inert(e.action),
                          inert(e.target), inert(details[:200]), key=str(e.id))
        shown = len(event.entries)
        more = f" (the newest {shown:,} of {event.total:,})" if event.total > shown else ""
        self.query_one("#audit-count", Static).update(
            inert_str(f"{plural(event.total, 'entry', 'entries')}{more}"))

    @on(Failed)
    def _failed(self, event: Failed) -> None:
        self.query_one("#audit-count", Static).update(inert(event.text))

    @on(Input.Changed, "#person")
    @on(Select.Changed, "#action")
    def _filter_changed(self) -> None:
        self._reload()

    def action_focus_person(self) -> None:
        self.query_one("#person", Input).focus()

    def action_close(self) -> None:
        self.dismiss(None)
