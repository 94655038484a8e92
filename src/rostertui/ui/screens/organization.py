"""The Organization dialog: the organization's name and client seat limit (Administrators).

The same rules as `rostertui org set` (``domain/org.update_org``): audited, and a limit
below the clients already active is refused, saying by how many.
"""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from rostertui.domain import org
from rostertui.ui.screens.form import FormScreen
from rostertui.ui.widgets.inert import inert


def load_settings() -> tuple[org.OrgRecord, org.SeatUsage]:
    return org.get_org(), org.seat_usage()


def parse_seat_limit(text: str) -> int | None:
    """Blank (or 'none') is no limit; otherwise a whole number of at least 0."""
    text = text.strip().replace(",", "")
    if text.lower() in ("", "none"):
        return None
    if not text.isdigit():
        raise ValueError("the seat limit is a whole number of at least 0, or blank for no limit")
    return int(text)


class OrganizationScreen(FormScreen):
    def __init__(self, actor: Any) -> None:
        super().__init__()
        self.actor = actor
        self.loaded_record: org.OrgRecord | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog form"):
            yield Static("Organization", classes="dialog-title")
            yield Static("Loading…", id="seats", classes="dialog-body")
            yield Label("Name")
            yield Input(id="name", max_length=200)
            yield Label("Client seat limit (blank: no limit)")
            yield Input(id="seat-limit", placeholder="no limit", restrict=r"[0-9,]*")
            yield self.error_box()
            with Horizontal(classes="buttons"):
                yield Button("Save", variant="primary", id="save")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#save", Button).disabled = True
        self.load_service(load_settings)

    def loaded(self, value: tuple[org.OrgRecord, org.SeatUsage]) -> None:
        record, usage = value
        self.loaded_record = record
        self.query_one("#seats", Static).update(inert(str(usage)))
        self.query_one("#name", Input).value = record.name
        limit = record.client_seat_limit
        self.query_one("#seat-limit", Input).value = "" if limit is None else str(limit)
        self.query_one("#save", Button).disabled = False
        self.query_one("#name", Input).focus()

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        self.action_submit()

    def action_submit(self) -> None:
        if self.loaded_record is None:
            return
        try:
            limit = parse_seat_limit(self.query_one("#seat-limit", Input).value)
        except ValueError as exc:
            self.show_error(str(exc))
            return
        name = self.query_one("#name", Input).value
        actor = self.actor
        self.submit_service(
            lambda: org.update_org(actor, name=name, client_seat_limit=limit), _describe)


def _describe(record: org.OrgRecord) -> str:
    limit = "no seat limit" if record.client_seat_limit is None \
        else f"a limit of {record.client_seat_limit:,} client seats"
    return f"Organization saved: {record.name}, {limit}"
