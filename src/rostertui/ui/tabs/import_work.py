"""Where the Import tab's workers run: each function here starts one thread worker that runs
one computation of :mod:`rostertui.ui.import_operations` and posts its result to the tab as
a typed message (a past event). The worker never touches the session on show; the tab swaps
the result in when the message arrives, on the UI thread.

A refusal (:class:`~rostertui.ui.import_operations.ImportFailed`) becomes
:class:`WorkFailed`; any other exception fails the worker (it is a bug, not swallowed)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from textual.dom import DOMNode
from textual.message import Message

from rostertui.domain.actor import Actor
from rostertui.importing.commit import CommitProgress
from rostertui.importing.engine import ImportOptions, ImportSession
from rostertui.ui import import_operations as ops
from rostertui.ui.import_operations import (
    Checked,
    Committed,
    ExportExists,
    Fixed,
    ImportFailed,
    Parked,
    Sheets,
)

GROUPS = ("import-load", "import-fix", "import-commit", "import-export", "import-park")


@dataclass
class StageReached(Message):
    """A worker checked a file's rows and began planning them against the roster."""

    generation: int
    rows: int


@dataclass
class FileChecked(Message):
    """A file was read (or checked again) and planned: the session to show."""

    generation: int
    checked: Checked


@dataclass
class WorkFailed(Message):
    """A computation was refused: the line to show."""

    job: int
    text: str
    file_not_read: bool = False


@dataclass
class CellsFixed(Message):
    job: int
    fixed: Fixed


@dataclass
class BatchCommitted(Message):
    job: int
    committed: Committed


@dataclass
class CommitProgressed(Message):
    """How far the commit of ``job`` is (hashing the initial passwords, writing)."""

    job: int
    progress: CommitProgress


@dataclass
class ErrorsExported(Message):
    """The rows with errors were written (or not: ``failed``); ``exists``: the file is there
    and replacing it needs a yes."""

    text: str
    failed: bool = False
    exists: str | None = None
    again: Callable[[], None] | None = None  # write it again, replacing the file there


@dataclass
class FileParked(Message):
    """The file on show was stored as a parked import."""

    job: int
    parked: Parked
    then: Callable[[], None] | None = None  # what parking came before (opening a file...)


@dataclass
class SheetsListed(Message):
    """A workbook's sheets, to choose one (``sheets`` None: the file is not a workbook)."""

    job: int
    path: str
    sheets: Sheets | None
    then: Callable[[str | None], None]  # read the sheet chosen (None: as it is)


@dataclass
class ParkedCounted(Message):
    """How many parked imports wait (for the empty tab's hint)."""

    count: int


def run(node: DOMNode, group: str, compute: Callable[[], Any],
        done: Callable[[Any], Message], *, job: int | None = None, exclusive: bool = False,
        refused: Callable[[ImportFailed], Message] | None = None) -> None:
    """Run ``compute`` in a thread worker of ``node`` (named by the controller's ``job``) and
    post ``done(result)`` to it; a refusal posts ``refused(exc)`` (default
    :class:`WorkFailed`)."""

    def work() -> None:
        try:
            result = compute()
        except ImportFailed as exc:
            node.post_message(refused(exc) if refused is not None else
                              WorkFailed(job or 0, str(exc), exc.file_not_read))
            return
        node.post_message(done(result))

    node.run_worker(work, name="" if job is None else str(job), thread=True, group=group,
                    exclusive=exclusive, exit_on_error=False)


def job_of(worker: Any) -> int | None:
    """The controller's job a worker of this module runs (None for another worker)."""
    return int(worker.name) if worker.group in GROUPS and worker.name.isdigit() else None


def _stage(node: DOMNode, generation: int) -> Callable[[int], None]:
    return lambda rows: node.post_message(StageReached(generation, rows))


def load(node: DOMNode, generation: int, path: str, options: ImportOptions,
         operator: Actor) -> None:
    """Read, check and plan ``path``: :class:`FileChecked`."""
    run(node, "import-load",
        lambda: ops.read_and_check(path, options, operator, _stage(node, generation)),
        lambda checked: FileChecked(generation, checked), job=generation, exclusive=True)


def check_again(node: DOMNode, generation: int, source: ImportSession,
                options: ImportOptions, operator: Actor, *,
                mapping: dict[str, str] | None = None,
                remember: dict[str, str] | None = None) -> None:
    """Check the file on show again from memory: :class:`FileChecked`."""
    run(node, "import-load",
        lambda: ops.check_again(source, options, operator, _stage(node, generation),
                                mapping=mapping, remember=remember),
        lambda checked: FileChecked(generation, checked), job=generation, exclusive=True)


def fix(node: DOMNode, job: int, session: ImportSession, number: int,
        cells: dict[int, str]) -> None:
    """A fix that looks a key up, on a copy: :class:`CellsFixed`."""
    run(node, "import-fix", lambda: ops.fix(session, number, cells),
        lambda fixed: CellsFixed(job, fixed), job=job)


def commit(node: DOMNode, job: int, session: ImportSession, operator: Actor, *,
           every: float = 0.1) -> None:
    """Commit, then plan a copy against the new roster: :class:`BatchCommitted`; on the way,
    :class:`CommitProgressed` (at most one each ``every`` seconds, and each new stage)."""
    last: list[tuple[str, float]] = [("", 0.0)]

    def progress(p: CommitProgress) -> None:  # on the worker's thread: post, never draw
        now = time.monotonic()
        stage, when = last[0]
        if p.stage != stage or now - when >= every or p.done >= p.total:
            last[0] = (p.stage, now)
            node.post_message(CommitProgressed(job, p))

    run(node, "import-commit", lambda: ops.commit(session, operator, progress),
        lambda committed: BatchCommitted(job, committed), job=job)


def export(node: DOMNode, session: ImportSession, path: str, *, done: Callable[[int], str],
           replace: bool = False, again: Callable[[], None] | None = None) -> None:
    """Write the rows with errors to ``path``: :class:`ErrorsExported`, saying ``done(n)``;
    when the file exists (and not ``replace``), carrying ``again`` to replace it."""
    run(node, "import-export", lambda: ops.export_errors(session, path, replace=replace),
        lambda n: ErrorsExported(done(n)),
        refused=lambda exc: ErrorsExported(
            str(exc), failed=True,
            exists=exc.path if isinstance(exc, ExportExists) else None, again=again))


def park(node: DOMNode, job: int, session: ImportSession, operator: Actor,
         then: Callable[[], None] | None = None) -> None:
    """Store the file on show as a parked import: :class:`FileParked`."""
    run(node, "import-park", lambda: ops.park(session, operator),
        lambda parked: FileParked(job, parked, then), job=job)


def resume(node: DOMNode, generation: int, parked_id: int) -> None:
    """Read a parked import back and plan it: :class:`FileChecked`."""
    run(node, "import-load", lambda: ops.resume(parked_id, _stage(node, generation)),
        lambda checked: FileChecked(generation, checked), job=generation, exclusive=True)


def sheets(node: DOMNode, job: int, path: str, current: str | None,
           then: Callable[[str | None], None]) -> None:
    """List a workbook's sheets with their rows: :class:`SheetsListed`."""
    run(node, "import-load", lambda: ops.workbook_sheets(path, current),
        lambda found: SheetsListed(job, path, found, then), job=job)


def count_parked(node: DOMNode) -> None:
    """Count the parked imports: :class:`ParkedCounted` (no job: nothing waits for it)."""
    run(node, "import-parked-count", lambda: len(ops.list_parked()),
        lambda count: ParkedCounted(count), exclusive=True,
        refused=lambda exc: ParkedCounted(0))
