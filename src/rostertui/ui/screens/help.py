"""The keys of what had focus when ? was pressed, read from the live bindings
(``ui/keys.live_keys``): the keymap applied, and keys that do not apply now greyed."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from rostertui.ui.keys import KeyEntry


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark", "close", "Close", id="close")]

    def __init__(self, entries: list[KeyEntry]) -> None:
        super().__init__()
        self.entries = entries

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Static("Keys", classes="dialog-title")
            with VerticalScroll(id="help-body"):
                yield Static(self.table(), id="help-table")
            yield Static("These are the keys of what has focus; greyed ones do not apply to "
                         "the row under the cursor. Escape closes this help; ctrl+p finds any "
                         "of them by name.", classes="hint")

    def on_mount(self) -> None:
        self.query_one("#help-body").focus()

    def table(self) -> Table:
        table = Table.grid(padding=(0, 2))
        table.add_column(no_wrap=True, style="bold")
        table.add_column()
        section = None
        for entry in self.entries:
            if entry.section != section:
                if section is not None:
                    table.add_row("", "")
                section = entry.section
                table.add_row(Text(section, style="underline"), "")
            what = Text(entry.description)
            if entry.tooltip:
                what.append(f" — {entry.tooltip}", style="italic")
            if not entry.enabled:
                what.append("  (does not apply now)")
                what.stylize("dim")
            table.add_row(Text(entry.key_text, style="" if entry.enabled else "dim"), what)
        return table

    def action_close(self) -> None:
        self.dismiss(None)
