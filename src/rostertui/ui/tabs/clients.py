"""The Clients tab: active clients, and everything the seeds let an admin do to them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.binding import Binding

from rostertui.domain import tags as tag_service
from rostertui.domain import users
from rostertui.domain.enums import Kind, Status
from rostertui.domain.roster_view import View
from rostertui.ui.services import call
from rostertui.ui.tabs.editable import EDIT_BINDINGS, EditableRosterTab
from rostertui.ui.text import SEX_LABELS, FilterKind, fmt_date, plural
from rostertui.ui.widgets.inert import inert
from rostertui.ui.widgets.roster_column import Column

if TYPE_CHECKING:
    from rostertui.ui.screens.client_form import ClientFormScreen


class ClientsTab(EditableRosterTab):
    VIEW = View.CLIENTS
    KEYS_TITLE = "Clients tab"
    NOUN = ("client", "clients")
    FILTER = FilterKind.TAG
    ACTIONS = [
        ("add", "Add clients"),
        ("edit", "Edit client"),
        ("details", "View details"),
        ("add_tags", "Add tags"),
        ("remove_tags", "Remove tags"),
        ("code", "View and send registration code"),
        ("invite", "Invite clients by email"),
        ("archive", "Archive clients"),
    ]
    SINGLE = {"edit", "edit_here", "details", "code"}
    TARGETED = {"add_tags", "remove_tags", "archive"}

    BINDINGS = [
        Binding("n", "add", "Add", id="add", tooltip="Add clients, one or several"),
        Binding("N", "add_one", "Add one", id="add_one", show=False,
                tooltip="Add one user with the single form"),
        *EDIT_BINDINGS,
        Binding("v", "details", "Details", id="details",
                tooltip="Profile, tags, registration and audit history"),
        Binding("t", "add_tags", "Add tags", id="add_tags"),
        Binding("T", "remove_tags", "Remove tags", id="remove_tags"),
        Binding("c", "code", "Registration code", id="code",
                tooltip="View, issue, regenerate or email the client's registration code"),
        Binding("i", "invite", "Invite", id="invite", tooltip="Invite clients by email"),
        Binding("x", "archive", "Archive", id="archive"),
        Binding("f", "filter", "Filter by tag", id="filter"),
    ]
    ADD_KIND = Kind.CLIENT

    def columns(self) -> list[Column]:
        return [
            Column("first_name", "First name", 14, lambda r: r.first_name, "name",
                   edit=lambda r: r.first_name),
            Column("last_name", "Last name", 16, lambda r: r.last_name, "name",
                   edit=lambda r: r.last_name),
            Column("email", "Email", 30, lambda r: r.email, "email", edit=lambda r: r.email),
            Column("birthdate", "Born", 10, lambda r: fmt_date(r.birthdate), "birthdate",
                   edit=lambda r: r.birthdate.isoformat() if r.birthdate else ""),
            Column("sex", "Sex", 6, lambda r: SEX_LABELS.get(r.sex or "", r.sex or ""),
                   edit=lambda r: SEX_LABELS.get(r.sex or "", r.sex or "")),
            # shown with ", ", edited with ";": the one separator of a typed tag list
            Column("tags", "Tags", 22, lambda r: ", ".join(r.tags),
                   edit=lambda r: "; ".join(r.tags)),
            Column("external_id", "External ID", 12, lambda r: r.external_id or "",
                   "external_id", edit=lambda r: r.external_id or ""),
            Column("created", "Added", 10, lambda r: fmt_date(r.created_at), "created"),
        ]

    # --- filter choices ------------------------------------------------------

    def load_choices(self) -> None:
        self._load_tags()

    @work(thread=True, exclusive=True, group="choices", exit_on_error=False)
    def _load_tags(self) -> None:
        # counted within the tab's view: archived clients are not in "VIP (37)"
        known = call(lambda: tag_service.list_tags(kind=Kind.CLIENT, status=Status.ACTIVE))
        options = [(inert(f"{name} ({n:,})"), name) for name, n in known]
        self.app.call_from_thread(self.bar.set_choices, options)

    # --- actions ---------------------------------------------------------------

    def user_form(self, user_id: int | None = None) -> ClientFormScreen:
        from rostertui.ui.screens.client_form import ClientFormScreen

        return ClientFormScreen(self.operator, user_id)

    def action_add_tags(self) -> None:
        from rostertui.ui.screens.tags import TagsScreen

        self.app.push_screen(TagsScreen(self.operator, self.targets()), self.after_change)

    def action_remove_tags(self) -> None:
        from rostertui.ui.screens.tags import TagsScreen

        self.app.push_screen(TagsScreen(self.operator, self.targets(), remove=True),
                             self.after_change)

    def action_code(self) -> None:
        from rostertui.ui.screens.registration_code import RegistrationCodeScreen

        user_id = self._single_target()
        row = self.current()
        if user_id is not None:
            email = row.email if row is not None and row.id == user_id else f"user {user_id}"
            self.app.push_screen(RegistrationCodeScreen(self.operator, user_id, email),
                                 self.after_change)

    def action_invite(self) -> None:
        from rostertui.ui.screens.invite import InviteScreen

        self.app.push_screen(InviteScreen(self.operator, Kind.CLIENT, self.context.org_name),
                             self.after_change)

    def action_archive(self) -> None:
        from rostertui.ui.screens.confirm import ConfirmScreen

        ids = self.targets()
        if not ids:
            return
        n = len(ids)
        what = plural(n, *self.NOUN)
        actor = self.operator

        def confirmed(ok: bool | None) -> None:
            if ok:
                self.run_service(lambda: users.archive_users(ids, actor),
                                 lambda done: f"{plural(done, *self.NOUN)} archived",
                                 leaving=ids)

        self.app.push_screen(ConfirmScreen(
            f"Archive {what}?",
            f"{what.capitalize()} will move to Archived: read-only, and no longer counted "
            "against the client seats. You can unarchive them later.",
            confirm_label=f"Archive {what}"), confirmed)
