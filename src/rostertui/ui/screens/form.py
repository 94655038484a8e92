"""The base of every modal form: run the service in a worker, stay open on a refusal."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from textual import on, work
from textual.binding import Binding
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Static

from rostertui.ui.services import Refusal, call
from rostertui.ui.widgets.inert import inert


class FormScreen(ModalScreen[str | None]):
    """A modal that dismisses with the outcome to notify ("3 clients archived"), or None."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "submit", "Save"),
    ]

    @dataclass
    class Succeeded(Message):
        text: str

    @dataclass
    class Refused(Message):
        error: Refusal

    @dataclass
    class Loaded(Message):
        value: Any

    busy = False

    def error_box(self) -> Static:
        return Static("", id="error", classes="form-error")

    def show_error(self, text: str) -> None:
        box = self.query_one("#error", Static)
        box.update(inert(text))
        box.display = bool(text)

    def on_mount(self) -> None:
        self.query_one("#error", Static).display = False

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_submit(self) -> None:
        """Each form defines what Enter (ctrl+s) does: check its fields and call a service."""
        raise NotImplementedError(f"{type(self).__name__} must define action_submit")

    def submit_service(self, fn: Callable[[], Any], describe: Callable[[Any], str]) -> None:
        if self.busy:
            return
        self.busy = True
        self.show_error("")
        self._submit(fn, describe)

    @work(thread=True, exclusive=True, group="form-submit", exit_on_error=False)
    def _submit(self, fn: Callable[[], Any], describe: Callable[[Any], str]) -> None:
        try:
            result = call(fn)
        except Refusal as exc:
            self.post_message(self.Refused(exc))
            return
        self.post_message(self.Succeeded(describe(result)))

    def load_service(self, fn: Callable[[], Any]) -> None:
        self._load(fn)

    @work(thread=True, exclusive=True, group="form-load", exit_on_error=False)
    def _load(self, fn: Callable[[], Any]) -> None:
        try:
            self.post_message(self.Loaded(call(fn)))
        except Refusal as exc:
            self.post_message(self.Refused(exc))

    @on(Succeeded)
    def _succeeded(self, event: Succeeded) -> None:
        self.busy = False
        self.dismiss(event.text)

    @on(Refused)
    def _refused(self, event: Refused) -> None:
        self.busy = False
        self.refused(event.error)

    def refused(self, error: Refusal) -> None:
        self.show_error(str(error))

    @on(Loaded)
    def _loaded(self, event: Loaded) -> None:
        self.loaded(event.value)

    def loaded(self, value: Any) -> None:
        """The value asked for with :meth:`load_service` arrived."""
