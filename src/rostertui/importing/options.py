"""The options of an import: who the file holds, the admin's mappings and fixes, row defaults.

Shared by the command line (``rostertui import`` flags) and the Import tab; see
:class:`ImportOptions`. Re-exported by :mod:`rostertui.importing.engine`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
from collections.abc import Iterator
from dataclasses import dataclass, field

from rostertui.domain import fields
from rostertui.domain.enums import Kind, Role, Status
from rostertui.importing import dates, edits
from rostertui.importing.mapping import clean_mapping
from rostertui.importing.reader import DEFAULT_MAX_ROWS

SEND_EMAIL_CHOICES = ("none", "all")


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building or scanning 100,000 row objects.

    The rows hold no reference cycles, yet each young-generation collection
    would walk every row built so far: pausing it makes loading about twice as
    fast. Reference counting still frees memory as usual.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@dataclass
class ImportOptions:
    kind: Kind = Kind.CLIENT
    default_role: Role | None = None
    create_missing_tags: bool = False
    send_email: str = "none"  # none | all: the initial state of every row's email box
    max_rows: int = DEFAULT_MAX_ROWS
    today: dt.date | None = None  # for tests; birthdates may not be after it
    # the admin's header mappings (see importing.mapping): header -> field, or "" to ignore
    mapping: dict[str, str] = field(default_factory=dict)
    default_status: Status | None = None  # for created users whose status cell is blank
    extra_tags: tuple[str, ...] = ()  # added to the tags of every created or updated user
    # value mappings, field key -> {value as written: new value} (see importing.edits)
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    fills: dict[str, str] = field(default_factory=dict)  # field key -> value for blank cells
    date_format: str | None = None  # "DD/MM/YYYY"...: the birthdate column's order
    suggest: bool = True  # map a column by its values when the evidence is strong
    invite_incomplete: bool = False  # rows lacking only what a new user needs: invitations
    sheet: str | None = None  # the sheet of a workbook (default: the first)
    # False (a one-shot check or commit with no errors file): the rows forget their cells
    # once checked, 120 bytes a row less; fixes, other options, parking and samples need them
    keep_cells: bool = True
    # True (the CLI's --dry-run, without an errors file or fixes): the file is checked,
    # planned and reported once, so rows that plan clean are kept compact (see
    # importing.oneshot); such a session is not for fixes, toggles or a commit
    dry_run_only: bool = False

    def __post_init__(self) -> None:
        self.mapping = clean_mapping(self.mapping)  # raises ValueError
        self.values = edits.clean_values(self.values)  # raises ValueError
        self.fills = {edits.check_field(k): str(v).strip() for k, v in self.fills.items()
                      if str(v).strip()}
        if self.date_format is not None:
            self.date_format = dates.parse_format(self.date_format).label  # raises ValueError
        if self.default_status is not None and not isinstance(self.default_status, Status):
            self.default_status = fields.status(self.default_status)  # raises ValueError
        self.extra_tags = tuple(fields.tag_names(self.extra_tags))  # raises ValueError
        if self.default_role is not None and not isinstance(self.default_role, Role):
            self.default_role = fields.role(self.default_role)  # raises ValueError
        if self.send_email not in SEND_EMAIL_CHOICES:
            raise ValueError(f"send_email is {self.send_email!r}; use none or all")
