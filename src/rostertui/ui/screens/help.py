"""Every key the app knows, gathered from the bindings themselves."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark", "close", "Close")]

    def __init__(self, sections: list[tuple[str, list[Binding]]]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Static("Keys", classes="dialog-title")
            with VerticalScroll(id="help-body"):
                yield Static(self._table())
            yield Static("Escape closes this help. ctrl+p opens the command palette, which "
                         "lists every action by name.", classes="hint")

    def on_mount(self) -> None:
        self.query_one("#help-body").focus()

    def _table(self) -> Table:
        table = Table.grid(padding=(0, 2))
        table.add_column(no_wrap=True, style="bold")
        table.add_column()
        for title, bindings in self.sections:
            table.add_row(Text(title, style="underline"), "")
            seen = set()
            for binding in bindings:
                if binding.description in seen:
                    continue
                seen.add(binding.description)
                keys = ", ".join(self.app.get_key_display(Binding(k.strip(), ""))
                                 for k in binding.key.split(","))
                table.add_row(Text(keys), Text(binding.description))
            table.add_row("", "")
        return table

    def action_close(self) -> None:
        self.dismiss(None)
