"""Add team members (with roles) or edit one."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Button, Checkbox, Input, Label, SelectionList, Static

from rostertui.domain import users
from rostertui.domain.enums import Kind, Role
from rostertui.domain.errors import StaleVersion, ValidationFailed
from rostertui.domain.records import UserRecord
from rostertui.ui.screens.client_form import describe_current
from rostertui.ui.screens.form import FormScreen
from rostertui.ui.services import Refusal
from rostertui.ui.text import plural


class TeamFormScreen(FormScreen):
    """``user_id`` None: add team members; else edit that one (roles: the Roles dialog)."""

    def __init__(self, actor: Any, user_id: int | None = None) -> None:
        super().__init__()
        self.actor, self.user_id = actor, user_id
        self.version: int | None = None
        self.batch: list[dict[str, Any]] = []

    def compose(self) -> ComposeResult:
        editing = self.user_id is not None
        with Vertical(classes="dialog form"):
            yield Static("Edit team member" if editing else "Create new team members",
                         classes="dialog-title")
            with VerticalScroll():
                yield Label("First name *")
                yield Input(id="first_name")
                yield Label("Last name *")
                yield Input(id="last_name")
                yield Label("Email *")
                yield Input(id="email")
                yield Label("Office")
                yield Input(id="office")
                if not editing:
                    yield Label("Roles * (space to check)")
                    yield SelectionList[str](*[(r.value, r.value) for r in Role], id="roles")
                    yield Checkbox("Send registration code", id="send_code")
                yield Static("", id="batch", classes="hint")
            yield from self.form_buttons(
                "Save" if editing else "Create account",
                before=() if editing else [Button("Add another", id="another")])

    def on_mount(self) -> None:
        super().on_mount()
        if self.user_id is None:
            self.query_one("#first_name", Input).focus()
        else:  # focus once the values are in, so the loaded name is selected, ready to retype
            user_id = self.user_id
            self.load_service(lambda: users.get_user(user_id))

    def loaded(self, record: UserRecord) -> None:
        self.fill(record.model_dump())
        self.query_one("#first_name", Input).focus()

    def fill(self, record: dict[str, Any]) -> None:
        for field in ("first_name", "last_name", "email", "office"):
            self.query_one(f"#{field}", Input).value = record.get(field) or ""
        self.version = record.get("version")

    def values(self) -> dict[str, Any]:
        data: dict[str, Any] = {f: self.query_one(f"#{f}", Input).value
                                for f in ("first_name", "last_name", "email", "office")}
        if self.user_id is None:
            data["roles"] = list(self.query_one("#roles", SelectionList).selected)
            data["send_registration_code"] = self.query_one("#send_code", Checkbox).value
        return data

    @on(Button.Pressed, "#another")
    def _another(self) -> None:
        data = self.values()
        try:
            users.parse_creates([data], Kind.TEAM_MEMBER)
        except ValidationFailed as exc:
            self.show_error(str(exc))
            return
        self.batch.append(data)
        for field in ("first_name", "last_name", "email", "office"):
            self.query_one(f"#{field}", Input).value = ""
        self.query_one("#roles", SelectionList).deselect_all()
        self.show_error("")
        self.query_one("#batch", Static).update(
            f"{plural(len(self.batch), 'team member')} waiting in this batch")
        self.query_one("#save", Button).label = "Create accounts"
        self.query_one("#first_name", Input).focus()

    def action_submit(self) -> None:
        data = self.values()
        actor = self.actor
        if self.user_id is not None:
            user_id, version = self.user_id, self.version or 0
            changes = dict(data)
            changes["office"] = changes["office"] or None
            self.submit_service(lambda: users.edit_user(user_id, version, changes, actor),
                                lambda rec: f"{rec.email} saved")
            return
        items = list(self.batch)
        blank = not any(v for k, v in data.items() if k != "send_registration_code")
        if not blank or not items:
            items.append(data)
        self.submit_service(
            lambda: users.create_team_members(items, actor),
            lambda made: f"{plural(len(made), 'team member')} created")

    def refused(self, error: Refusal) -> None:
        cause = error.__cause__
        if isinstance(cause, StaleVersion):
            self.version = cause.current.get("version")
            self.show_error("This team member was changed by someone else while you edited. "
                            "Their current values:\n" + describe_current(cause.current)
                            + "\nSave again to apply your changes over theirs, or Cancel.")
            return
        self.show_error(str(error))
