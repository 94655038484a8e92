"""The search box (and the tag or role filter) above a roster table."""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Select, Static

# the search box's hint, longest first: the longest that fits whole is shown (at 80 columns
# the box has about 30 cells)
PLACEHOLDERS = ("Search: / (email, name, external id, username, tag)",
                "Search: / (email, name, id, tag)", "Search: / (name, email, tag)",
                "Search: /")


class FilterBar(Horizontal):
    """Search as you type; Escape clears the search and hands the keys back to the table."""

    KEY_BAR_ENTER = "Search"  # Enter keeps the search and hands the keys to the table

    DEFAULT_CSS = """
    FilterBar {
        height: auto;
        padding: 0 1;
        & > Input { width: 1fr; min-width: 20; }
        & > Select { width: 28; }
        & > .summary { width: auto; min-width: 16; padding: 1 1 0 1; color: $text-muted; }
    }
    """

    BINDINGS = [Binding("escape", "clear", "Clear search", show=True, id="clear",
                        tooltip="Clear the search and go back to the table")]
    KEYS_TITLE = "The search box"

    @dataclass
    class Changed(Message):
        bar: FilterBar
        search: str
        choice: str | None

    @dataclass
    class Dismissed(Message):
        bar: FilterBar

    def __init__(self, *, filter_prompt: str | None = None, id: str | None = None) -> None:
        super().__init__(id=id)
        self.filter_prompt = filter_prompt
        self._summary = ""

    def compose(self) -> ComposeResult:
        yield Input(placeholder=PLACEHOLDERS[0], id="search")
        if self.filter_prompt:
            yield Select[str]([], prompt=self.filter_prompt, id="filter", allow_blank=True)
        yield Static("", classes="summary", id="summary")

    def on_resize(self) -> None:
        search = self.query_one("#search", Input)
        room = search.content_region.width
        if room > 0:
            search.placeholder = next((p for p in PLACEHOLDERS if cell_len(p) <= room),
                                      PLACEHOLDERS[-1])

    @property
    def search(self) -> str:
        return self.query_one("#search", Input).value

    @property
    def choice(self) -> str | None:
        if not self.filter_prompt:
            return None
        value = self.query_one("#filter", Select).value
        return None if value is Select.NULL else str(value)

    def set_choices(self, options: list[tuple[str, str]]) -> None:
        if not self.filter_prompt:
            return
        select = self.query_one("#filter", Select)
        current = select.value
        select.set_options(options)
        if current is not Select.NULL and any(v == current for _, v in options):
            select.value = current

    def set_summary(self, text: str) -> None:
        """Show ``text`` ("3 clients · 1 marked"). A layout of the whole screen is asked
        for only when the summary's width has to change: it is ``width: auto`` with a
        minimum, and most updates (each search keystroke posts two) keep its width."""
        if text == self._summary:
            return
        old, self._summary = self._summary, text
        summary = self.query_one("#summary", Static)
        current, new_width = summary.size.width, cell_len(text)
        if not current:  # not laid out yet
            resize = True
        elif new_width > current:
            resize = True  # grows
        elif new_width < current:
            resize = current == cell_len(old)  # shrinks unless the minimum holds it
        else:
            resize = False
        summary.update(text, layout=resize)

    def focus_search(self) -> None:
        self.query_one("#search", Input).focus()

    def focus_filter(self) -> None:
        if self.filter_prompt:
            self.query_one("#filter", Select).focus()

    @on(Input.Changed, "#search")
    @on(Select.Changed, "#filter")
    def _changed(self, event: Message) -> None:
        event.stop()
        self.post_message(self.Changed(self, self.search, self.choice))

    @on(Input.Submitted, "#search")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Dismissed(self))

    def action_clear(self) -> None:
        search = self.query_one("#search", Input)
        if search.value:
            search.value = ""
        self.post_message(self.Dismissed(self))
