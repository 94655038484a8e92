"""Leaving a file that has fixes (the Import tab's ``o``, another sheet, a parked import):
lose them (y), park the file with them first (p), or stay (n, Escape)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from rostertui.ui.widgets.inert import inert

DISCARD, PARK = "discard", "park"


class LeaveFileScreen(ModalScreen[str | None]):
    """Dismisses with :data:`DISCARD`, :data:`PARK` or None (stay on the file)."""

    BINDINGS = [
        Binding("y", "discard", "Lose the fixes", id="discard",
                tooltip="Go on; the fixes made to the file on show are lost"),
        Binding("p", "park", "Park first", id="park",
                tooltip="Keep the file with its fixes as a parked import, then go on"),
        Binding("n,escape", "cancel", "Cancel", id="cancel",
                tooltip="Stay on the file on show, fixes and all"),
    ]

    def __init__(self, title: str, body: str, *, go_label: str = "Lose the fixes") -> None:
        super().__init__()
        self.title_text, self.body, self.go_label = title, body, go_label

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(inert(self.title_text), classes="dialog-title")
            yield Static(inert(self.body), classes="dialog-body")
            with Horizontal(classes="buttons"):
                yield Button(self.go_label, variant="error", id="discard")
                yield Button("Park first", variant="primary", id="park")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#cancel", Button).focus()

    @on(Button.Pressed, "#discard")
    def action_discard(self) -> None:
        self.dismiss(DISCARD)

    @on(Button.Pressed, "#park")
    def action_park(self) -> None:
        self.dismiss(PARK)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
