"""The Import tab's column-at-a-time fixes, with no Textual: what its workers compute and the
words the tab says about them (issue 14, "Values, fixed a column at a time").

Each computation takes the session on show and returns a :class:`Triaged` holding a **new**
session (the engine's :mod:`rostertui.importing.triage` leaves the one it is given as it
was), so the tab runs it in a worker and swaps the result in on the UI thread through
:meth:`ImportController.swap_triage`, as it does an inline fix. A refusal raises
:class:`~rostertui.ui.import_operations.ImportFailed` with the line to show.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from rostertui.domain import prefs
from rostertui.domain.actor import Actor
from rostertui.domain.enums import ProfileType, Role, Sex, Status
from rostertui.domain.words import plural
from rostertui.importing import edits, triage
from rostertui.importing import mapping as header_map
from rostertui.importing.dates import DETECTED_HINT
from rostertui.importing.edits import DistinctValue
from rostertui.importing.engine import ImportOptions, ImportSession, gc_paused
from rostertui.importing.rows import ERROR
from rostertui.ui.import_operations import ImportFailed
from rostertui.ui.services import Refusal, call

# The fields whose values are a closed list: the value map offers them in a list.
ALLOWED = {"sex": [s.value for s in Sex], "status": [s.value for s in Status],
           "profile_type": [p.value for p in ProfileType], "roles": [r.value for r in Role]}
# The date orders the tab offers (None: as the column proves it); the engine reads any.
DATE_FORMATS = (None, "DD/MM/YYYY", "MM/DD/YYYY", "DD.MM.YYYY", "MM.DD.YYYY", "DD-MM-YYYY",
                "MM-DD-YYYY", "YYYY/MM/DD", "D MMM YYYY", "MMM D YYYY")
MOST_SHOWN = 200  # distinct values listed in the value map (the most frequent)


@dataclass(frozen=True)
class Triaged:
    """A column fix computed from ``before``: the new session, what to say, and how long it
    took to compute (seconds, the counts included)."""

    before: ImportSession
    session: ImportSession
    note: str
    seconds: float = 0.0


@dataclass(frozen=True)
class ColumnValues:
    """A column's distinct invalid values, for the value map."""

    key: str  # the field (``attribute:NAME``)
    header: str  # as the file wrote it
    values: tuple[DistinctValue, ...]


FREEZE_FROM = 20_000  # rows: below, a collection over them is too short to freeze for


@contextlib.contextmanager
def _no_collection(rows: int) -> Iterator[None]:
    """Pause the cyclic collector while a worker builds or scans a file's rows; for a large
    file, then move what exists out of the collector's sight (``gc.freeze``). Rows hold no
    reference cycles (reference counting frees them, sessions included), but a collection
    walking 100,000 of them held the GIL for up to 0.5 s, which stops the UI thread too
    (benchmarks/triage_ui_bench.py: the longest stall went from about 500 ms to 50-180
    ms). The cost: cyclic garbage alive or pending at that moment is not collected until
    the next file is read (:func:`thaw`)."""
    with gc_paused():
        yield
        if rows >= FREEZE_FROM:
            gc.freeze()


def thaw() -> None:
    """A new file is read: what the column fixes froze is in the collector's sight again, so
    cyclic garbage frozen with it is freed by the next full collection, and what a long day
    of triage freezes stays bounded by one file."""
    gc.unfreeze()


# --- what the file holds --------------------------------------------------------------


def columns(session: ImportSession) -> list[tuple[str, str]]:
    """(field key, header as written) of each mapped column, in the file's order."""
    return [(c.key, c.header) for c in session.columns.columns]


def invalid_values(session: ImportSession, only: str | None = None) -> list[ColumnValues]:
    """Each mapped column's distinct invalid values (most frequent first), the columns with
    any first; ``only``: that column alone. Reads every row: run it in a worker (with the
    cyclic collector paused: a full collection over 100,000 rows stops the UI thread too)."""
    with _no_collection(len(session.rows)):
        return _invalid_values(session, only)


