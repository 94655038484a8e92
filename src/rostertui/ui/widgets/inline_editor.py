"""Editing a table's cell in place: a one-line field laid over the cell under the cursor.

``InlineEditor`` is a child of the widget that holds a
:class:`~rostertui.ui.widgets.scroll_table.ScrollTable` (a tab), placed with absolute
offsets over the cursor's cell: as wide as the column, or wider when the column is narrow,
and moved left to stay inside the table. Enter posts :class:`InlineEditor.Submitted`
with the text; Escape (or leaving the field) posts :class:`InlineEditor.Cancelled`. The owner
saves the value and either closes the editor or shows why not with :meth:`show_error`
(the editor stays open with the value typed, the error on a line beside it). It knows
nothing of what it edits: the owner does the saving, in a worker.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Static

from rostertui.ui.widgets.inert import inert
from rostertui.ui.widgets.scroll_table import ScrollTable

LEAST_WIDTH = 16  # a narrow column (Sex, Born) still gets room to type
MAX_ERROR_LINES = 4


class InlineInput(Input):
    """The field itself: Enter (or Tab, as in a spreadsheet) saves; Escape, or leaving it
    otherwise, cancels."""

    TAB_MOVES_FOCUS = False  # the key bar offers no "Next field" here
    BINDINGS = [
        Binding("enter,tab", "save_edit", "Save", id="save_edit",
                tooltip="Save the value typed"),
        Binding("escape", "cancel_edit", "Cancel", id="cancel_edit",
                tooltip="Close the field without saving"),
    ]

    async def action_save_edit(self) -> None:
        await self.action_submit()

    def action_cancel_edit(self) -> None:
        editor = self.parent
        if isinstance(editor, InlineEditor) and editor.saving:
            self.app.bell()  # the save is on its way: its outcome shows here
            return
        self.post_message(InlineEditor.Cancelled(self.parent))  # type: ignore[arg-type]

    def on_blur(self, event: events.Blur) -> None:
        editor = self.parent
        if isinstance(editor, InlineEditor) and editor.display and not editor.saving:
            self.post_message(InlineEditor.Cancelled(editor))


class InlineEditor(Vertical):
    """A field over one cell of a table, and a line for what went wrong."""

    DEFAULT_CSS = """
    InlineEditor {
        position: absolute;
        layer: inline-editor;  /* arranged apart: the table keeps its height */
        display: none;
        height: 1;
        width: 30;
        overflow: hidden hidden;
        padding: 0;
        background: $surface;
        & > InlineInput.-textual-compact {
            border: none;
            height: 1;
            padding: 0;
            background: $boost;
            color: $foreground;
            &:focus { background: $primary-muted; }
        }
        & > #inline-error {
            height: 1;
            width: 100%;
            padding: 0;
            background: $error-muted;
            color: $text-error;
        }
    }
    """

    @dataclass
    class Submitted(Message):
        editor: InlineEditor
        value: str

    @dataclass
    class Cancelled(Message):
        editor: InlineEditor

    saving = False  # a save is on its way: leaving the field does not cancel it

    def compose(self) -> ComposeResult:
        yield InlineInput(id="inline-input", select_on_focus=False, compact=True)
        yield Static("", id="inline-error")

    @property
    def input(self) -> InlineInput:
        return self.query_one(InlineInput)

    @property
    def editing(self) -> bool:
        return bool(self.display)

    def open(self, table: ScrollTable, value: str) -> None:
        """Lay the field over ``table``'s cursor cell holding ``value``, and focus it."""
        self._table = table
        self.saving = False
        self.display = True
        self.show_error("")
        field = self.input
        field.value = value
        field.cursor_position = len(value)
        field.focus()

    _table: ScrollTable | None = None

    def place(self, error_lines: int = 0) -> None:
        """Put the field over the cursor cell, and the error's lines below it (above, when
        the cell is too near the table's bottom)."""
        table, parent = self._table, self.parent
        span = table.cursor_cell_span() if table is not None else None
        if table is None or span is None or not isinstance(parent, Widget):
            return
        region, origin = table.scrollable_content_region, parent.content_region
        start, end = span
        x = max(start - round(table.scroll_x), table.lead_width)
        width = min(max(end - start, LEAST_WIDTH), region.width)
        x = max(min(x, region.width - width), 0)
        y = 1 + table.cursor_row - int(table.scroll_y)
        above = bool(error_lines) and y + error_lines > table.visible_rows
        self.styles.width = width
        self.styles.height = 1 + error_lines
        self.query_one("#inline-error", Static).styles.height = max(error_lines, 1)
        self.styles.offset = (region.x - origin.x + x,
                              region.y - origin.y + (y - error_lines if above else y))
        error = self.query_one("#inline-error", Static)
        if above:
            self.move_child(error, before=self.input)
        else:
            self.move_child(error, after=self.input)

    def show_error(self, text: str) -> None:
        """Say why the value was not saved (empty: nothing to say); the field stays."""
        box = self.query_one("#inline-error", Static)
        message = inert(text)
        message.no_wrap = False  # a long reason wraps onto the lines below
        box.update(message)
        box.display = bool(text)
        width = int(self.styles.width.value) if self.styles.width else LEAST_WIDTH
        lines = len(message.wrap(self.app.console, max(width, 1))) if text else 0
        self.place(min(lines, MAX_ERROR_LINES))

    def close(self) -> None:
        self.saving = False
        self.display = False

    @on(Input.Submitted, "#inline-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if not self.saving:
            self.post_message(self.Submitted(self, event.value))


__all__ = ["InlineEditor", "InlineInput"]
