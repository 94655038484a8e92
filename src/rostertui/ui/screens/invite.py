"""Invite people by email: several addresses at once, an editable message (and roles)."""

from __future__ import annotations

import re
from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Label, SelectionList, Static, TextArea

from rostertui.domain import invitations
from rostertui.domain.enums import Kind, Role
from rostertui.ui.screens.form import FormScreen
from rostertui.ui.text import plural
from rostertui.ui.widgets.tick_list import TickList


def split_emails(text: str) -> list[str]:
    return [e for e in re.split(r"[\s,;]+", text) if e]


class InviteScreen(FormScreen):
    def __init__(self, actor: Any, kind: Kind, org_name: str) -> None:
        super().__init__()
        self.actor, self.kind, self.org_name = actor, kind, org_name

    def compose(self) -> ComposeResult:
        team = self.kind is Kind.TEAM_MEMBER
        with Vertical(classes="dialog form"):
            yield Static("Invite team members by email" if team else
                         "Invite clients by email", classes="dialog-title")
            with VerticalScroll():
                yield Label("Email addresses (one per line, or separated by commas)")
                yield TextArea(id="emails", classes="short")
                if team:
                    yield Label("Roles * (space to check)")
                    yield TickList(*[(r.value, r.value) for r in Role], id="roles")
                yield Label("Message")
                yield TextArea(invitations.DEFAULT_MESSAGE.format(org=self.org_name),
                               id="message", classes="short")
                yield Static("The invitations appear in Pending; each email goes out at once "
                             "(see its delivery in Pending).", classes="hint")
            yield from self.form_buttons("Invite")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#emails", TextArea).focus()

    def action_submit(self) -> None:
        emails = split_emails(self.query_one("#emails", TextArea).text)
        message = self.query_one("#message", TextArea).text
        roles = (list(self.query_one("#roles", SelectionList).selected)
                 if self.kind is Kind.TEAM_MEMBER else [])
        actor, kind = self.actor, self.kind
        self.submit_service(
            lambda: invitations.invite(emails, kind, actor, message=message, roles=roles),
            lambda made: f"{plural(len(made), 'invitation')} created (see Pending)")