def _invalid_values(session: ImportSession, only: str | None) -> list[ColumnValues]:
    wanted = {only.casefold()} if only else None
    with_errors: Counter[str] = Counter()
    for row in session.rows:
        for issue in row.cell_errors:
            with_errors[issue.field.casefold()] += 1
    out = []
    for key, header in columns(session):
        folded = key.casefold()
        if wanted is not None and folded not in wanted:
            continue
        values = triage.distinct_values(session, key) if with_errors[folded] else []
        out.append(ColumnValues(key, header, tuple(values[:MOST_SHOWN])))
    out.sort(key=lambda c: not c.values)  # stable: the file's order otherwise
    return out


def describe_values(values: Sequence[DistinctValue], most: int = 6) -> str:
    """"M ×1,204 · F ×1,150 · U ×3" (the most frequent ``most``, then how many more)."""
    parts = [f"{v.text} ×{v.count:,}" for v in values[:most]]
    if len(values) > most:
        parts.append(f"{plural(len(values) - most, 'more value')}")
    return " · ".join(parts)


def allowed_values(key: str) -> list[str] | None:
    """The values a field takes when they are a closed list (``sex``: male, female)."""
    return ALLOWED.get(key)


def date_problems(session: ImportSession) -> int:
    """How many rows have an error in their birthdate."""
    return sum(1 for r in session.rows if r.action == ERROR and
               any(e.field == "birthdate" for e in r.cell_errors))


def date_warnings(session: ImportSession) -> list[str]:
    """The file warnings about the birthdate column's order (the engine's detection), without
    the command line's flag: the tab says which key chooses another order."""
    return [w.replace(DETECTED_HINT, "") for w in session.file_warnings
            if " is read as " in w and DETECTED_HINT in w]


def date_hint(session: ImportSession) -> str:
    """What the tab says when birthdates could not be read for want of an order (""
    otherwise)."""
    ambiguous = sum(1 for r in session.rows if r.action == ERROR and any(
        e.field == "birthdate" and "date format" in e.message for e in r.cell_errors))
    if not ambiguous:
        return ""
    return (f"Press d to choose the date format: {plural(ambiguous, 'birthdate')} could be "
            "day/month or month/day")


def with_remembered_values(options: ImportOptions, header: list[str], mapping: dict[str, str],
                           operator: Actor) -> tuple[ImportOptions, list[str]]:
    """``options`` with the value mappings this operator chose before for these headers
    (mapped by ``mapping``; those given win), and notes to show; a preference never stops a
    file from loading."""
    try:
        stored = call(prefs.get_pref, operator, edits.PREF_KEY, {})
    except Refusal as exc:
        return options, [f"Value mappings from earlier files were not read: {exc}"]
    if not stored:
        return options, []
    try:
        rows, _ = header_map.describe_headers(header, options.kind, mapping)
    except ValueError:
        return options, []
    found = edits.remembered(stored, [(r.header, r.target) for r in rows
                                      if r.target and r.target != header_map.IGNORE])
    if not found:
        return options, []
    values = {key: {**table, **options.values.get(key, {})} for key, table in found.items()}
    values.update({k: v for k, v in options.values.items() if k not in values})
    try:
        return dataclasses.replace(options, values=values), []
    except ValueError as exc:
        return options, [f"Value mappings from earlier files were not applied: {exc}"]


# --- the computations (in a worker) --------------------------------------------------------


def _run(before: ImportSession, compute, note) -> Triaged:
    start = time.perf_counter()
    with _no_collection(len(before.rows)):  # a collection would stop the UI thread too
        try:
            session = call(compute)
        except Refusal as exc:
            raise ImportFailed(str(exc)) from exc
        except ValueError as exc:
            raise ImportFailed(f"Not changed: {exc}") from exc
        session.summary()  # the counts the preview shows, computed here, not on the UI
        said = note(session)
    return Triaged(before, session, said, time.perf_counter() - start)


