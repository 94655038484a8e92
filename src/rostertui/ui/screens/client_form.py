"""Add clients (one or several: "Add another") or edit one."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from rostertui.domain import tags as tag_service
from rostertui.domain import users
from rostertui.domain.enums import Kind
from rostertui.domain.errors import StaleVersion, ValidationFailed
from rostertui.domain.records import UserRecord
from rostertui.ui.screens.form import FormScreen
from rostertui.ui.services import Refusal
from rostertui.ui.text import plural
from rostertui.ui.widgets.inert import inert

SEX_OPTIONS = [("Female", "female"), ("Male", "male")]


def describe_current(current: dict[str, Any]) -> str:
    keys = ("first_name", "last_name", "email", "birthdate", "sex", "external_id", "tags",
            "roles", "version")
    return "\n".join(f"  {k}: {current.get(k)}" for k in keys if k in current)


class ClientFormScreen(FormScreen):
    """``user_id`` None: add clients; else edit that client."""

    def __init__(self, actor: Any, user_id: int | None = None) -> None:
        super().__init__()
        self.actor, self.user_id = actor, user_id
        self.version: int | None = None
        self.batch: list[dict[str, Any]] = []

    def compose(self) -> ComposeResult:
        editing = self.user_id is not None
        with Vertical(classes="dialog form"):
            yield Static("Edit client" if editing else "Create new clients",
                         classes="dialog-title")
            with VerticalScroll():
                yield Label("First name *")
                yield Input(id="first_name")
                yield Label("Last name *")
                yield Input(id="last_name")
                yield Label("Email *")
                yield Input(id="email")
                yield Label("Date of birth * (YYYY-MM-DD)")
                yield Input(id="birthdate", placeholder="1980-01-31")
                yield Label("Sex at birth *")
                yield Select(SEX_OPTIONS, id="sex", prompt="Choose")
                yield Label("Tags (separate with ;)")
                yield Input(id="tags", placeholder="VIP; Newsletter")
                yield Static("", id="known-tags", classes="hint")
                yield Label("External ID")
                yield Input(id="external_id")
                if not editing:
                    yield Checkbox("Send registration code", id="send_code")
                yield Static("", id="batch", classes="hint")
            yield from self.form_buttons(
                "Save" if editing else "Create account",
                before=() if editing else [Button("Add another", id="another")])

    def on_mount(self) -> None:
        super().on_mount()
        if self.user_id is None:
            self.query_one("#first_name", Input).focus()
        # Editing: focus the first field once the client's values are in it (see
        # ``loaded``), so the focus always selects the loaded name, ready to retype.
        self.load_service(self._read)

    def _read(self) -> tuple[list[tuple[str, int]], UserRecord | None]:
        record = users.get_user(self.user_id) if self.user_id is not None else None
        return tag_service.list_tags(), record

    def loaded(self, value: tuple[list[tuple[str, int]], UserRecord | None]) -> None:
        known, record = value
        if known:
            self.query_one("#known-tags", Static).update(
                inert("Existing: " + "; ".join(name for name, _ in known)
                      + " (a new name creates a tag)"))
        if record is not None:
            self.fill(record)
        if self.user_id is not None:
            self.query_one("#first_name", Input).focus()

    def fill(self, record: UserRecord | dict[str, Any]) -> None:
        get = (lambda k: record.get(k)) if isinstance(record, dict) else (
            lambda k: getattr(record, k))
        for field in ("first_name", "last_name", "email", "external_id"):
            self.query_one(f"#{field}", Input).value = get(field) or ""
        birthdate = get("birthdate")
        self.query_one("#birthdate", Input).value = str(birthdate) if birthdate else ""
        sex = get("sex")
        self.query_one("#sex", Select).value = str(sex) if sex else Select.NULL
        self.query_one("#tags", Input).value = "; ".join(get("tags") or ())
        self.version = get("version")

    def values(self) -> dict[str, Any]:
        data: dict[str, Any] = {f: self.query_one(f"#{f}", Input).value
                                for f in ("first_name", "last_name", "email", "birthdate",
                                          "external_id")}
        sex = self.query_one("#sex", Select).value
        data["sex"] = None if sex is Select.NULL else sex
        # As typed: the service reads the tags through domain/fields.tag_names, as the
        # importer does (";" separates tags).
        data["tags"] = self.query_one("#tags", Input).value
        if self.user_id is None:
            data["send_registration_code"] = self.query_one("#send_code", Checkbox).value
        return data

    def _blank(self, data: dict[str, Any]) -> bool:
        return not any(v for k, v in data.items() if k != "send_registration_code")

    @on(Button.Pressed, "#another")
    def _another(self) -> None:
        data = self.values()
        try:
            users.parse_creates([data], Kind.CLIENT)  # checks the values; no database
        except ValidationFailed as exc:
            self.show_error(str(exc))
            return
        self.batch.append(data)
        for field in ("first_name", "last_name", "email", "birthdate", "external_id", "tags"):
            self.query_one(f"#{field}", Input).value = ""
        self.query_one("#sex", Select).value = Select.NULL
        self.show_error("")
        self.query_one("#batch", Static).update(
            f"{plural(len(self.batch), 'client')} waiting in this batch; fill in the next one "
            "(or leave it blank) and press Create")
        self.query_one("#save", Button).label = "Create accounts"
        self.query_one("#first_name", Input).focus()

    def action_submit(self) -> None:
        data = self.values()
        actor = self.actor
        if self.user_id is not None:
            user_id, version = self.user_id, self.version or 0
            changes = {k: v for k, v in data.items()}
            changes["external_id"] = changes["external_id"] or None
            self.submit_service(
                lambda: users.edit_user(user_id, version, changes, actor,
                                        create_missing_tags=True),
                lambda rec: f"{rec.email} saved")
            return
        items = list(self.batch)
        if not self._blank(data) or not items:
            items.append(data)
        self.submit_service(
            lambda: users.create_clients(items, actor, create_missing_tags=True),
            lambda created: f"{plural(len(created), 'client')} created")

    def refused(self, error: Refusal) -> None:
        cause = error.__cause__
        if isinstance(cause, StaleVersion):
            self.version = cause.current.get("version")
            self.show_error(
                "This client was changed by someone else while you edited. Their current "
                "values:\n" + describe_current(cause.current)
                + "\nYour changes are still in the form: Save again to apply them over "
                  "theirs, or Cancel.")
            return
        if self.batch and isinstance(cause, ValidationFailed | Exception):
            self.show_error(f"{error} (items are numbered in the order you added them; "
                            "nothing was created)")
            return
        self.show_error(str(error))
