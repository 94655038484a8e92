"""The Import tab's fixes of a whole column: fill its blank cells (or supply a column the
file lacks), find and replace within it, and the birthdate column's date format. Each
dialog takes plain data and dismisses with what the admin chose; the tab computes it in a
worker."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from rostertui.ui.import_triage import DATE_FORMATS, allowed_values
from rostertui.ui.widgets.inert import inert
from rostertui.ui.widgets.tick_box import TickBox

INVITE = "invite"  # the fill dialog's other way out: incomplete rows become invitations


@dataclass(frozen=True)
class FillChoice:
    key: str  # the field
    value: str  # "" with invite
    invite: bool = False  # import incomplete rows as invitations instead


@dataclass(frozen=True)
class ReplaceChoice:
    key: str
    find: str
    replacement: str
    whole: bool = False


def _column_select(choices: list[tuple[str, str]], start: str | None, widget_id: str) -> Select:
    keys = [k for k, _ in choices]
    return Select([(inert(label), key) for key, label in choices],
                  value=start if start in keys else keys[0], allow_blank=False, compact=True,
                  id=widget_id)


class _ColumnDialog(ModalScreen):
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="cancel"),
        Binding("ctrl+s", "submit", "Apply", id="submit"),
    ]

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class FillScreen(_ColumnDialog):
    """Fill the blank cells of a column; ``choices`` are (field, label) pairs, the file's
    columns first and then the fields it lacks; ``scope`` says which rows."""

    def __init__(self, choices: list[tuple[str, str]], start: str | None, scope: str, *,
                 can_invite: bool, inviting: bool) -> None:
        super().__init__()
        self.choices, self.start, self.scope = choices, start, scope
        self.can_invite, self.inviting = can_invite, inviting

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog form column-fix"):
            yield Static("Fill blank cells", classes="dialog-title")
            yield Static(inert(self.scope), classes="dialog-body")
            yield Label("Column")
            yield _column_select(self.choices, self.start, "fill-column")
            yield Label("Value for its blank cells")
            yield Input(placeholder="such as 1900-01-01 or female", compact=True,
                        id="fill-value")
            yield Select([], prompt="choose a value", compact=True, id="fill-choice")
            if self.can_invite:
                yield Static("Or import the rows that lack only what a new user needs as "
                             "invitations: they give it when they register.", classes="hint")
            with Horizontal(classes="buttons"):
                yield Button("Fill", variant="primary", id="save")
                if self.can_invite:
                    yield Button("Stop inviting" if self.inviting else "Invite instead",
                                 id="invite")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self._show_value()

    def _show_value(self) -> None:
        key = self.query_one("#fill-column", Select).value
        allowed = allowed_values(key) if isinstance(key, str) else None
        choice = self.query_one("#fill-choice", Select)
        field = self.query_one("#fill-value", Input)
        choice.display, field.display = allowed is not None, allowed is None
        if allowed is not None:
            choice.set_options([(v, v) for v in allowed])
            choice.focus()
        else:
            field.focus()

    @on(Select.Changed, "#fill-column")
    def _column_changed(self, event: Select.Changed) -> None:
        event.stop()
        self._show_value()

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def action_submit(self) -> None:
        key = str(self.query_one("#fill-column", Select).value)
        choice = self.query_one("#fill-choice", Select)
        value = (choice.value if choice.display and isinstance(choice.value, str)
                 else self.query_one("#fill-value", Input).value.strip())
        if not value:
            self.notify("Give the value first", severity="warning", timeout=4)
            return
        self.dismiss(FillChoice(key, value))

    @on(Button.Pressed, "#invite")
    def _invite(self) -> None:
        self.dismiss(FillChoice("", "", invite=True))


class ReplaceScreen(_ColumnDialog):
    """Find and replace within a column, over the rows ``scope`` says."""

    def __init__(self, choices: list[tuple[str, str]], start: str | None, scope: str) -> None:
        super().__init__()
        self.choices, self.start, self.scope = choices, start, scope

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog form column-fix"):
            yield Static("Find and replace in a column", classes="dialog-title")
            yield Static(inert(self.scope), classes="dialog-body")
            yield _column_select(self.choices, self.start, "replace-column")
            yield Input(placeholder="find", compact=True, id="replace-find")
            yield Input(placeholder="replace with (blank: remove it)", compact=True,
                        id="replace-with")
            yield TickBox("Whole cell only (any case)", False, id="replace-whole",
                          compact=True)
            with Horizontal(classes="buttons"):
                yield Button("Replace", variant="primary", id="save")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#replace-find", Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def action_submit(self) -> None:
        find = self.query_one("#replace-find", Input).value
        if not find:
            self.notify("Give the text to find first", severity="warning", timeout=4)
            return
        self.dismiss(ReplaceChoice(str(self.query_one("#replace-column", Select).value), find,
                                   self.query_one("#replace-with", Input).value,
                                   self.query_one("#replace-whole", TickBox).value))


DETECT = ""  # the date dialog's answer for "as the column proves it"


class DateFormatScreen(_ColumnDialog):
    """The birthdate column's date order; dismisses with a format, :data:`DETECT`, or
    None. ``about``: what the tab knows (the column, how it is read now, the engine's
    warnings, how many rows have a birthdate error)."""

    def __init__(self, about: str, current: str | None) -> None:
        super().__init__()
        self.about, self.current = about, current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog form column-fix"):
            yield Static("Date format of the birthdate column", classes="dialog-title")
            yield Static(Text("\n").join(inert(line) for line in self.about.split("\n")),
                         classes="dialog-body")
            yield OptionList(*[Option(fmt or "As the column proves it (never guessed)",
                                      id=fmt or "detect") for fmt in DATE_FORMATS],
                             id="date-formats")
            yield Static("Month names (14 Mar 1975) and ISO dates are read in any case. "
                         "Enter chooses; Esc cancels.", classes="hint")

    def on_mount(self) -> None:
        options = self.query_one("#date-formats", OptionList)
        options.highlighted = DATE_FORMATS.index(self.current if self.current in DATE_FORMATS
                                                 else None)
        options.focus()

    @on(OptionList.OptionSelected, "#date-formats")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(DETECT if event.option_id == "detect" else event.option_id)

    def action_submit(self) -> None:
        options = self.query_one("#date-formats", OptionList)
        if options.highlighted is not None:
            fmt = DATE_FORMATS[options.highlighted]
            self.dismiss(fmt or DETECT)
