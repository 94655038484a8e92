"""The login screen: email, password, Enter. Only active Administrators get in."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Input, Label, Static

from rostertui.domain import auth
from rostertui.domain.actor import Actor
from rostertui.ui.services import Refusal, call
from rostertui.ui.widgets.inert import inert
from rostertui.ui.widgets.key_bar import KeyBar
from rostertui.ui.workers import ReportsFailedWorkers


class LoginScreen(ReportsFailedWorkers, Screen[Actor]):
    """Dismisses with the operator once they have logged in."""

    BINDINGS = [
        Binding("ctrl+q", "app.quit", "Quit", id="quit"),
        # Enter on the email moves to the password before the next key is read: keys that
        # arrive together (a fast typist, a browser session, a password manager) must not
        # put the password, in plain sight, into the email field
        Binding("enter", "to_password", "Password", show=False, priority=True,
                id="to_password"),
    ]
    AUTO_FOCUS = "#email"

    @property
    def KEY_BAR_ENTER(self) -> str:  # noqa: N802 (read as the class attribute elsewhere)
        focused = self.focused
        return "Password" if focused is not None and focused.id == "email" else "Log in"

    @dataclass
    class Succeeded(Message):
        actor: Actor

    @dataclass
    class Refused(Message):
        text: str

    def compose(self) -> ComposeResult:
        with Center():
            with Vertical(id="login-box", classes="dialog"):
                yield Static("rostertui: log in", classes="dialog-title")
                yield Label("Email")
                yield Input(id="email", placeholder="you@example.com")
                yield Label("Password")
                yield Input(id="password", password=True)
                yield Static("", id="login-error", classes="form-error")
                yield Button("Log in", variant="primary", id="login")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#login-error").display = False

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "to_password":  # elsewhere Enter is the focused widget's own
            return self.focused is not None and self.focused.id == "email"
        return True

    def action_to_password(self) -> None:
        self.set_focus(self.query_one("#password", Input))  # now, not after a refresh

    @on(Input.Submitted, "#password")
    @on(Button.Pressed, "#login")
    def _submit(self) -> None:
        email = self.query_one("#email", Input).value
        password_input = self.query_one("#password", Input)
        password = password_input.value
        password_input.value = ""  # the password leaves the widget at once
        self.query_one("#login", Button).disabled = True
        self._login(email, password)

    @work(thread=True, exclusive=True, group="login", exit_on_error=False)
    def _login(self, email: str, password: str) -> None:
        try:
            actor = call(auth.login, email, password)
        except Refusal as exc:
            self.post_message(self.Refused(str(exc)))
            return
        self.post_message(self.Succeeded(actor))

    def worker_failed(self, worker) -> None:
        self.query_one("#login", Button).disabled = False  # the app shows what went wrong

    @on(Succeeded)
    def _succeeded(self, event: Succeeded) -> None:
        self.dismiss(event.actor)

    @on(Refused)
    def _refused(self, event: Refused) -> None:
        error = self.query_one("#login-error", Static)
        error.update(inert(event.text))
        error.display = True
        self.query_one("#login", Button).disabled = False
        self.query_one("#password", Input).focus()
