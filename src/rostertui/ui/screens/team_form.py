"""Add team members (with roles) or edit one."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from textual.app import ComposeResult
from textual.widgets import Input, Label, SelectionList

from rostertui.domain import users
from rostertui.domain.enums import Kind, Role
from rostertui.domain.records import UserRecord
from rostertui.ui.screens.user_form import UserFormScreen
from rostertui.ui.widgets.tick_box import TickBox
from rostertui.ui.widgets.tick_list import TickList


class TeamFormScreen(UserFormScreen):
    """``user_id`` None: add team members; else edit that one (roles: the Roles dialog)."""

    KIND = Kind.TEAM_MEMBER
    NOUN = "team member"
    TEXT_FIELDS = ("first_name", "last_name", "email", "office")

    def more_fields(self) -> ComposeResult:
        yield Label("Office")
        yield Input(id="office")
        if not self.editing:
            yield Label("Roles * (space to check)")
            yield TickList(*[(r.value, r.value) for r in Role], id="roles")
            yield TickBox("Send registration code", id="send_code")

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
            data["send_registration_code"] = self.query_one("#send_code", TickBox).value
        return data

    def clear(self) -> None:
        super().clear()
        self.query_one("#roles", SelectionList).deselect_all()

    def edit(self, user_id: int, version: int, data: dict[str, Any],
             actor: Any) -> Callable[[], Any]:
        changes = dict(data, office=data["office"] or None)
        return lambda: users.edit_user(user_id, version, changes, actor)

    def create(self, items: Sequence[dict[str, Any]], actor: Any) -> Callable[[], Any]:
        return lambda: users.create_team_members(items, actor)
