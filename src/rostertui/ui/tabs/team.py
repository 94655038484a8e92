"""The Team Members tab: active team members, their roles, invitations and archiving."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding

from rostertui.domain import users
from rostertui.domain.enums import Kind, Role
from rostertui.domain.roster_view import View
from rostertui.ui.tabs.editable import EDIT_BINDINGS, EditableRosterTab
from rostertui.ui.text import FilterKind, fmt_date, plural
from rostertui.ui.widgets.roster_column import Column

if TYPE_CHECKING:
    from rostertui.ui.screens.team_form import TeamFormScreen


class TeamTab(EditableRosterTab):
    VIEW = View.TEAM
    KEYS_TITLE = "Team Members tab"
    NOUN = ("team member", "team members")
    FILTER = FilterKind.ROLE
    ACTIONS = [
        ("add", "Add team members"),
        ("edit", "Edit team member"),
        ("details", "View details"),
        ("roles", "Change roles"),
        ("invite", "Invite team members by email"),
        ("archive", "Archive team members"),
    ]
    SINGLE = {"edit", "edit_here", "details", "roles"}
    TARGETED = {"archive"}

    BINDINGS = [
        Binding("n", "add", "Add", id="add", tooltip="Add team members, one or several"),
        Binding("N", "add_one", "Add one", id="add_one", show=False,
                tooltip="Add one user with the single form"),
        *EDIT_BINDINGS,
        Binding("v", "details", "Details", id="details",
                tooltip="Profile, roles, registration and audit history"),
        Binding("r", "roles", "Roles", id="roles", tooltip="Change the team member's roles"),
        Binding("i", "invite", "Invite", id="invite", tooltip="Invite team members by email"),
        Binding("x", "archive", "Archive", id="archive"),
        Binding("f", "filter", "Filter by role", id="filter"),
    ]
    ADD_KIND = Kind.TEAM_MEMBER

    def columns(self) -> list[Column]:
        return [
            Column("first_name", "First name", 14, lambda r: r.first_name, "name",
                   edit=lambda r: r.first_name),
            Column("last_name", "Last name", 16, lambda r: r.last_name, "name",
                   edit=lambda r: r.last_name),
            Column("email", "Email", 30, lambda r: r.email, "email", edit=lambda r: r.email),
            Column("roles", "Roles", 34, lambda r: ", ".join(r.roles)),
            Column("office", "Office", 14, lambda r: r.office or "",
                   edit=lambda r: r.office or ""),
            Column("created", "Added", 10, lambda r: fmt_date(r.created_at), "created"),
        ]

    def on_mount(self) -> None:
        self.bar.set_choices([(r.value, r.value) for r in Role])

    def user_form(self, user_id: int | None = None) -> TeamFormScreen:
        from rostertui.ui.screens.team_form import TeamFormScreen

        return TeamFormScreen(self.operator, user_id)

    def action_roles(self) -> None:
        from rostertui.ui.screens.roles import RolesScreen

        user_id = self._single_target()
        if user_id is not None:
            self.app.push_screen(RolesScreen(self.operator, user_id), self.after_change)

    def action_invite(self) -> None:
        from rostertui.ui.screens.invite import InviteScreen

        self.app.push_screen(InviteScreen(self.operator, Kind.TEAM_MEMBER,
                                          self.context.org_name), self.after_change)

    def action_archive(self) -> None:
        from rostertui.ui.screens.confirm import ConfirmScreen

        ids = self.targets()
        if not ids:
            return
        what = plural(len(ids), *self.NOUN)
        actor = self.operator

        def confirmed(ok: bool | None) -> None:
            if ok:
                self.run_service(lambda: users.archive_users(ids, actor),
                                 lambda done: f"{plural(done, *self.NOUN)} archived",
                                 leaving=ids)

        self.app.push_screen(ConfirmScreen(
            f"Archive {what}?", f"{what.capitalize()} will move to Archived and can no "
            "longer log in. You can unarchive them later.", confirm_label=f"Archive {what}"),
            confirmed)
