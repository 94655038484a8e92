"""A user's details: profile, tags, attributes, registration status and audit history."""

from __future__ import annotations

from dataclasses import dataclass

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from rostertui.domain import audit, registration, users
from rostertui.domain.audit import AuditView
from rostertui.domain.errors import NotFound
from rostertui.domain.records import UserRecord
from rostertui.ui.screens.form import FormScreen
from rostertui.ui.widgets.inert import inert, inert_str


@dataclass(frozen=True)
class Details:
    record: UserRecord
    code: registration.CodeView | None
    history: list[AuditView]


def load_details(user_id: int) -> Details:
    record = users.get_user(user_id)
    try:
        code = registration.view_code(user_id)
    except NotFound:
        code = None
    return Details(record, code, audit.entries(target_id=user_id, limit=50))


def _table(rows: list[tuple[str, str]]) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for label, value in rows:
        table.add_row(Text(label), inert(value))
    return table


class DetailsScreen(FormScreen):
    BINDINGS = [Binding("escape,q", "cancel", "Close", id="cancel"),
                # nothing to save here: ctrl+s closes as well, and the bar does not say "Save"
                Binding("ctrl+s", "submit", "Close", id="submit", show=False)]

    def __init__(self, user_id: int) -> None:
        super().__init__()
        self.user_id = user_id
        self.details: Details | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Static("Details", classes="dialog-title", id="title")
            with VerticalScroll(id="details-body"):
                yield Static("Loading…", id="profile")
                yield Static("", id="history")
            yield self.error_box()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#details-body").focus()
        user_id = self.user_id
        self.load_service(lambda: load_details(user_id))

    def loaded(self, details: Details) -> None:
        self.details = details
        r = details.record
        self.query_one("#title", Static).update(inert(f"{r.display_name} <{r.email}>"))
        rows = [("Kind", r.kind.replace("_", " ")), ("Status", r.status),
                ("Email", r.email), ("First name", r.first_name),
                ("Middle name", r.middle_name), ("Last name", r.last_name),
                ("Date of birth", str(r.birthdate or "")), ("Sex at birth", r.sex or ""),
                ("External ID", r.external_id or ""), ("Username", r.username or ""),
                ("Phone", f"{r.phone_country or ''} {r.phone or ''}".strip()),
                ("Office", r.office or ""), ("Profile type", r.profile_type),
                ("Source", r.source), ("Created", f"{r.created_at:%Y-%m-%d %H:%M} UTC"),
                ("Version", str(r.version)),
                ("Tags", ", ".join(r.tags) or "none")]
        if r.roles:
            rows.append(("Roles", ", ".join(r.roles)))
        for name, value in r.attributes.items():
            rows.append((f"Attribute: {inert_str(name)}", value))
        code = details.code
        if code is None:
            status = "no registration code issued"
        elif code.used_at:
            status = f"registered with a code on {code.used_at:%Y-%m-%d}"
        elif code.expired:
            status = f"code expired on {code.expires_at:%Y-%m-%d}"
        else:
            status = f"code issued, valid until {code.expires_at:%Y-%m-%d}"
        rows.append(("Registration", status))
        rows.append(("Password", "set" if r.has_password else "not set"))
        self.query_one("#profile", Static).update(_table(rows))
        history = Table(title="Audit history (newest first)", expand=True, title_justify="left")
        for column in ("When (UTC)", "Who", "What", "Details"):
            history.add_column(column, overflow="fold")
        for entry in details.history:
            detail = ", ".join(f"{k}: {v}" for k, v in entry.details.items())
            history.add_row(Text(f"{entry.at:%Y-%m-%d %H:%M}"), inert(entry.actor),
                            inert(entry.action), inert(detail))
        self.query_one("#history", Static).update(history)

    def action_submit(self) -> None:
        self.dismiss(None)


__all__ = ["DetailsScreen"]
