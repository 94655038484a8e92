"""The Import tab's fixes of a column at a time (issue 14): the value map, the date format,
fill and find and replace, and importing incomplete rows as invitations.

Each fix is computed in a thread worker from the session on show
(:mod:`rostertui.ui.import_triage`, no Textual) and posted back as :class:`ColumnFixed`;
the tab swaps the new session in on the UI thread through the controller
(:meth:`~rostertui.ui.import_controller.ImportController.swap_triage`), as it does an
inline fix. The dialogs are in :mod:`rostertui.ui.screens.value_map` and
:mod:`rostertui.ui.screens.column_fix`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.app import App
from textual.dom import DOMNode
from textual.message import Message

from rostertui.domain.actor import Actor
from rostertui.domain.words import plural
from rostertui.importing import mapping as header_map
from rostertui.importing.engine import ImportSession
from rostertui.ui import import_triage as ops
from rostertui.ui.import_triage import ColumnValues, Triaged
from rostertui.ui.tabs import import_text as text
from rostertui.ui.tabs import import_work as work

if TYPE_CHECKING:
    from rostertui.ui.tabs.import_tab import ImportTab

# Compute a column fix from the session on show (in a worker).
Compute = Callable[[ImportSession], Triaged]
# Start ``compute`` as a job of the tab, saying ``status`` meanwhile.
Start = Callable[[Compute, str], None]


@dataclass
class ColumnFixed(Message):
    """A column fix was computed (in a worker): the new session to swap in."""

    job: int
    triaged: Triaged


@dataclass
class ValuesCounted(Message):
    """The distinct invalid values of each column were counted (in a worker)."""

    job: int
    session: ImportSession  # the session they were counted in
    columns: list[ColumnValues]
    start: str | None  # the column to show first (the one under the cursor)


def run(node: DOMNode, job: int, session: ImportSession, compute: Compute) -> None:
    """Compute a column fix of ``session`` in a worker: :class:`ColumnFixed`."""
    work.run(node, "import-fix", lambda: compute(session),
             lambda triaged: ColumnFixed(job, triaged), job=job)


def count_values(node: DOMNode, job: int, session: ImportSession, start: str | None) -> None:
    """Count each column's distinct invalid values in a worker: :class:`ValuesCounted`."""
    work.run(node, "import-fix", lambda: ops.invalid_values(session),
             lambda columns: ValuesCounted(job, session, columns, start), job=job)


def ask_value_map(app: App, counted: ValuesCounted, operator: Actor, start: Start) -> None:
    """The value map over the counted columns; the mapping chosen is applied in a worker."""
    from rostertui.ui.screens.value_map import ValueMapScreen

    if not counted.columns:
        app.notify("The file has no mapped columns", severity="warning", timeout=4)
        return

    def chosen(result: tuple[str, str, dict[str, str]] | None) -> None:
        if result:
            key, header, pairs = result
            column = next(c for c in counted.columns if c.key == key)
            mapped = {old.casefold() for old in pairs}  # matched in any case, as the engine does
            holding = sum(v.count for v in column.values if v.text.casefold() in mapped)
            start(lambda s: ops.map_values(s, key, header, pairs, operator, holding=holding),
                  f"Mapping {len(pairs)} value{'s' if len(pairs) > 1 else ''} of {header} in "
                  "every row…")

    app.push_screen(ValueMapScreen(counted.columns, counted.start), chosen)


def _scope(session: ImportSession, shown: list[int] | None, showing: str,
           blank_only: bool) -> str:
    cells = "blank cells" if blank_only else "cells"
    if shown is None:
        return f"The {cells} of every row ({len(session.rows):,})."
    return f"The {cells} of the {plural(len(shown), 'row')} shown ({showing})."


