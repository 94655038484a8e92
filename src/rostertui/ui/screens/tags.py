"""Add tags to, or remove tags from, the selected clients in bulk."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, SelectionList, Static

from rostertui.domain import fields
from rostertui.domain import tags as tag_service
from rostertui.ui.screens.form import FormScreen
from rostertui.ui.text import plural
from rostertui.ui.widgets.inert import inert
from rostertui.ui.widgets.tick_list import TickList


class TagsScreen(FormScreen):
    def __init__(self, actor: Any, user_ids: Sequence[int], *, remove: bool = False) -> None:
        super().__init__()
        self.actor, self.user_ids, self.removing = actor, list(user_ids), remove

    def compose(self) -> ComposeResult:
        who = plural(len(self.user_ids), "client")
        with Vertical(classes="dialog form"):
            yield Static(f"Remove tags from {who}" if self.removing else f"Add tags to {who}",
                         classes="dialog-title")
            yield Label("Tags (space to check)")
            yield TickList(id="tags")
            if not self.removing:
                yield Label("Create and add a new tag (separate several with ;)")
                yield Input(id="new", placeholder="New tag name")
            yield from self.form_buttons("Remove" if self.removing else "Add")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#tags", SelectionList).focus()
        ids = self.user_ids
        # removing: only the tags the selected users hold, counted among them
        self.load_service(lambda: tag_service.list_tags(user_ids=ids) if self.removing
                          else tag_service.list_tags())

    def loaded(self, known: list[tuple[str, int]]) -> None:
        selection = self.query_one("#tags", SelectionList)
        selection.clear_options()
        selection.add_options([(inert(f"{name} ({count:,})"), name) for name, count in known])
        if known:
            selection.highlighted = 0

    def action_submit(self) -> None:
        names = list(self.query_one("#tags", SelectionList).selected)
        if not self.removing:
            try:  # the same reading of a tag list as the client form and the importer
                names += fields.tag_names(self.query_one("#new", Input).value)
            except ValueError as exc:
                self.show_error(f"new tag: {exc}")
                return
        if not names:
            self.show_error("check at least one tag" + ("" if self.removing else
                                                       " or type a new one"))
            return
        ids, actor = self.user_ids, self.actor
        label = "; ".join(names)
        who = plural(len(ids), "client")
        if self.removing:
            self.submit_service(lambda: tag_service.remove_tags(ids, names, actor),
                                lambda removed: f"Removed {label} from {who} "
                                                f"({plural(removed, 'tag')} taken off)")
        else:
            self.submit_service(
                lambda: tag_service.add_tags(ids, names, actor, create_missing=True),
                lambda added: f"Added {label} to {who} ({plural(added, 'new tag')} given)")
