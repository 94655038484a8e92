"""Add clients (one or several: "Add another") or edit one."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from textual.app import ComposeResult
from textual.widgets import Input, Label, Select, Static

from rostertui.domain import tags as tag_service
from rostertui.domain import users
from rostertui.domain.enums import Kind
from rostertui.domain.records import UserRecord
from rostertui.ui.screens.user_form import UserFormScreen
from rostertui.ui.widgets.inert import inert
from rostertui.ui.widgets.tick_box import TickBox

SEX_OPTIONS = [("Female", "female"), ("Male", "male")]


class ClientFormScreen(UserFormScreen):
    """``user_id`` None: add clients; else edit that client."""

    KIND = Kind.CLIENT
    NOUN = "client"
    TEXT_FIELDS = ("first_name", "last_name", "email", "birthdate", "external_id", "tags")

    def more_fields(self) -> ComposeResult:
        yield Label("Date of birth * (YYYY-MM-DD)")
        yield Input(id="birthdate", placeholder="1980-01-31")
        yield Label("Sex at birth *")
        yield Select(SEX_OPTIONS, id="sex", prompt="Choose")
        yield Label("Tags (separate with ;)")
        yield Input(id="tags", placeholder="VIP; Newsletter")
        yield Static("", id="known-tags", classes="hint")
        yield Label("External ID")
        yield Input(id="external_id")
        if not self.editing:
            yield TickBox("Send registration code", id="send_code")

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
            data["send_registration_code"] = self.query_one("#send_code", TickBox).value
        return data

    def clear(self) -> None:
        super().clear()
        self.query_one("#sex", Select).value = Select.NULL

    def edit(self, user_id: int, version: int, data: dict[str, Any],
             actor: Any) -> Callable[[], Any]:
        changes = dict(data, external_id=data["external_id"] or None)
        return lambda: users.edit_user(user_id, version, changes, actor,
                                       create_missing_tags=True)

    def create(self, items: Sequence[dict[str, Any]], actor: Any) -> Callable[[], Any]:
        return lambda: users.create_clients(items, actor, create_missing_tags=True)
