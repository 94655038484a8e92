"""A roster cell edited in place: which user, field and version it started from, the change
it saves through the same service as the edit form (``users.edit_user``, with the same
version check), and the words for a refusal, naming the field.

:func:`save` starts the thread worker that saves it and posts :class:`CellSaved` or
:class:`CellRefused` to the tab; a bug (anything but a refusal) fails the worker.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from textual.dom import DOMNode
from textual.message import Message
from textual.worker import Worker

from rostertui.domain import users
from rostertui.domain.errors import StaleVersion, ValidationFailed
from rostertui.domain.records import UserRecord
from rostertui.ui.services import Refusal, call
from rostertui.ui.widgets.roster_column import Column

# fields that a blank clears (stored as no value, as the forms do)
OPTIONAL = frozenset({"external_id", "office"})


@dataclass(frozen=True)
class CellEdit:
    """A field of one user being edited in place, from the row as it was shown."""

    user_id: int
    version: int
    email: str
    field: str
    label: str
    before: str  # the text the field started from

    @classmethod
    def of(cls, row: Any, column: Column) -> CellEdit | None:
        if column.edit is None or row is None:
            return None
        return cls(row.id, row.version, row.email, column.key, column.label, column.edit(row))

    def changes(self, text: str) -> dict[str, Any]:
        """The edit as the service takes it (tags as typed: the service reads them)."""
        value: Any = text
        if self.field in OPTIONAL and not text.strip():
            value = None
        return {self.field: value}

    def refused(self, error: Refusal) -> tuple[str, CellEdit]:
        """What to say about a refusal, and the edit to go on with: after a stale edit, the
        current version, so Enter saves the value typed over theirs (as the form does)."""
        cause = error.__cause__
        if isinstance(cause, StaleVersion):
            now = _shown(cause.current.get(self.field))
            return (f"Changed by someone else since it was shown: {self.label} is now "
                    f"{now!r}. Enter saves yours over it; Escape keeps theirs.",
                    replace(self, version=int(cause.current.get("version") or 0)))
        if isinstance(cause, ValidationFailed):
            words = "; ".join(e.message if e.field == self.field else f"{e.field}: {e.message}"
                              for e in cause.errors)
            return f"{self.label}: {words}", self
        return f"{self.label}: {error}", self


def _shown(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    return str(value)


@dataclass
class CellSaved(Message):
    edit: CellEdit
    record: UserRecord


@dataclass
class CellRefused(Message):
    edit: CellEdit
    error: Refusal


def save(node: DOMNode, edit: CellEdit, text: str, actor: Any) -> Worker[None]:
    """Save ``text`` as ``edit``'s field in a thread worker; the outcome is posted to ``node``."""

    def run() -> None:
        try:
            record = call(users.edit_user, edit.user_id, edit.version, edit.changes(text),
                          actor, create_missing_tags=True)
        except Refusal as exc:
            node.post_message(CellRefused(edit, exc))
            return
        node.post_message(CellSaved(edit, record))

    return node.run_worker(run, thread=True, group="cell-edit", exit_on_error=False)


__all__ = ["CellEdit", "CellRefused", "CellSaved", "save"]
