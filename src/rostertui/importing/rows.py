"""The state of one row of the file, from its cells to its planned action.

The Import tab keeps one :class:`Row` per record: it shows the cells, the
errors per column, the action and the changes, and lets the admin fix a cell,
leave a row out or tick its email box. A row never holds a password in a form
that can be printed: ``password`` is kept apart and left out of ``repr``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

CREATE, UPDATE, UNCHANGED, ERROR = "create", "update", "unchanged", "error"
ACTIONS = (CREATE, UPDATE, UNCHANGED, ERROR)
NO_ISSUES: tuple[()] = ()
NO_CHANGES: Mapping[str, Any] = MappingProxyType({})
NO_CELLS: tuple[()] = ()  # the cells of a row whose session did not keep them
SET = "set"  # importing.edits.SET: a cell a fill of every row gave (options, made again)


@dataclass(frozen=True, slots=True)
class Issue:
    """An error or warning about one row: the canonical field, the header as written, a message."""

    field: str
    column: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"field": self.field, "column": self.column, "message": self.message}

    def __str__(self) -> str:
        where = self.column or self.field
        return f"{where}: {self.message}" if where else self.message


class Row:
    __slots__ = ("number", "cells", "values", "password", "cell_errors", "cell_warnings",
                 "plan_errors", "plan_warnings", "action", "changes", "include", "send_email",
                 "user_id", "user_version", "before", "raw_email", "fixes", "invite")

    def __init__(self, number: int, cells: list[str]):
        self.number = number  # spreadsheet row number
        self.cells = cells  # the cells as read (a fix in the UI replaces one)
        self.values: dict[str, Any] = {}  # canonical field -> cleaned value (blank cells absent)
        self.password: str | None = None  # never printed; hashed at commit, on create only
        # Empty lists and dicts are the shared NO_ISSUES and NO_CHANGES: 100,000 rows, most of
        # them without errors or changes, need no container of their own.
        self.cell_errors: list[Issue] | tuple[()] = NO_ISSUES
        self.cell_warnings: list[Issue] | tuple[()] = NO_ISSUES
        self.plan_errors: list[Issue] | tuple[()] = NO_ISSUES
        self.plan_warnings: list[Issue] | tuple[()] = NO_ISSUES
        self.action = ERROR
        self.changes: Mapping[str, list[Any]] = NO_CHANGES
        self.include = True  # the admin may leave a row out (the UI's toggle)
        self.send_email = False  # the UI's per-row email box; --send-email all ticks every one
        self.user_id: int | None = None  # the matched user, on update or unchanged
        self.user_version: int | None = None
        self.before: Mapping[str, Any] = NO_CHANGES  # what the changed fields held (for undo)
        self.raw_email = ""  # the email cell as written, for reports when it is not valid
        # the cells fixed since the file was read: column index -> (the cell as the file
        # wrote it, how it was changed: see importing.edits); None when none was
        self.fixes: dict[int, tuple[str, str]] | None = None
        self.invite = False  # created as a pending user with an invitation (it lacks fields)

    def copy(self) -> Row:
        """A copy that checking and planning may change without touching this row (its cells
        and values are new; the lists and maps they replace rather than change are shared)."""
        other = Row.__new__(Row)
        other.number = self.number
        other.cells = list(self.cells)  # checking a row again may share its strings in place
        other.values = dict(self.values)
        other.password = self.password
        other.cell_errors = self.cell_errors
        other.cell_warnings = self.cell_warnings
        other.plan_errors = self.plan_errors
        other.plan_warnings = self.plan_warnings
        other.action = self.action
        other.changes = self.changes
        other.include = self.include
        other.send_email = self.send_email
        other.user_id = self.user_id
        other.user_version = self.user_version
        other.before = self.before
        other.raw_email = self.raw_email
        other.fixes = dict(self.fixes) if self.fixes else None
        other.invite = self.invite
        return other

    @property
    def errors(self) -> list[Issue]:
        return [*self.cell_errors, *self.plan_errors]

    @property
    def warnings(self) -> list[Issue]:
        return [*self.cell_warnings, *self.plan_warnings]

    @property
    def email(self) -> str:
        """The row's email in its stored form when valid, else as the file wrote it."""
        value = self.values.get("email")
        return value if value is not None else self.raw_email

    def original_cells(self, keep: frozenset[str] = frozenset()) -> list[str]:
        """A copy of the cells with every fix undone except those made in one of the ways
        ``keep``. Cells a fill of every row added past the row's end (a column the file
        lacks) are dropped: the file had none there (the reader drops empty trailing
        cells), and the fill adds them again, so a column is not added twice."""
        if not self.fixes:
            return list(self.cells)
        cells = list(self.cells)
        fixes = self.fixes
        for index, (before, how) in fixes.items():
            if how not in keep and index < len(cells):
                cells[index] = before
        while cells and not cells[-1] and fixes.get(len(cells) - 1, ("", ""))[1] == SET \
                and SET not in keep:
            cells.pop()
        return cells

    @property
    def writes(self) -> bool:
        """Whether a commit would write this row."""
        return self.include and self.action in (CREATE, UPDATE)

    def __repr__(self) -> str:
        return (f"Row({self.number}, action={self.action!r}, email={self.email!r}, "
                f"errors={len(self.errors)})")