def fill_choices(session: ImportSession) -> list[tuple[str, str]]:
    """The file's columns, then the fields it has no column for (a fill adds one): first
    those rows need ("birthdate (no column; 20 rows need it)")."""
    have = ops.columns(session)
    keys = {k for k, _ in have}
    needed: dict[str, int] = {}
    for row in session.rows:
        for issue in row.errors:
            if not issue.column and issue.field not in keys:
                needed[issue.field] = needed.get(issue.field, 0) + 1
    missing = [f for f in header_map.targets(session.kind) if f not in keys and f != "password"]
    missing.sort(key=lambda f: -needed.get(f, 0))  # stable: the table's order otherwise
    return [(k, f"{h} → {k}") for k, h in have] + [
        (f, f"{f} (no column; {plural(needed[f], 'row')} need"
         f"{'s' if needed[f] == 1 else ''} it)" if f in needed else
         f"{f} (no column)") for f in missing]


def ask_fill(app: App, session: ImportSession, key: str | None, shown: list[int] | None,
             showing: str, start: Start) -> None:
    """Fill the blank cells of a column over the rows shown (or import incomplete rows as
    invitations)."""
    from rostertui.ui.screens.column_fix import FillChoice, FillScreen

    def chosen(choice: FillChoice | None) -> None:
        if choice is None:
            return
        if choice.invite:
            toggle_invite(session, start)
            return
        start(lambda s: ops.fill(s, choice.key, choice.value, shown),
              f"Filling the blank {choice.key} cells…")

    app.push_screen(FillScreen(fill_choices(session), key,
                               _scope(session, shown, showing, True),
                               can_invite=True, inviting=session.options.invite_incomplete),
                    chosen)


def ask_replace(app: App, session: ImportSession, key: str | None, shown: list[int] | None,
                showing: str, start: Start) -> None:
    """Find and replace within a column over the rows shown."""
    from rostertui.ui.screens.column_fix import ReplaceChoice, ReplaceScreen

    choices = [(k, f"{h} → {k}") for k, h in ops.columns(session)]

    def chosen(choice: ReplaceChoice | None) -> None:
        if choice is not None:
            start(lambda s: ops.replace(s, choice.key, choice.find, choice.replacement, shown,
                                        whole=choice.whole),
                  f"Replacing in the {choice.key} column…")

    app.push_screen(ReplaceScreen(choices, key, _scope(session, shown, showing, False)),
                    chosen)


def describe_dates(session: ImportSession) -> str:
    """What the date dialog says first: the column, how it is read, the engine's warnings,
    the rows with a birthdate error."""
    column = next((h for k, h in ops.columns(session) if k == "birthdate"), None)
    if column is None:
        return "The file has no birthdate column (fill one with b)."
    stated = session.options.date_format
    found = session.date_format
    if stated:
        how = f"read as {stated}, as you chose"
    elif found is not None:
        how = f"read as {found.label}, as the column proves"
    else:
        how = "read as ISO dates or month names only (no order stated or proved)"
    lines = [f"Column {column!r}: {how}."]
    lines += ops.date_warnings(session)
    lines.append(f"{plural(ops.date_problems(session), 'row')} with a birthdate error.")
    return "\n".join(lines)


def ask_date_format(app: App, session: ImportSession, start: Start) -> None:
    """The birthdate column's date order; the file is checked again with it in a worker."""
    from rostertui.ui.screens.column_fix import DateFormatScreen

    def chosen(fmt: str | None) -> None:
        if fmt is not None and (fmt or None) != session.options.date_format:
            start(lambda s: ops.date_format(s, fmt or None),
                  f"Reading the birthdates as {fmt or 'the column proves'}…")

    app.push_screen(DateFormatScreen(describe_dates(session), session.options.date_format),
                    chosen)


def toggle_invite(session: ImportSession, start: Start) -> None:
    """Import the rows lacking only what a new user needs as invitations, or stop."""
    invite = not session.options.invite_incomplete
    start(lambda s: ops.invite_incomplete(s, invite),
          "Checking the incomplete rows as invitations…" if invite else
          "Checking the incomplete rows again…")


