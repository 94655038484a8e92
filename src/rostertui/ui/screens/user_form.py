"""What the client and team member forms share: add several ("Add another") or edit one,
the name and email fields, the batch, and a stale edit shown with the other admin's values."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Button, Input, Label, Static

from rostertui.domain import users
from rostertui.domain.enums import Kind
from rostertui.domain.errors import StaleVersion, ValidationFailed
from rostertui.ui.screens.form import FormScreen
from rostertui.ui.services import Refusal
from rostertui.ui.text import plural


def describe_current(current: dict[str, Any]) -> str:
    keys = ("first_name", "last_name", "email", "birthdate", "sex", "external_id", "tags",
            "office", "roles", "version")
    return "\n".join(f"  {k}: {current.get(k)}" for k in keys if k in current)


class UserFormScreen(FormScreen):
    """``user_id`` None: add users of ``KIND``; else edit that one."""

    KIND: ClassVar[Kind]
    NOUN: ClassVar[str]  # "client": counted in the batch and the outcome
    TEXT_FIELDS: ClassVar[tuple[str, ...]]  # the Input ids, emptied by "Add another"

    def __init__(self, actor: Any, user_id: int | None = None) -> None:
        super().__init__()
        self.actor, self.user_id = actor, user_id
        self.version: int | None = None
        self.batch: list[dict[str, Any]] = []

    @property
    def editing(self) -> bool:
        return self.user_id is not None

    def compose(self) -> ComposeResult:
        title = f"Edit {self.NOUN}" if self.editing else f"Create new {self.NOUN}s"
        with Vertical(classes="dialog form"):
            yield Static(title, classes="dialog-title")
            with VerticalScroll():
                for field, label in (("first_name", "First name *"),
                                     ("last_name", "Last name *"), ("email", "Email *")):
                    yield Label(label)
                    yield Input(id=field)
                yield from self.more_fields()
                yield Static("", id="batch", classes="hint")
            yield from self.form_buttons(
                "Save" if self.editing else "Create account",
                before=() if self.editing else [Button("Add another", id="another")])

    def more_fields(self) -> ComposeResult:
        """The fields after the email, in order."""
        yield from ()

    def values(self) -> dict[str, Any]:
        """The form's fields as the service takes them."""
        raise NotImplementedError(f"{type(self).__name__} must say what its fields hold")

    def clear(self) -> None:
        """Empty the fields for the next user of a batch."""
        for field in self.TEXT_FIELDS:
            self.query_one(f"#{field}", Input).value = ""

    def edit(self, user_id: int, version: int, data: dict[str, Any],
             actor: Any) -> Callable[[], Any]:
        """The service call that saves an edit (run in a worker)."""
        raise NotImplementedError(f"{type(self).__name__} must say how an edit is saved")

    def create(self, items: Sequence[dict[str, Any]], actor: Any) -> Callable[[], Any]:
        """The service call that creates the batch (run in a worker)."""
        raise NotImplementedError(f"{type(self).__name__} must say how users are created")

    @on(Button.Pressed, "#another")
    def _another(self) -> None:
        data = self.values()
        try:
            users.parse_creates([data], self.KIND)  # checks the values; no database
        except ValidationFailed as exc:
            self.show_error(str(exc))
            return
        self.batch.append(data)
        self.clear()
        self.show_error("")
        self.query_one("#batch", Static).update(
            f"{plural(len(self.batch), self.NOUN)} waiting in this batch; fill in the next "
            "one (or leave it blank) and press Create")
        self.query_one("#save", Button).label = "Create accounts"
        self.query_one("#first_name", Input).focus()

    def action_submit(self) -> None:
        data = self.values()
        if self.user_id is not None:
            self.submit_service(self.edit(self.user_id, self.version or 0, data, self.actor),
                                lambda rec: f"{rec.email} saved")
            return
        items = list(self.batch)
        blank = not any(v for k, v in data.items() if k != "send_registration_code")
        if not blank or not items:
            items.append(data)
        self.submit_service(self.create(items, self.actor),
                            lambda made: f"{plural(len(made), self.NOUN)} created")

    def refused(self, error: Refusal) -> None:
        cause = error.__cause__
        if isinstance(cause, StaleVersion):
            self.version = cause.current.get("version")
            self.show_error(
                f"This {self.NOUN} was changed by someone else while you edited. Their "
                "current values:\n" + describe_current(cause.current)
                + "\nYour changes are still in the form: Save again to apply them over "
                  "theirs, or Cancel.")
            return
        if self.batch:
            self.show_error(f"{error} (items are numbered in the order you added them; "
                            "nothing was created)")
            return
        self.show_error(str(error))
