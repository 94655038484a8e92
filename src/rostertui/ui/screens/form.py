"""The base of every modal form: its Save and Cancel (buttons and keys), the service run in a
worker, the error box that keeps the form open on a refusal."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static
from textual.worker import Worker

from rostertui.ui.services import Refusal, call
from rostertui.ui.widgets.inert import inert
from rostertui.ui.workers import ReportsFailedWorkers


class FormScreen(ReportsFailedWorkers, ModalScreen[str | None]):
    """A modal that dismisses with the outcome to notify ("3 clients archived"), or None."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="cancel"),
        Binding("ctrl+s", "submit", "Save", id="submit",
                tooltip="Save, as the dialog's main button does"),
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
    # Enter in a text field of the form saves, as ctrl+s does (the key bar says so)
    ENTER_SAVES: ClassVar[bool] = True
    KEY_BAR_ENTER: ClassVar[str | None] = "Save"

    def error_box(self) -> Static:
        return Static("", id="error", classes="form-error")

    def form_buttons(self, save: str, *, before: Iterable[Button] = (),
                     cancel: str = "Cancel") -> ComposeResult:
        """The error box, then the buttons: ``before`` (such as "Add another"), the main
        button (#save: what ctrl+s does) and #cancel (what Escape does)."""
        yield self.error_box()
        with Horizontal(classes="buttons"):
            yield from before
            yield Button(save, variant="primary", id="save")
            yield Button(cancel, id="cancel")

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_submit()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    @on(Input.Submitted)
    def _enter_pressed(self, event: Input.Submitted) -> None:
        if self.ENTER_SAVES:
            event.stop()
            self.action_submit()

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

    def worker_failed(self, worker: Worker) -> None:
        """A bug in a service (not a refusal): the app shows it; the form can be used again."""
        self.busy = False

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
