"""The Archived tab: read-only rows; unarchive (seat limit) or delete for good."""

from __future__ import annotations

from textual.binding import Binding

from rostertui.domain import users
from rostertui.domain.roster_view import View
from rostertui.ui.tabs.base import RosterTab
from rostertui.ui.text import USER_KIND_LABELS, fmt_time, plural
from rostertui.ui.widgets.roster_column import Column


class ArchivedTab(RosterTab):
    VIEW = View.ARCHIVED
    KEYS_TITLE = "Archived tab"
    NOUN = ("archived user", "archived users")
    ACTIONS = [
        ("unarchive", "Unarchive"),
        ("delete", "Delete permanently"),
        ("details", "View details"),
    ]
    SINGLE = {"details"}
    TARGETED = {"unarchive", "delete"}

    BINDINGS = [
        Binding("u", "unarchive", "Unarchive", id="unarchive",
                tooltip="Back to active (clients need a free seat)"),
        Binding("X", "delete", "Delete permanently", id="delete",
                tooltip="Delete for good: asks you to type the count"),
        Binding("v", "details", "Details", id="details"),
    ]

    def columns(self) -> list[Column]:
        return [
            Column("kind", "Kind", 11, lambda r: USER_KIND_LABELS.get(r.kind, r.kind)),
            Column("first_name", "First name", 14, lambda r: r.first_name, "name"),
            Column("last_name", "Last name", 16, lambda r: r.last_name, "name"),
            Column("email", "Email", 30, lambda r: r.email, "email"),
            Column("archived", "Archived (UTC)", 16, lambda r: fmt_time(r.archived_at),
                   "archived"),
            Column("tags", "Tags / roles", 24, lambda r: ", ".join(r.tags or r.roles)),
        ]

    def action_unarchive(self) -> None:
        ids, actor = self.targets(), self.operator
        if ids:
            self.run_service(lambda: users.unarchive_users(ids, actor),
                             lambda n: f"{plural(n, 'user')} unarchived", leaving=ids)

    def action_delete(self) -> None:
        from rostertui.ui.screens.confirm import ConfirmScreen

        ids, actor = self.targets(), self.operator
        if not ids:
            return
        n = len(ids)

        def confirmed(ok: bool | None) -> None:
            if ok:
                self.run_service(lambda: users.delete_users(ids, actor),
                                 lambda result: f"{plural(result.users, 'user')} deleted "
                                                "permanently", leaving=ids)

        self.app.push_screen(ConfirmScreen(
            f"Delete {plural(n, 'user')} permanently?",
            f"This cannot be undone: {plural(n, 'user')}, with their tags, roles, attributes "
            "and codes, will be deleted. The audit log keeps their emails.",
            confirm_label="Delete permanently", type_to_confirm=str(n)), confirmed)
