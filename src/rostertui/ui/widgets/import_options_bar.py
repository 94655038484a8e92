"""The Import tab's options: the kind of users, a default role for new team members, a
default status for new users, tags to add to every row, and whether missing tags are
created. Two compact lines; ``lead`` (the path bar, on the tab) opens the first."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Select

from rostertui.domain import fields
from rostertui.domain.enums import Kind, Role, Status
from rostertui.importing.engine import ImportOptions
from rostertui.ui.widgets.tick_box import TickBox

KIND_CHOICES = ((Kind.CLIENT, "Import as clients"), (Kind.TEAM_MEMBER, "Import as team members"))


class ImportOptionsBar(Vertical):
    KEY_BAR_ENTER = "Apply"  # in the field of tags to add to every row
    """Posts :class:`OptionsChanged` when a choice changes or the tags are submitted;
    :meth:`options` reads them as :class:`~rostertui.importing.engine.ImportOptions`."""

    DEFAULT_CSS = """
    ImportOptionsBar { height: auto; }
    """

    @dataclass
    class OptionsChanged(Message):
        bar: ImportOptionsBar
        submitted: bool = False  # Enter in the tags field (the admin is done with the bar)

        @property
        def control(self) -> ImportOptionsBar:
            return self.bar

    def __init__(self, preset: ImportOptions | None = None, *, lead: Widget | None = None,
                 id: str | None = None) -> None:
        super().__init__(id=id)
        self.preset = preset or ImportOptions()
        self.lead = lead

    def compose(self) -> ComposeResult:
        preset = self.preset
        with Horizontal(id="import-options"):
            if self.lead is not None:
                yield self.lead
            yield Select([(label, kind.value) for kind, label in KIND_CHOICES],
                         value=preset.kind.value, allow_blank=False, id="import-kind",
                         compact=True)
            role = Select([(f"New members: {r.value}", r.value) for r in Role],
                          prompt="Default role", id="import-role", compact=True)
            if preset.default_role is not None:
                role.value = preset.default_role.value
            role.display = preset.kind is Kind.TEAM_MEMBER
            yield role
        with Horizontal(id="import-row-options"):
            status = preset.default_status or Status.ACTIVE
            yield Select([(f"New users: {s.value}", s.value) for s in Status],
                         value=status.value, allow_blank=False, id="import-default-status",
                         compact=True)
            yield Input("; ".join(preset.extra_tags),
                        placeholder="Tags to add to every row (separate with ;, Enter applies)",
                        id="import-add-tags", compact=True)
            yield TickBox("Create missing tags", preset.create_missing_tags,
                           id="import-create-tags", compact=True)

    def options(self, mapping: dict[str, str]) -> ImportOptions:
        """The options as set, with these header mappings; ValueError for a tag name that
        cannot be (the message says which)."""
        kind = Kind(self.query_one("#import-kind", Select).value)
        role = self.query_one("#import-role", Select).value
        status = Status(self.query_one("#import-default-status", Select).value)
        tags = tuple(fields.tag_names(self.query_one("#import-add-tags", Input).value))
        return ImportOptions(kind=kind, mapping=mapping,
                             default_status=None if status is Status.ACTIVE else status,
                             extra_tags=tags,
                             default_role=Role(role) if kind is Kind.TEAM_MEMBER and
                             isinstance(role, str) else None,
                             create_missing_tags=self.query_one("#import-create-tags",
                                                                TickBox).value)

    def show(self, options: ImportOptions) -> None:
        """Set the choices to ``options`` (a parked import resumed), posting nothing."""
        with self.prevent(Select.Changed, TickBox.Changed, Input.Changed):
            self.query_one("#import-kind", Select).value = options.kind.value
            role = self.query_one("#import-role", Select)
            role.display = options.kind is Kind.TEAM_MEMBER
            if options.default_role is not None:
                role.value = options.default_role.value
            status = options.default_status or Status.ACTIVE
            self.query_one("#import-default-status", Select).value = status.value
            self.query_one("#import-add-tags", Input).value = "; ".join(options.extra_tags)
            self.query_one("#import-create-tags", TickBox).value = options.create_missing_tags

    def focus_tags(self) -> None:
        self.query_one("#import-add-tags", Input).focus()

    @on(Select.Changed, "#import-kind")
    def _kind_changed(self, event: Select.Changed) -> None:
        event.stop()
        self.query_one("#import-role", Select).display = event.value == Kind.TEAM_MEMBER.value
        self.post_message(self.OptionsChanged(self))

    @on(Select.Changed, "#import-role")
    @on(Select.Changed, "#import-default-status")
    @on(TickBox.Changed, "#import-create-tags")
    def _option_changed(self, event: Message) -> None:
        event.stop()
        self.post_message(self.OptionsChanged(self))

    @on(Input.Submitted, "#import-add-tags")
    def _tags_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.OptionsChanged(self, submitted=True))

    @on(Input.Changed, "#import-add-tags")
    def _tags_typed(self, event: Input.Changed) -> None:
        event.stop()  # applies on Enter only
