"""The column chooser: show, hide and reorder a roster table's columns.

It edits a copy of the layout; Enter (or ctrl+s) returns it, Escape returns None. The tab
applies it and saves it for the operator (``domain/prefs.save_columns``).
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, OptionList, Static


@dataclass
class ColumnChoice:
    key: str
    label: str
    visible: bool


class ColumnList(OptionList):
    """The columns, one per line. Enter applies the layout instead of selecting a line."""

    BINDINGS = [Binding("enter", "screen.apply", "Apply", show=False, id="apply")]


class ColumnsScreen(ModalScreen[list[tuple[str, bool]] | None]):
    BINDINGS = [
        Binding("space", "toggle", "Show / hide", id="toggle"),
        Binding("shift+up,left_square_bracket", "move_up", "Move up", id="move_up"),
        Binding("shift+down,right_square_bracket", "move_down", "Move down", id="move_down"),
        Binding("r", "reset", "Reset to default", id="reset"),
        Binding("enter,ctrl+s", "apply", "Apply", id="apply",
                tooltip="Apply the layout; it is remembered for you"),
        Binding("escape", "cancel", "Cancel", id="cancel"),
    ]

    def __init__(self, title: str, columns: list[ColumnChoice], default: list[ColumnChoice],
                 *, sorted_by: frozenset[str] = frozenset(),
                 sortable: frozenset[str] | None = None) -> None:
        super().__init__()
        self.title_text = title
        self.choices = [ColumnChoice(c.key, c.label, c.visible) for c in columns]
        self.default = [ColumnChoice(c.key, c.label, c.visible) for c in default]
        self.sorted_by = sorted_by  # the keys of the columns the table is sorted by
        # the keys of the columns the table can be sorted by (None: not said)
        self.sortable = sortable

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog columns"):
            yield Static(self.title_text, classes="dialog-title")
            hint = "Space shows or hides, shift+↑/↓ or [ ] move, Enter applies."
            if self.sortable is not None:
                hint += " ⇅: s or a click on its header sorts by it."
            yield Static(Text(hint), classes="hint")
            yield ColumnList(*[self._prompt(c) for c in self.choices], id="columns")
            yield Static("", id="columns-error", classes="form-error")
            with Horizontal(classes="buttons"):
                yield Button("Apply", variant="primary", id="apply")
                yield Button("Reset to default", id="reset")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#columns-error").display = False
        listing = self.column_list
        listing.highlighted = 0
        listing.focus()

    @property
    def column_list(self) -> ColumnList:
        return self.query_one("#columns", ColumnList)

    def _prompt(self, choice: ColumnChoice) -> Text:
        text = Text("[x] " if choice.visible else "[ ] ", no_wrap=True)
        text.append(choice.label, style="" if choice.visible else "dim")
        if self.sortable is not None and choice.key in self.sortable:
            text.append(" ⇅", style="dim")
        if choice.key in self.sorted_by:
            text.append("  · sorted", style="italic dim")
        return text

    def _show(self, highlight: int | None = None) -> None:
        listing = self.column_list
        for index, choice in enumerate(self.choices):
            listing.replace_option_prompt_at_index(index, self._prompt(choice))
        if highlight is not None:
            listing.highlighted = highlight

    def _error(self, text: str) -> None:
        error = self.query_one("#columns-error", Static)
        error.update(text)
        error.display = bool(text)

    @property
    def layout_result(self) -> list[tuple[str, bool]]:
        return [(c.key, c.visible) for c in self.choices]

    # --- keys ---------------------------------------------------------------

    def action_toggle(self) -> None:
        index = self.column_list.highlighted
        if index is None:
            return
        choice = self.choices[index]
        if choice.visible and sum(c.visible for c in self.choices) == 1:
            self._error(f"{choice.label} is the only column shown: at least one column "
                        "must stay visible. Show another one first.")
            self.app.bell()
            return
        choice.visible = not choice.visible
        self._error("")
        self._show()

    def action_move_up(self) -> None:
        self.move(-1)

    def action_move_down(self) -> None:
        self.move(1)

    def move(self, step: int) -> None:
        index = self.column_list.highlighted
        if index is None:
            return
        target = index + step
        if not 0 <= target < len(self.choices):
            self.app.bell()
            return
        self.choices[index], self.choices[target] = self.choices[target], self.choices[index]
        self._show(highlight=target)

    def action_reset(self) -> None:
        self.choices = [ColumnChoice(c.key, c.label, c.visible) for c in self.default]
        self._error("")
        self._show(highlight=0)

    def action_apply(self) -> None:
        self.dismiss(self.layout_result)

    def action_cancel(self) -> None:
        self.dismiss(None)

    # --- mouse ----------------------------------------------------------------

    @on(OptionList.OptionSelected, "#columns")
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        """A click on a column shows or hides it (Enter is bound to Apply instead)."""
        event.stop()
        self.action_toggle()

    @on(Button.Pressed, "#apply")
    def _apply_pressed(self) -> None:
        self.action_apply()

    @on(Button.Pressed, "#reset")
    def _reset_pressed(self) -> None:
        self.action_reset()
        self.column_list.focus()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()
