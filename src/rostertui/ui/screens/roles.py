"""Change a team member's roles: a checklist. The service protects the last Administrator."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import SelectionList, Static

from rostertui.domain import roles, users
from rostertui.domain.enums import Role
from rostertui.domain.records import UserRecord
from rostertui.ui.screens.form import FormScreen
from rostertui.ui.widgets.inert import inert
from rostertui.ui.widgets.tick_list import TickList


class RolesScreen(FormScreen):
    def __init__(self, actor: Any, user_id: int) -> None:
        super().__init__()
        self.actor, self.user_id = actor, user_id
        self.version: int | None = None
        self.email = ""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog form"):
            yield Static("Change roles", classes="dialog-title")
            yield Static("", id="who", classes="dialog-body")
            yield TickList(*[(r.value, r.value) for r in Role], id="roles")
            yield from self.form_buttons("Save")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#roles", SelectionList).focus()
        user_id = self.user_id
        self.load_service(lambda: users.get_user(user_id))

    def loaded(self, record: UserRecord) -> None:
        self.version, self.email = record.version, record.email
        self.query_one("#who", Static).update(inert(f"{record.display_name} <{record.email}>"))
        selection = self.query_one("#roles", SelectionList)
        for role in record.roles:
            selection.select(role)

    def action_submit(self) -> None:
        wanted = list(self.query_one("#roles", SelectionList).selected)
        user_id, actor, version, email = self.user_id, self.actor, self.version, self.email
        self.submit_service(
            lambda: roles.set_roles(user_id, wanted, actor, expected_version=version),
            lambda result: f"Roles of {email}: " + ", ".join(r.value for r in result))
