"""The Import tab's state and every change to it, with no Textual: a plain object the tab
drives and a unit test can drive alone.

Its methods run on the UI thread only: they swap in a result computed in a worker by
:mod:`rostertui.ui.import_operations` (:meth:`ImportController.show`,
:meth:`~ImportController.swap_fix`, :meth:`~ImportController.swap_commit`), flip a flag in
memory (include, email, filter), apply a fix that needs no database, and say which keys
apply. So the rows the preview draws change only on the UI thread, between two frames.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from rostertui.domain.actor import Actor
from rostertui.importing.engine import ImportOptions, ImportSession
from rostertui.importing.rows import ERROR, UNCHANGED, Row
from rostertui.ui.import_operations import Checked, Committed, Fixed
from rostertui.ui.import_triage import Triaged

# The options that fix a file on its way in (importing/triage): a file keeps its own when its
# other options change; the command line's apply to the file it names.
TRIAGE_OPTIONS = ("values", "fills", "date_format", "suggest", "invite_incomplete", "sheet",
                  "send_email")

# the column fixes a file is read with (kept as options, not as fixed cells), as the
# question before leaving a file names them
COLUMN_CHOICE_LABELS = {"date_format": "a date format", "invite_incomplete": "invitations",
                        "values": "value mappings", "fills": "fills"}
COLUMN_CHOICES = tuple(COLUMN_CHOICE_LABELS)

FILTERS = (("all", "All rows"), ("error", "Errors only"), ("create", "Creates"),
           ("update", "Updates"), ("unchanged", "Unchanged"))

@dataclass(frozen=True)
class ImportLaunchOptions:
    """What the command line asks of the Import tab (``rostertui import FILE --ui ...``)."""

    path: str | None = None  # a file to load when the app opens
    folder: str | None = None  # where the file tree starts (default: the working folder)
    options: ImportOptions | None = None  # the options the tab starts with


# --- the state on show (UI thread) -------------------------------------------------------


@dataclass
class Pending:
    """Changes asked for while a worker ran; they apply, in order, when it ends."""

    fixes: list[tuple[int, dict[int, str]]] = field(default_factory=list)
    options: bool = False


class ImportController:
    """The file on show and every change to it. UI thread only; see the module's doc."""

    def __init__(self, operator: Actor, launch: ImportLaunchOptions | None = None) -> None:
        self.operator = operator
        self.launch = launch or ImportLaunchOptions()
        preset = self.launch.options
        self.preset_mapping: dict[str, str] = dict(preset.mapping) if preset else {}
        self.session: ImportSession | None = None  # the file on show, planned
        self.refused: ImportSession | None = None  # a file whose mapping refused it
        self.path: str | None = None
        self._previous_path: str | None = None  # shown again when a new file fails to load
        self.filter = "all"
        self.generation = 0  # the latest load or check; older ones' results are dropped
        self._running: dict[int, bool] = {}  # job -> is a load or check
        self._last_job = 0
        self.pending = Pending()
        self.leaving = False  # the admin agreed to lose the fixes of the file on show
        self.saved_fixes: int | None = None  # _fixes_print() when the file came or was parked

    @property
    def source(self) -> ImportSession | None:
        """The file on show, planned or refused."""
        return self.session or self.refused

    # --- work in workers ------------------------------------------------------------

    @property
    def busy(self) -> bool:
        """Whether a worker's result is awaited (keys that need a still file are off)."""
        return bool(self._running)

    def start(self, *, load: bool = False) -> int:
        """A worker begins; returns its job number, which its result carries. A ``load``
        (a file read or checked again) makes the results of earlier loads stale."""
        self._last_job += 1
        job = self._last_job
        self._running[job] = load
        if load:
            self.generation = job
        return job

    def start_load(self, path: str) -> int:
        self._previous_path, self.path = self.path, path
        return self.start(load=True)

    def is_current(self, generation: int) -> bool:
        """Whether this load is the latest and still runs (its progress is worth showing)."""
        return generation == self.generation and generation in self._running

    def is_running(self, job: int) -> bool:
        """Whether job ``job`` (a commit, a fix) has not ended yet."""
        return job in self._running

    def finish(self, job: int) -> bool:
        """Job ``job`` ended (its result or its failure arrived, or it was cancelled).
        Returns whether its result still applies: False for a load older than the latest,
        or a job that had ended already."""
        if job not in self._running:
            return False
        load = self._running.pop(job)
        return not load or job == self.generation

    def failed(self, *, file_not_read: bool) -> None:
        """A job's failure arrived (and still applies)."""
        if file_not_read:
            self.path = self._previous_path  # the file on show (if any) is still the one

    def show(self, checked: Checked) -> None:
        """Swap a checked file in (a new file shows every row; the file on show checked again
        keeps its filter)."""
        session = checked.session
        if session.file_errors:
            self.session, self.refused = None, session
            return
        self.session, self.refused = session, None
        if not checked.same_file:
            self.filter = "all"
            self.leaving = False
            self.saved_fixes = self._fixes_print()  # what it came with is not the admin's
            if session.parked_id is not None:
                self.path = session.name

    def swap_fix(self, fixed: Fixed) -> bool:
        """Swap a fix in, unless the file on show changed meanwhile (then it is dropped)."""
        if fixed.before is not self.session:
            return False
        self.session = fixed.session
        return True

    def swap_triage(self, triaged: Triaged) -> bool:
        """Swap a column fix in (a value mapping, a fill, a date format...), unless the file
        on show changed meanwhile (then it is dropped)."""
        if triaged.before is not self.session:
            return False
        self.session = triaged.session
        return True

    def swap_commit(self, committed: Committed) -> bool:
        """After a commit: show the file as planned against the new roster (if still on
        show)."""
        if committed.before is not self.session:
            return False
        self.session = committed.session
        return True

    # --- options ----------------------------------------------------------------------

    def with_triage(self, options: ImportOptions, *, path: str | None = None,
                    sheet: str | None = None) -> ImportOptions:
        """``options`` (as the options bar sets them) with the fixes a file is read with:
        for the file on show checked again (``path`` None) its own (value mappings, fills,
        date format, sheet...); for a new load of ``path``, those the command line gave when
        it named that file; ``sheet`` when the admin chose one."""
        base: ImportOptions | None
        if path is None:
            base = self.source.options if self.source is not None else None
        else:
            launch = self.launch
            base = launch.options if launch.options is not None and launch.path and \
                os.path.abspath(launch.path) == os.path.abspath(path) else None
        kept = {name: getattr(base, name) for name in TRIAGE_OPTIONS} if base else {}
        if sheet is not None:
            kept["sheet"] = sheet or None  # "": the first sheet, chosen
        return replace(options, **kept) if kept else options

    def wants_check(self, options: ImportOptions) -> bool:
        """Whether ``options`` differ from those of the file on show (so it is checked
        again); while busy the change is remembered and applies when the work ends."""
        if self.busy:
            self.pending.options = True
            return False
        source = self.source
        return source is not None and options != source.options

    def take_pending_options(self) -> bool:
        wanted, self.pending.options = self.pending.options, False
        return wanted

    # --- fixes --------------------------------------------------------------------------

    def fix_in_memory(self, number: int, cells: dict[int, str]) -> list[Row] | None:
        """Apply a fix at once when it needs no database (the rows planned again), on this
        (the UI) thread; None when it needs a worker (:func:`fix`) or the tab is busy (then it
        waits in :attr:`pending`)."""
        session = self.session
        if session is None:
            return None
        if self.busy:
            self.pending.fixes.append((number, dict(cells)))
            return None
        row = session.row(number)
        if any(session.fix_needs_database(row, i, t) for i, t in cells.items()):
            return None
        changed: list[Row] = []
        for index, text in sorted(cells.items()):
            changed += session.set_cell(row, index, text)
        return changed

    def take_pending_fix(self) -> tuple[int, dict[int, str]] | None:
        return self.pending.fixes.pop(0) if self.pending.fixes else None

    def fixed_cells(self) -> tuple[int, int]:
        """How many cells of the file on show were changed since it was read (inline fixes,
        value mappings, fills, replacements), and in how many rows: what opening another file
        would lose, unless it is parked."""
        session = self.session
        cells = rows = 0
        if session is not None:
            for row in session.rows:
                if row.fixes:
                    cells += len(row.fixes)
                    rows += 1
        return cells, rows

    def _fixes_print(self) -> int | None:
        """A fingerprint of every fixed cell's place and value now, and of the column fixes
        kept as options (date format, invitations, value mappings, fills); None: neither.
        Fixing a cell fixed before is a change too, not only a new fixed cell."""
        session = self.session
        if session is None:
            return None
        fixed = tuple((row.number, index, row.cells[index] if index < len(row.cells) else "")
                      for row in session.rows if row.fixes for index in sorted(row.fixes))
        chosen = tuple(repr(getattr(session.options, name)) for name in COLUMN_CHOICES)
        return hash((fixed, chosen)) if fixed or self.column_choices() else None

    def column_choices(self) -> list[str]:
        """The column fixes the file on show is read with, kept as options, by name."""
        options = self.session.options if self.session is not None else None
        if options is None:
            return []
        return [label for name, label in COLUMN_CHOICE_LABELS.items()
                if getattr(options, name)]

    def must_ask_to_leave(self) -> bool:
        """Whether replacing the file on show would lose fixes the admin has not agreed to
        lose: it has fixes, and they are not those it came with or was parked with."""
        if self.leaving:
            return False
        now = self._fixes_print()
        return now is not None and now != self.saved_fixes

    def parked(self, session: ImportSession, parked_id: int) -> bool:
        """``session`` was parked as ``parked_id``: if it is still on show, its fixes are
        saved (and committing it drops the parked import). Returns whether it is."""
        if session is not self.session:
            return False
        session.parked_id = parked_id
        self.saved_fixes = self._fixes_print()
        return True

    def forget_parked(self, dropped: tuple[int, ...]) -> None:
        """Parked imports were dropped: if the file on show was one, its fixes are saved
        nowhere now (leaving it asks first again)."""
        session = self.session
        if session is not None and session.parked_id in dropped:
            session.parked_id = None
            self.saved_fixes = None

    # --- rows chosen and emails (memory only) ---------------------------------------------

    # While a worker runs it may be reading the session on show (to copy, check again or
    # commit it): nothing changes it meanwhile (the keys are off; these refuse too).

    def toggle_include(self, row: Row) -> bool:
        if self.session is None or self.busy or row.action == ERROR:
            return False
        self.session.set_included(row, not row.include)
        return True

    def toggle_email(self, row: Row) -> bool:
        if self.session is None or self.busy:
            return False
        self.session.set_send_email(row, not row.send_email)
        return True

    def include_all(self) -> bool:
        if self.session is None or self.busy:
            return False
        self.session.set_all_included(True)
        return True

    def email_all(self) -> bool | None:
        """Tick every writing row's email box, or untick them all when all are ticked;
        returns whether they are now ticked (None: no file)."""
        session = self.session
        if session is None or self.busy:
            return None
        writing = [r for r in session.rows if r.writes]
        send = not writing or not all(r.send_email for r in writing)
        session.set_send_email(None, send)
        return send

    # --- which keys apply ----------------------------------------------------------------

    ROW_ACTIONS = frozenset({"toggle_include", "toggle_email", "fix", "edit_cell"})
    FILE_ACTIONS = frozenset({"include_all", "email_all", "next_filter", "export_errors",
                              "commit", "map_values", "date_format", "fill_column",
                              "replace_in_column", "invite_incomplete"})

    def allows(self, action: str, row: Row | None, *, previewing: bool) -> bool:
        """Whether the tab's ``action`` applies now, with ``row`` under the cursor and the
        preview (not the file picker) on show."""
        if action in self.ROW_ACTIONS or action in self.FILE_ACTIONS:
            if self.busy or self.session is None or not previewing:
                return False
        if action in self.ROW_ACTIONS:
            if row is None:
                return False
            # toggle_include on a row with errors applies: the tab says to fix it first
            if action == "toggle_email" and row.action == UNCHANGED:
                return False  # nothing is written, so no email
        if action in ("history", "parked"):
            return not self.busy
        if action == "park":
            return not self.busy and self.session is not None and previewing
        if action == "back_to_file":
            return self.session is not None and not previewing
        if action == "sheet":
            source = self.source
            return not self.busy and source is not None and \
                len(getattr(source.file, "sheets", ()) or ()) > 1
        if action == "mapping":
            return not self.busy and self.source is not None
        return True

    def options_mapping(self) -> dict[str, str]:
        """The header mappings new options go with: the file on show's, else those given on
        the command line."""
        source = self.source
        return dict(source.options.mapping) if source else dict(self.preset_mapping)

    def commit_writes(self) -> bool:
        """Whether a commit would create or update any user."""
        out = self.session.outcome() if self.session is not None else None
        return bool(out and (out["create"] or out["update"]))

    # --- the filter ---------------------------------------------------------------------

    def view(self) -> list[int] | None:
        """The positions the filter shows (None: every row)."""
        session = self.session
        if session is None or self.filter == "all":
            return None
        wanted = self.filter
        return [i for i, r in enumerate(session.rows) if r.action == wanted]

    def next_filter(self) -> str:
        names = [name for name, _ in FILTERS]
        self.filter = names[(names.index(self.filter) + 1) % len(names)]
        return self.filter

    @property
    def filter_label(self) -> str:
        return dict(FILTERS)[self.filter]


def error_export_path(controller: ImportController) -> str | None:
    """Where the rows with errors go by default: beside the file, ``NAME-errors.csv``."""
    session = controller.session
    if session is None:
        return None
    base = Path(controller.path or session.name)
    return str(base.with_name(f"{base.stem}-errors.csv"))


__all__ = ["FILTERS", "TRIAGE_OPTIONS", "ImportController", "ImportLaunchOptions", "Pending",
           "error_export_path"]
