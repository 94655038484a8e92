"""Which sheet of a workbook to import: each sheet's name and how many rows of users it
holds; the cursor starts on the sheet on show, else the first sheet that holds rows."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from rostertui.ui.text import plural
from rostertui.ui.widgets.inert import inert


def sheet_label(name: str, rows: int, current: bool = False) -> Text:
    """"Clients · 120 rows" (the sheet's name inert), "(on show)" for the sheet on show."""
    label = inert(name)
    label.append(f"  ·  {plural(rows, 'row') if rows else 'empty'}",
                 "" if rows else "italic")
    if current:
        label.append("  (on show)", "bold")
    return label


class SheetScreen(ModalScreen[str | None]):
    """Dismisses with the name of the sheet chosen, or None."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="cancel"),
    ]

    def __init__(self, file_name: str, sizes: tuple[tuple[str, int], ...],
                 default: str | None, current: str | None = None) -> None:
        super().__init__()
        self.file_name, self.sizes = file_name, sizes
        self.default, self.current = default, current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="sheet-dialog"):
            yield Static(inert(f"Which sheet of {self.file_name}?"), classes="dialog-title")
            yield OptionList(*[Option(sheet_label(name, rows, name == self.current), id=str(i))
                               for i, (name, rows) in enumerate(self.sizes)],
                             id="sheets")
            yield Static("Enter reads the sheet; Esc goes back.", classes="hint")

    def on_mount(self) -> None:
        names = [name for name, _ in self.sizes]
        options = self.query_one("#sheets", OptionList)
        options.highlighted = names.index(self.default) if self.default in names else 0
        options.focus()

    @on(OptionList.OptionSelected, "#sheets")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.sizes[event.option_index][0])

    def action_cancel(self) -> None:
        self.dismiss(None)
