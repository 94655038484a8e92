"""The Import tab's small modals: fix the cells of one row, and ask for a file path."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from rostertui.importing.engine import ImportSession
from rostertui.importing.rows import Row
from rostertui.ui.widgets.inert import inert, inert_str


class FixRowScreen(ModalScreen[dict[int, str] | None]):
    """Every cell of one row as an input; dismisses with the cells that changed."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="cancel"),
        Binding("ctrl+s", "submit", "Check again", id="submit",
                tooltip="Check the row again with these cells"),
    ]

    KEY_BAR_ENTER = "Check again"  # Enter in a cell, as ctrl+s

    def __init__(self, session: ImportSession, row: Row) -> None:
        super().__init__()
        self.session, self.row = session, row
        mapped = {c.index: c for c in session.columns.columns}
        self.fields = []  # (index, header, key or "")
        for index, header in enumerate(session.header):
            column = mapped.get(index)
            self.fields.append((index, header, column.key if column else ""))
        bad = {e.field for e in row.errors} | {e.column for e in row.errors if e.column}
        self.first_bad = next((i for i, h, k in self.fields if k in bad or h in bad), None)

    def compose(self) -> ComposeResult:
        row = self.row
        with Vertical(classes="dialog form"):
            yield Static(inert(f"Fix row {row.number}"), classes="dialog-title")
            if row.errors:
                yield Static(inert("\n".join(f"✗ {e}" for e in row.errors)),
                             classes="form-error")
            with VerticalScroll():
                for index, header, key in self.fields:
                    label = header if key else f"{header} (ignored)"
                    yield Label(inert(label))
                    cell = row.cells[index] if index < len(row.cells) else ""
                    yield Input(cell, id=f"cell-{index}", password=key == "password",
                                select_on_focus=False)
            yield Static("Enter or ctrl+s checks the row again; Esc cancels.", classes="hint")
            with Horizontal(classes="buttons"):
                yield Button("Check again", variant="primary", id="save")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        index = self.first_bad if self.first_bad is not None else (
            self.fields[0][0] if self.fields else None)
        if index is not None:
            self.query_one(f"#cell-{index}", Input).focus()

    def changes(self) -> dict[int, str]:
        out = {}
        for index, _header, _key in self.fields:
            value = self.query_one(f"#cell-{index}", Input).value
            old = self.row.cells[index] if index < len(self.row.cells) else ""
            if value != old:
                out[index] = value
        return out

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def action_submit(self) -> None:
        self.dismiss(self.changes())

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class PathScreen(ModalScreen[str | None]):
    """Ask for a file path (with a default); dismisses with it, or None. Enter or ctrl+s
    saves, as in every other dialog."""

    BINDINGS = [
        Binding("ctrl+s", "submit", "Save", id="submit", tooltip="Write the file there"),
        Binding("escape", "cancel", "Cancel", id="cancel"),
    ]

    KEY_BAR_ENTER = "Save"  # Enter in the path saves, as ctrl+s does

    def __init__(self, title: str, body: str, default: str) -> None:
        super().__init__()
        self.title_text, self.body, self.default = title, body, default

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(inert(self.title_text), classes="dialog-title")
            yield Static(inert(self.body), classes="dialog-body")
            yield Input(inert_str(self.default), id="path")
            with Horizontal(classes="buttons"):
                yield Button("Save", variant="primary", id="save")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#path", Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def action_submit(self) -> None:
        value = self.query_one("#path", Input).value.strip()
        if value:
            self.dismiss(value)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
