"""The Pending tab: open invitations and sign-up requests."""

from __future__ import annotations

from textual.binding import Binding

from rostertui.domain import invitations, signups
from rostertui.domain.roster_view import View
from rostertui.ui.tabs.base import RosterTab
from rostertui.ui.text import PENDING_TYPE_LABELS, USER_KIND_LABELS, fmt_time, plural
from rostertui.ui.widgets.roster_column import Column


class PendingTab(RosterTab):
    VIEW = View.PENDING
    KEYS_TITLE = "Pending tab"
    NOUN = ("pending user", "pending users")
    ACTIONS = [
        ("accept", "Accept sign-up requests"),
        ("reject", "Reject sign-up requests"),
        ("delete_invitation", "Delete invitations"),
        ("resend", "Resend invitations"),
        ("details", "View details"),
    ]
    SINGLE = {"details"}
    TARGETED = {"accept", "reject", "delete_invitation", "resend"}

    BINDINGS = [
        Binding("y", "accept", "Accept", id="accept",
                tooltip="Accept the sign-up requests: the clients become active"),
        Binding("r", "reject", "Reject", id="reject", tooltip="Reject the sign-up requests"),
        Binding("x", "delete_invitation", "Delete invitation", id="delete_invitation"),
        Binding("R", "resend", "Resend invitation", id="resend",
                tooltip="Queue the invitation emails to be sent again"),
        Binding("v", "details", "Details", id="details"),
    ]

    def columns(self) -> list[Column]:
        return [
            Column("type", "Type", 15,
                   lambda r: PENDING_TYPE_LABELS.get(r.pending_type, "Pending")),
            Column("kind", "Kind", 11, lambda r: USER_KIND_LABELS.get(r.kind, r.kind)),
            Column("email", "Email", 30, lambda r: r.email, "email"),
            Column("name", "Name", 20, lambda r: r.name, "name"),
            Column("invited", "Since (UTC)", 16, lambda r: fmt_time(r.invited_at or r.created_at),
                   "invited"),
            Column("delivery", "Delivery", 32, lambda r: r.sent),
            Column("roles", "Roles", 22, lambda r: ", ".join(r.roles)),
        ]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        allowed = super().check_action(action, parameters)
        if allowed is not True or self.table.marks:
            return allowed
        row = self.table.current_row
        if action in ("accept", "reject"):
            return True if row is not None and row.pending_type == "signup" else None
        if action in ("delete_invitation", "resend"):
            return True if row is not None and row.pending_type == "invitation" else None
        return allowed

    def action_resend(self) -> None:
        ids, actor = self.targets(), self.operator
        if ids:
            self.run_service(lambda: invitations.resend_invitations(ids, actor),
                             lambda n: f"{plural(n, 'invitation')} queued to be sent again")

    def action_accept(self) -> None:
        ids, actor = self.targets(), self.operator
        if ids:
            self.run_service(lambda: signups.accept_requests(ids, actor),
                             lambda n: f"{plural(n, 'sign-up request')} accepted: "
                                       f"{plural(n, 'client')} now active", leaving=ids)

    def action_reject(self) -> None:
        from rostertui.ui.screens.confirm import ConfirmScreen

        ids, actor = self.targets(), self.operator
        if not ids:
            return
        what = plural(len(ids), "sign-up request")

        def confirmed(ok: bool | None) -> None:
            if ok:
                self.run_service(lambda: signups.reject_requests(ids, actor),
                                 lambda n: f"{plural(n, 'sign-up request')} rejected",
                                 leaving=ids)

        self.app.push_screen(ConfirmScreen(f"Reject {what}?", "The requests are deleted; "
                                           "the audit log keeps their emails.",
                                           confirm_label="Reject"), confirmed)

    def action_delete_invitation(self) -> None:
        from rostertui.ui.screens.confirm import ConfirmScreen

        ids, actor = self.targets(), self.operator
        if not ids:
            return
        what = plural(len(ids), "invitation")

        def confirmed(ok: bool | None) -> None:
            if ok:
                self.run_service(lambda: invitations.cancel_invitations(ids, actor),
                                 lambda n: f"{plural(n, 'invitation')} deleted", leaving=ids)

        self.app.push_screen(ConfirmScreen(f"Delete {what}?", "The invited people will not "
                                           "be able to join with these invitations.",
                                           confirm_label="Delete"), confirmed)
