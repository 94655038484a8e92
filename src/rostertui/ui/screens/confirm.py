"""A yes/no confirmation that answers to y / n; for the irreversible, the admin types the
number of users instead (y does not confirm those)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from rostertui.ui.widgets.inert import inert


class ConfirmScreen(ModalScreen[bool]):
    BINDINGS = [
        Binding("y", "confirm", "Confirm", id="confirm", tooltip="Yes (not for the "
                "irreversible: type the number instead)"),
        Binding("n,escape", "cancel", "Cancel", id="cancel", tooltip="No"),
    ]

    def __init__(self, title: str, body: str, *, confirm_label: str = "Confirm",
                 type_to_confirm: str | None = None) -> None:
        super().__init__()
        self.title_text, self.body, self.confirm_label = title, body, confirm_label
        self.type_to_confirm = type_to_confirm

    @property
    def KEY_BAR_ENTER(self) -> str:  # noqa: N802 (read as the class attribute elsewhere)
        """Enter in the field where the count is typed confirms, once it is right."""
        return self.confirm_label

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(inert(self.title_text), classes="dialog-title")
            yield Static(inert(self.body), classes="dialog-body")
            if self.type_to_confirm is not None:
                yield Input(placeholder=f"Type {self.type_to_confirm} to confirm", id="typed")
            with Horizontal(classes="buttons"):
                yield Button(self.confirm_label, variant="error", id="confirm",
                             disabled=self.type_to_confirm is not None)
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        if self.type_to_confirm is not None:
            self.query_one("#typed", Input).focus()
        else:
            self.query_one("#cancel", Button).focus()

    @on(Input.Changed, "#typed")
    def _typed(self, event: Input.Changed) -> None:
        self.query_one("#confirm", Button).disabled = (
            event.value.strip() != self.type_to_confirm)

    @on(Input.Submitted, "#typed")
    def _typed_enter(self, event: Input.Submitted) -> None:
        if event.value.strip() == self.type_to_confirm:
            self.dismiss(True)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "confirm" and self.type_to_confirm is not None:
            return False  # the irreversible want the number typed, not a key
        return True

    @on(Button.Pressed, "#confirm")
    def _confirm(self) -> None:
        self.dismiss(True)

    def action_confirm(self) -> None:
        if self.type_to_confirm is None:
            self.dismiss(True)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)
