"""The App: theme, global keys, the command palette, failed workers, and the one factory,
``make_app``."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from textual import events, on, work
from textual.app import App
from textual.binding import Binding
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.worker import Worker, WorkerState

from rostertui.config import Config
from rostertui.domain.actor import Actor
from rostertui.importing.engine import ImportOptions
from rostertui.ui.commands import RosterCommands
from rostertui.ui.context import AppContext, ImportStart
from rostertui.ui.keys import unknown_binding_ids
from rostertui.ui.services import Refusal
from rostertui.ui.tabs.base import RosterTab
from rostertui.ui.tabs.import_tab import ImportTab
from rostertui.ui.text import plural
from rostertui.ui.widgets.key_bar import add_key_bar

log = logging.getLogger("rostertui.ui")


class RosterApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "rostertui"
    COMMANDS = App.COMMANDS | {RosterCommands}
    BINDINGS = [
        Binding("question_mark,f1", "help", "Help", id="help",
                tooltip="Every key of what has focus, and where it lives"),
        Binding("ctrl+p", "command_palette", "palette", id="command_palette", show=False,
                priority=True, tooltip="Every action here, by name, with its key"),
        Binding("ctrl+q", "quit", "Quit", id="quit", priority=True),
    ]
    KEYS_TITLE = "Everywhere"

    @dataclass
    class MailDelivered(Message):
        """A dispatch finished: what went out, and where."""

        text: str
        failed: bool

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.set_keymap(dict(context.config.keymap))

    # What the Import tab reads until it is given the context (the import reshape).
    @property
    def config(self) -> Config:
        return self.context.config

    @property
    def operator(self) -> Actor | None:
        return self.context.operator

    @property
    def import_path(self) -> str | None:
        return self.context.import_start.path

    @property
    def import_dir(self) -> str | None:
        return self.context.import_start.folder

    @property
    def import_options(self) -> ImportOptions | None:
        return self.context.import_start.options

    def on_mount(self) -> None:
        self.theme = "textual-dark"
        self.screen_change_signal.subscribe(self, self._screen_changed)
        unknown = unknown_binding_ids(self.context.config.keymap)
        if unknown:
            self.notify(f"config.toml [keymap]: no key is called {', '.join(unknown)}; "
                        "see the README's Configuration section for the names",
                        title="Keymap", severity="warning", timeout=10)
        if self.context.operator is None:
            from rostertui.ui.screens.login import LoginScreen

            self.push_screen(LoginScreen(), self._logged_in)
        else:
            self._open_main()
        self.call_after_refresh(self._guard_size)

    def _screen_changed(self, screen: Screen[Any]) -> None:
        """Every dialog shows its keys on its bottom line, as the main screen does."""
        if isinstance(screen, ModalScreen):
            screen.call_later(add_key_bar, screen)

    def on_resize(self, event: events.Resize) -> None:
        self._guard_size(event.size)

    def _guard_size(self, size: Any = None) -> None:
        """Below 80x24 a plain sentence covers the app until it is large enough again."""
        from rostertui.ui.screens.too_small import guard_size

        guard_size(self, size or self.size)

    def _logged_in(self, operator: Actor | None) -> None:
        if operator is None:
            self.exit()
            return
        self.context = self.context.logged_in(operator)
        self._open_main()

    # Mail queued while no app ran (a CLI import, an earlier session that quit before
    # delivering, a retry whose backoff ran out) goes out once logged in, then on a timer.
    DELIVER_ON_START = True
    DELIVERY_INTERVAL = 60.0  # seconds between looks at the outbox for due messages

    def _open_main(self) -> None:
        from rostertui.ui.screens.main import MainScreen

        self.push_screen(MainScreen(self.context))
        if self.DELIVER_ON_START:
            self.deliver_mail()
            self.set_interval(self.DELIVERY_INTERVAL, self.deliver_mail)

    def notify(self, message: str, *, title: str = "", severity: str = "information",
               timeout: float | None = None, markup: bool = True) -> None:
        """Every notification is plain text: messages carry names, tags and emails that
        users typed, so markup is never parsed (whatever a caller asks) and control
        characters are made visible."""
        from rostertui.ui.widgets.inert import inert_str

        del markup
        super().notify(inert_str(message), title=inert_str(title), severity=severity,
                       timeout=timeout, markup=False)

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        """Every worker that failed, in one place: a refusal (a rule, the database) is shown
        as its one-line message; anything else is a bug, logged with its traceback and
        shown, never swallowed."""
        if event.state is not WorkerState.ERROR:
            return
        error = event.worker.error
        if isinstance(error, Refusal):
            self.notify(str(error), title="Refused", severity="error", timeout=10)
            return
        log.error("worker %s failed", event.worker.name, exc_info=error)
        first = (str(error).strip().splitlines() or [""])[0]
        self.notify(f"{type(error).__name__}: {first}" if first else type(error).__name__,
                    title="Unexpected error (a bug; the details are logged)",
                    severity="error", timeout=15)

    @on(RosterTab.RosterChanged)
    @on(ImportTab.UsersChanged)
    def _roster_changed(self) -> None:
        self.deliver_mail()  # whatever the change queued goes out now, in a worker

    def deliver_mail(self) -> None:
        """Send what the outbox holds that is due, in a worker; say what happened."""
        self._deliver_mail()

    @work(thread=True, group="mail", exit_on_error=False)
    def _deliver_mail(self) -> None:
        from rostertui.mail import outbox
        from rostertui.mail.dispatcher import make_dispatcher
        from rostertui.ui.services import call

        try:
            if not call(outbox.due_count):
                return
            report = call(lambda: make_dispatcher(self.context.config).dispatch())
        except (Refusal, ValueError) as exc:
            self.post_message(self.MailDelivered(f"Email not sent: {exc}", True))
            return
        if not (report.sent or report.failed or report.retrying):
            return  # another dispatch, running at the same time, took what was due
        parts = [f"{plural(report.sent, 'email')} sent to {report.destination}"]
        if report.retrying:
            parts.append(f"{report.retrying:,} will be retried")
        if report.failed:
            parts.append(f"{report.failed:,} failed ({report.errors[0]})")
        self.post_message(self.MailDelivered("; ".join(parts),
                                             bool(report.failed or report.retrying)))

    @on(MailDelivered)
    def _mail_delivered(self, event: MailDelivered) -> None:
        self.notify(event.text, title="Email", severity="warning" if event.failed else
                    "information", timeout=8)

    def action_audit_log(self) -> None:
        from rostertui.ui.screens.audit_log import AuditLogScreen

        if not isinstance(self.screen, AuditLogScreen):
            self.push_screen(AuditLogScreen())

    def action_help(self) -> None:
        """The keys of what has focus now, read from the live bindings."""
        from rostertui.ui.keys import live_keys
        from rostertui.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(live_keys(self.screen)))


def make_app(db_target: str, config: Config, operator: Actor | None = None, *,
             import_path: str | None = None, import_dir: str | None = None,
             import_options: ImportOptions | None = None) -> RosterApp:
    """Open (and migrate) the database, then build the app. The CLI and the tests both
    build the app here. ``operator`` None starts at the login screen; ``import_path`` opens
    the Import tab with that file loaded; ``import_dir`` roots the Import tab's file tree."""
    from rostertui.domain import org
    from rostertui.ui.services import open_app_database

    open_app_database(db_target)
    org_name = org.get_org().name if org.is_initialised() else ""
    context = AppContext(db_target, config, org_name, operator,
                         ImportStart(import_path, import_dir, import_options))
    return RosterApp(context)
