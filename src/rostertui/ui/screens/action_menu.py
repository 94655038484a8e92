"""The "select an action" menu: the actions that apply to what is selected."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from rostertui.ui.widgets.inert import inert


class ActionMenuScreen(ModalScreen[str | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="cancel")]

    def __init__(self, actions: list[tuple[str, str]], what: str) -> None:
        super().__init__()
        self.actions, self.what = actions, what

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog menu"):
            yield Static("Select an action", classes="dialog-title")
            yield Static(inert(f"for {self.what}"), classes="dialog-body")
            yield OptionList(*[Option(label, id=action) for action, label in self.actions],
                             id="actions")

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
