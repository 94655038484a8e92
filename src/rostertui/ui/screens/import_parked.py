"""Parked imports: files set aside with their fixes (from the Import tab's ``P`` or
``rostertui import --park``); resume one (Enter) or drop one after a confirmation (d)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from rostertui.domain.actor import Actor
from rostertui.importing.parking import ParkedView, drop, list_parked
from rostertui.ui.screens.import_history import fit_two
from rostertui.ui.services import Refusal, call
from rostertui.ui.text import plural
from rostertui.ui.widgets.inert import inert
from rostertui.ui.workers import ReportsFailedWorkers


@dataclass(frozen=True)
class ParkedClosed:
    """What the admin did in the list: the parked import to resume (or None), and the ids of
    those dropped meanwhile (the file on show may have been one)."""

    resume: int | None
    dropped: tuple[int, ...] = ()


class ParkedScreen(ReportsFailedWorkers, ModalScreen[ParkedClosed]):
    """Dismisses with a :class:`ParkedClosed`."""

    BINDINGS = [
        Binding("escape", "close", "Close", id="close"),
        Binding("enter", "resume", "Resume", id="resume",
                tooltip="Open the selected parked import in the Import tab, fixes and all"),
        Binding("d", "drop", "Drop", id="drop",
                tooltip="Discard the selected parked import, after a confirmation"),
    ]

    @dataclass
    class _Listed(Message):
        parked: list[ParkedView]

    @dataclass
    class _Dropped(Message):
        parked_id: int

    @dataclass
    class _Refused(Message):
        text: str

    COLUMNS = (("id", 4), ("file", 0), ("parked by", 0), ("when (UTC)", 16), ("rows", 7),
               ("errors", 6))  # 0: fit

    def __init__(self, operator: Actor) -> None:
        super().__init__()
        self.operator = operator
        self.parked: list[ParkedView] = []
        self.dropped: list[int] = []
        self.busy = True

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="parked-dialog"):
            yield Static("Parked imports", classes="dialog-title")
            yield DataTable(id="parked", cursor_type="row", zebra_stripes=True)
            yield Static("Reading the parked imports…", id="parked-result",
                         classes="dialog-body")
            yield Static("Enter resumes the selected import; d drops it; Esc closes.",
                         classes="hint")

    def on_mount(self) -> None:
        self._columns(9, 12)
        self.query_one("#parked", DataTable).focus()
        self._list()

    def _columns(self, file: int, by: int) -> None:
        table = self.query_one("#parked", DataTable)
        fixed = sum(w for _, w in self.COLUMNS)
        room = (table.size.width or self.app.size.width - 8) - fixed \
            - 2 * table.cell_padding * len(self.COLUMNS) - 2
        file, by = fit_two(file, by, room)
        table.clear(columns=True)
        for label, width in self.COLUMNS:
            table.add_column(label, width=width or (file if label == "file" else by))

    @work(thread=True, exclusive=True, group="import-parked", exit_on_error=False)
    def _list(self) -> None:
        try:
            self.post_message(self._Listed(call(list_parked)))
        except Refusal as exc:
            self.post_message(self._Refused(str(exc)))

    @on(_Listed)
    def _listed(self, event: _Listed) -> None:
        self.busy = False
        self.parked = event.parked
        self._columns(max([4, *(len(Path(p.file).name) for p in event.parked)]),
                      max([9, *(len(p.parked_by) for p in event.parked)]))
        table = self.query_one("#parked", DataTable)
        for p in event.parked:
            table.add_row(str(p.id), inert(Path(p.file).name), inert(p.parked_by),
                          p.parked_at.strftime("%Y-%m-%d %H:%M"), f"{p.rows:,}",
                          f"{p.errors:,}", key=str(p.id))
        self.query_one("#parked-result", Static).update(
            "No parked imports." if not event.parked else
            f"{plural(len(event.parked), 'parked import')}.")
        self.refresh_bindings()

    def selected(self) -> ParkedView | None:
        table = self.query_one("#parked", DataTable)
        if not self.parked or table.cursor_row >= len(self.parked):
            return None
        return self.parked[table.cursor_row]

    @on(DataTable.RowHighlighted)
    def _highlighted(self) -> None:
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("resume", "drop") and (self.busy or self.selected() is None):
            return None
        return True

    @on(DataTable.RowSelected)
    def action_resume(self) -> None:
        parked = self.selected()
        if parked is not None and not self.busy:
            self.dismiss(ParkedClosed(parked.id, tuple(self.dropped)))

    def action_drop(self) -> None:
        from rostertui.ui.screens.confirm import ConfirmScreen

        parked = self.selected()
        if parked is None or self.busy:
            return
        body = (f"Drop parked import {parked.id} ({Path(parked.file).name}, "
                f"{plural(parked.rows, 'row')}, parked by {parked.parked_by} on "
                f"{parked.parked_at:%Y-%m-%d %H:%M})? Its fixes are lost; the file itself "
                "is not touched.")

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.busy = True
                self.refresh_bindings()
                self._drop(parked.id, self.operator)

        self.app.push_screen(ConfirmScreen("Drop this parked import?", body,
                                           confirm_label="Drop"), confirmed)

    @work(thread=True, exclusive=True, group="import-parked-drop", exit_on_error=False)
    def _drop(self, parked_id: int, operator: Actor) -> None:
        try:
            call(drop, parked_id, operator)
            self.post_message(self._Dropped(parked_id))
        except Refusal as exc:
            self.post_message(self._Refused(str(exc)))

    @on(_Dropped)
    def _dropped(self, event: _Dropped) -> None:
        self.dropped.append(event.parked_id)
        self.app.notify(f"Parked import {event.parked_id} dropped", timeout=5)
        self.query_one("#parked", DataTable).clear()
        self._list()

    @on(_Refused)
    def _refused(self, event: _Refused) -> None:
        self.busy = False
        self.query_one("#parked-result", Static).update(inert(event.text, "bold red"))
        self.app.notify(event.text, title="Refused", severity="error", timeout=10)
        self.refresh_bindings()

    def worker_failed(self, worker) -> None:
        """A bug stopped the listing or the drop (the app shows it): keys work again."""
        self.busy = False
        self.refresh_bindings()

    def action_close(self) -> None:
        self.dismiss(ParkedClosed(None, tuple(self.dropped)))
