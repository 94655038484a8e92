"""View a client's registration code, issue one, or replace it with a new one."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from rostertui.domain import registration
from rostertui.domain.errors import NotFound
from rostertui.ui.screens.form import FormScreen
from rostertui.ui.services import Refusal
from rostertui.ui.widgets.inert import inert


def _view_or_none(user_id: int) -> registration.CodeView | None:
    try:
        return registration.view_code(user_id)
    except NotFound:
        return None


class RegistrationCodeScreen(FormScreen):
    # its buttons act at once; Escape (and ctrl+s) close it, keeping what was done
    BINDINGS = [Binding("escape", "cancel", "Close", id="cancel"),
                Binding("ctrl+s", "submit", "Close", id="submit", show=False)]

    def __init__(self, actor: Any, user_id: int, email: str) -> None:
        super().__init__()
        self.actor, self.user_id, self.email = actor, user_id, email
        self.changed: str | None = None
        self.sending = False  # an email is on its way: a second press must not send another

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog form"):
            yield Static("Registration code", classes="dialog-title")
            yield Static(inert(self.email), classes="dialog-body")
            yield Static("Loading…", id="code")
            yield self.error_box()
            with Horizontal(classes="buttons"):
                yield Button("Issue code", variant="primary", id="issue")
                yield Button("Send by email", id="send")
                yield Button("Regenerate", variant="warning", id="regenerate")
                yield Button("Close", id="close")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#close", Button).focus()
        self.query_one("#issue", Button).display = False
        user_id = self.user_id
        self.load_service(lambda: _view_or_none(user_id))

    def loaded(self, view: registration.CodeView | None) -> None:
        self._sent()
        code = self.query_one("#code", Static)
        self.query_one("#issue", Button).display = view is None
        self.query_one("#regenerate", Button).display = view is not None
        if view is None:
            code.update("This client has no registration code yet.")
            return
        state = ("used " + f"{view.used_at:%Y-%m-%d}" if view.used_at else
                 "revoked after too many wrong dates of birth; regenerate it" if view.revoked_at
                 else "expired" if view.expired else
                 f"locked until {view.locked_until:%H:%M} after wrong dates of birth"
                 if view.locked and view.locked_until else
                 f"valid until {view.expires_at:%Y-%m-%d %H:%M}")
        # two lines: inert() shows a newline inside a value as a visible ␊
        code.update(Text.assemble(inert(view.code), "\n", inert(f"{state} (UTC)")))

    @on(Button.Pressed, "#issue")
    def _issue(self) -> None:
        user_id, actor = self.user_id, self.actor
        self.changed = f"Registration code issued for {self.email}"
        self.load_service(lambda: registration.issue_code(user_id, actor))

    @on(Button.Pressed, "#send")
    def _send(self) -> None:
        if self.sending:
            return
        self.sending = True
        button = self.query_one("#send", Button)
        button.label, button.disabled = "Sending…", True
        user_id, actor = self.user_id, self.actor
        self.changed = f"Registration code queued to be emailed to {self.email}"
        self.load_service(lambda: registration.send_code(user_id, actor))

    @on(Button.Pressed, "#regenerate")
    def _regenerate(self) -> None:
        user_id, actor = self.user_id, self.actor
        self.changed = f"Registration code of {self.email} regenerated; the old one no " \
                       "longer works"
        self.load_service(lambda: registration.regenerate_code(user_id, actor))

    def _sent(self) -> None:
        """The send (if one ran) has ended: the button can be pressed again."""
        if self.sending:
            self.sending = False
            button = self.query_one("#send", Button)
            button.label, button.disabled = "Send by email", False

    def refused(self, error: Refusal) -> None:
        self._sent()
        self.changed = None
        self.show_error(str(error))

    def worker_failed(self, worker: Any) -> None:
        super().worker_failed(worker)
        self._sent()

    @on(Button.Pressed, "#close")
    def _close(self) -> None:
        self.dismiss(self.changed)

    def action_cancel(self) -> None:
        self.dismiss(self.changed)

    def action_submit(self) -> None:
        self.dismiss(self.changed)