class ColumnFixes:
    """The Import tab's column fixes: its keys call these, and its messages
    (:class:`ValuesCounted`, :class:`ColumnFixed`) come back to :meth:`done`. The tab hands
    over how it draws a new session keeping the cursor's row (``swap``, as after an inline
    fix) and how it shows that work began (``begin``: the status line, the keys greyed)."""

    def __init__(self, tab: ImportTab, *, swap: Callable[..., None],
                 begin: Callable[..., None]) -> None:
        self.tab, self.swap, self.begin = tab, swap, begin

    @property
    def session(self) -> ImportSession | None:
        return self.tab.controller.session

    def cursor_key(self) -> str | None:
        """The field of the column under the table's column cursor (None, or the header of
        a column left out: the dialog offers the columns with invalid values first)."""
        if self.session is None or not self.tab.table.columns:
            return None
        return self.tab.table.current_column()

    def shown(self) -> tuple[list[int] | None, str]:
        """The numbers of the rows the filter shows (None: every row) and its name."""
        controller, session = self.tab.controller, self.session
        view = controller.view()
        numbers = None if view is None or session is None else \
            [session.rows[i].number for i in view]
        return numbers, controller.filter_label

    def start(self, compute: Compute, status: str) -> None:
        """Compute a fix of the session on show in a worker, as a job of the tab."""
        controller, session = self.tab.controller, self.session
        if session is not None and not controller.busy:
            job = controller.start()
            self.begin(status, indeterminate=True)
            run(self.tab, job, session, compute)

    def map_values(self) -> None:
        controller, session = self.tab.controller, self.session
        if session is not None and not controller.busy:
            job = controller.start()
            self.begin("Counting each column's invalid values…", indeterminate=True)
            count_values(self.tab, job, session, self.cursor_key())

    def date_format(self) -> None:
        if self.session is not None:
            ask_date_format(self.tab.app, self.session, self.start)

    def fill(self) -> None:
        if self.session is not None:
            ask_fill(self.tab.app, self.session, self.cursor_key(), *self.shown(), self.start)

    def replace(self) -> None:
        if self.session is not None:
            ask_replace(self.tab.app, self.session, self.cursor_key(), *self.shown(),
                        self.start)

    def toggle_invite(self) -> None:
        if self.session is not None:
            toggle_invite(self.session, self.start)

    def done(self, event: ValuesCounted | ColumnFixed) -> None:
        """A worker's result arrived (UI thread): open the value map, or swap the fix in."""
        tab = self.tab
        if not tab.controller.finish(event.job):
            return
        tab.status.stop()
        if isinstance(event, ValuesCounted):
            tab.status.say(text.describe_file(event.session))
            if event.session is self.session:
                ask_value_map(tab.app, event, tab.controller.operator, self.start)
            return
        triaged, current = event.triaged, tab.table.current_row
        if tab.controller.swap_triage(triaged):
            self.swap(triaged.session, keep=current.number if current else None)
            tab.app.notify(triaged.note, title="Column fixed", timeout=6, markup=False)
        if self.session is not None:
            self.say_dates(self.session)

    def say_dates(self, session: ImportSession, *, new_file: bool = False) -> None:
        """The status line for the file on show, with how to choose the date format when
        its birthdates could be read either way; for a ``new_file``, the order its
        birthdate column proved (the engine's warning) is shown too."""
        if new_file:
            for warning in ops.date_warnings(session):
                self.tab.app.notify(f"{warning}. Press d to choose another.",
                                    title="Dates", timeout=8, markup=False)
        hint = ops.date_hint(session)
        # the hint first: the line is cut at the terminal's width
        self.tab.status.say(f"{hint}  ·  {text.describe_file(session)}" if hint
                            else text.describe_file(session))


__all__ = ["ColumnFixed", "ColumnFixes", "ValuesCounted", "ask_date_format", "ask_fill",
           "ask_replace", "ask_value_map", "count_values", "describe_dates", "fill_choices",
           "run", "toggle_invite"]
