"""Past imports: when, who, which file, what each did; undo one after a confirmation."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from rostertui.domain.actor import Actor
from rostertui.importing.revert import BatchView, RevertResult, list_batches, revert_batch
from rostertui.ui.services import Refusal, call
from rostertui.ui.text import plural
from rostertui.ui.widgets.inert import inert
from rostertui.ui.workers import ReportsFailedWorkers


def describe_revert(result: RevertResult) -> Text:
    text = Text(no_wrap=False, end="")
    text.append(f"Undid import batch {result.batch_id}: {plural(result.deleted, 'user')} "
                f"deleted, {plural(result.restored, 'user')} restored.")
    if result.left_alone:
        left = len(result.left_alone)
        text.append(f"\n{plural(left, 'user')} changed since the import "
                    + ("was left as it is:" if left == 1 else "were left as they are:"))
        for line in result.left_alone:
            text.append("\n  ")
            text.append_text(inert(line))
    return text


class HistoryScreen(ReportsFailedWorkers, ModalScreen[bool]):
    """Dismisses with True when an undo changed the roster."""

    BINDINGS = [
        Binding("escape", "close", "Close", id="close"),
        Binding("u", "undo", "Undo import", id="undo",
                tooltip="Undo the selected import, after a confirmation"),
    ]

    @dataclass
    class _Listed(Message):
        batches: list[BatchView]

    @dataclass
    class _Reverted(Message):
        result: RevertResult

    @dataclass
    class _Refused(Message):
        text: str

    def __init__(self, operator: Actor) -> None:
        super().__init__()
        self.operator = operator
        self.batches: list[BatchView] = []
        self.changed = False
        self.busy = True
        self.narrow = False  # "by" and "file" left the table for want of room

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Static("Import history", classes="dialog-title")
            yield DataTable(id="batches", cursor_type="row", zebra_stripes=True)
            yield Static("", id="history-selected", classes="dialog-body")
            yield Static("", id="history-result", classes="dialog-body")
            yield Static("u undoes the selected import (after a confirmation); Esc closes.",
                         classes="hint")

    COLUMNS = (("batch", 5), ("when (UTC)", 16), ("by", 0), ("file", 0), ("created", 7),
               ("updated", 7), ("left out", 8), ("emails", 6), ("status", 9))  # 0: fit

    def on_mount(self) -> None:
        self._columns(15, 15)
        self.query_one("#batches", DataTable).focus()
        self._list()

    NARROW = 20  # below this room for "by" and "file", the line under the table holds them

    def _columns(self, by: int, file: int) -> None:
        """(Re)make the columns: "by" and "file" as wide as their longest value, shared
        out of the room the table has (never cut when it fits). With too little room (80
        columns) they leave the table: the line under it shows both, whole, for the
        highlighted batch."""
        table = self.query_one("#batches", DataTable)
        fixed = sum(w for _, w in self.COLUMNS)
        room = (table.size.width or self.app.size.width - 8) - fixed \
            - 2 * table.cell_padding * len(self.COLUMNS) - 2  # cell padding, scrollbar
        self.narrow = room < min(by + file, self.NARROW)
        by, file = fit_two(by, file, room)
        table.clear(columns=True)
        for label, width in self.COLUMNS:
            if not (self.narrow and width == 0):
                table.add_column(label, width=width or (by if label == "by" else file))

    @work(thread=True, exclusive=True, group="import-history", exit_on_error=False)
    def _list(self) -> None:
        try:
            self.post_message(self._Listed(call(list_batches)))
        except Refusal as exc:
            self.post_message(self._Refused(str(exc)))

    @on(_Listed)
    def _listed(self, event: _Listed) -> None:
        self.busy = False
        self.batches = event.batches
        self._columns(max([2, *(len(b.operator) for b in event.batches)]),
                      max([4, *(len(Path(b.file_name).name) for b in event.batches)]))
        table = self.query_one("#batches", DataTable)
        for b in event.batches:
            who = () if self.narrow else (inert(b.operator), inert(Path(b.file_name).name))
            table.add_row(str(b.id), b.created_at.strftime("%Y-%m-%d %H:%M"), *who,
                          f"{b.created:,}", f"{b.updated:,}", f"{b.skipped:,}",
                          f"{b.emails:,}", b.status, key=str(b.id))
        self._show_selected()
        if not event.batches:
            self.query_one("#history-result", Static).update("No imports yet.")
        self.refresh_bindings()

    def selected(self) -> BatchView | None:
        table = self.query_one("#batches", DataTable)
        if not self.batches or table.cursor_row >= len(self.batches):
            return None
        return self.batches[table.cursor_row]

    @on(DataTable.RowHighlighted)
    def _highlighted(self) -> None:
        self._show_selected()
        self.refresh_bindings()

    def _show_selected(self) -> None:
        """The highlighted batch's file and operator, whole (the table may cut them)."""
        batch = self.selected()
        line = Text(no_wrap=False, end="")
        if batch is not None:
            line.append(f"Batch {batch.id}: ")
            line.append_text(inert(Path(batch.file_name).name))
            line.append(", by ")
            line.append_text(inert(batch.operator))
        self.query_one("#history-selected", Static).update(line)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "undo":
            batch = self.selected()
            if self.busy or batch is None or batch.reverted_at is not None:
                return None
        return True

    def action_undo(self) -> None:
        from rostertui.ui.screens.confirm import ConfirmScreen

        batch = self.selected()
        if batch is None or batch.reverted_at is not None:
            return
        body = (f"Undo import batch {batch.id} ({Path(batch.file_name).name}, "
                f"{batch.created_at:%Y-%m-%d %H:%M}): delete the {plural(batch.created, 'user')} "
                f"it created and restore what it changed on {plural(batch.updated, 'user')}. Users "
                "changed since the import are left as they are.")

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.busy = True
                self.refresh_bindings()
                self._revert(batch.id, self.operator)

        self.app.push_screen(ConfirmScreen("Undo this import?", body, confirm_label="Undo"),
                             confirmed)

    @work(thread=True, exclusive=True, group="import-revert", exit_on_error=False)
    def _revert(self, batch_id: int, operator: Actor) -> None:
        try:
            self.post_message(self._Reverted(call(revert_batch, batch_id, operator)))
        except Refusal as exc:
            self.post_message(self._Refused(str(exc)))

    @on(_Reverted)
    def _reverted(self, event: _Reverted) -> None:
        self.changed = True
        self.query_one("#history-result", Static).update(describe_revert(event.result))
        self.app.notify(f"Import batch {event.result.batch_id} undone", timeout=5)
        self._list()

    @on(_Refused)
    def _refused(self, event: _Refused) -> None:
        self.busy = False
        self.query_one("#history-result", Static).update(inert(event.text, "bold red"))
        self.app.notify(event.text, title="Refused", severity="error", timeout=10)
        self.refresh_bindings()

    def worker_failed(self, worker) -> None:
        """A bug stopped the listing or the undo (the app shows it): keys work again."""
        self.busy = False
        self.refresh_bindings()

    def action_close(self) -> None:
        self.dismiss(self.changed)


def fit_two(a: int, b: int, room: int) -> tuple[int, int]:
    """Widths for two columns that want ``a`` and ``b`` cells within ``room``: each its
    want when both fit, else the room shared (the smaller keeps its want when it can)."""
    room = max(room, 8)
    if a + b <= room:
        return a, b
    half = room // 2
    if a <= half:
        return a, room - a
    if b <= half:
        return room - b, b
    return half, room - half