def map_values(session: ImportSession, key: str, header: str, pairs: Mapping[str, str],
               operator: Actor, *, holding: int | None = None) -> Triaged:
    """Every row's ``key`` cell holding a value of ``pairs`` gets its new value; the mapping
    is remembered for ``header`` (this operator's later files with that header).
    ``holding``: how many rows hold those values (counted again when not given)."""
    if holding is None:
        with _no_collection(len(session.rows)):
            counts = {v.text.casefold(): v.count for v in triage.distinct_values(
                session, key, invalid_only=False)}
        holding = sum(counts.get(old.strip().casefold(), 0) for old in pairs)
    rows = holding

    def note(new: ImportSession) -> str:
        left = triage.distinct_values(new, key)
        said = ", ".join(f"{old} → {to or '(blank)'}" for old, to in pairs.items())
        tail = f"; still invalid: {describe_values(left)}" if left else \
            f"; no invalid {key} left"
        return f"{header}: {said} in {plural(rows, 'row')}{tail}"

    result = _run(session, lambda: triage.map_values(session, key, pairs), note)
    try:
        stored = call(prefs.get_pref, operator, edits.PREF_KEY, {})
        call(prefs.set_pref, operator, edits.PREF_KEY, edits.merged(stored, header, pairs))
    except Refusal as exc:  # the values are mapped all the same
        return dataclasses.replace(result, note=f"{result.note} (not remembered: {exc})")
    return result


def fill(session: ImportSession, key: str, value: str,
         rows: Iterable[int] | None) -> Triaged:
    """The blank ``key`` cells of every row (``rows`` None: an option, adding the column when
    the file lacks it) or of these rows get ``value``."""
    wanted = None if rows is None else list(rows)

    def note(new: ImportSession) -> str:
        where = "every row" if wanted is None else plural(len(wanted), "row") + " shown"
        return f"{key}: blank cells of {where} filled with {value!r}"

    return _run(session, lambda: triage.fill(session, key, value, wanted), note)


def replace(session: ImportSession, key: str, find: str, replacement: str,
            rows: Iterable[int] | None, *, whole: bool = False) -> Triaged:
    """Find and replace within the ``key`` column, over these rows (None: every row)."""
    wanted = None if rows is None else list(rows)

    def note(new: ImportSession) -> str:
        index = triage.column_index(new, key)
        changed = sum(1 for r in new.rows if r.fixes and index in r.fixes
                      and r.fixes[index][1] == edits.REPLACE)
        return f"{key}: {find!r} replaced by {replacement!r} ({plural(changed, 'cell')} " \
               "changed so far)"

    return _run(session, lambda: triage.replace_text(session, key, find, replacement, wanted,
                                                     whole=whole), note)


def date_format(session: ImportSession, fmt: str | None) -> Triaged:
    """The birthdate column read in the order ``fmt`` (None: as the column proves it)."""

    def note(new: ImportSession) -> str:
        left = date_problems(new)
        how = f"read as {fmt}" if fmt else "read as the column proves"
        return f"Birthdates {how}; {plural(left, 'row')} with a birthdate error"

    return _run(session, lambda: triage.with_date_format(session, fmt), note)


def invite_incomplete(session: ImportSession, invite: bool) -> Triaged:
    """New users lacking only what a new user needs become invitations (or errors again)."""
    options = dataclasses.replace(session.options, invite_incomplete=invite)

    def compute() -> ImportSession:
        new = session.with_options(options)
        if session.planned:
            new.plan()
        return new

    def note(new: ImportSession) -> str:
        if invite:
            return ("Incomplete rows are imported as invitations: they give what they lack "
                    f"when they register ({plural(new.summary()['error'], 'row')} with errors "
                    "left)")
        return "Incomplete rows are errors again"

    return _run(session, compute, note)


__all__ = ["ALLOWED", "DATE_FORMATS", "ColumnValues", "Triaged", "allowed_values", "columns",
           "date_format", "date_hint", "date_problems", "date_warnings", "describe_values",
           "fill", "invalid_values", "invite_incomplete", "map_values", "replace",
           "with_remembered_values"]
