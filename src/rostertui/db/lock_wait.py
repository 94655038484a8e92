"""SQLite: a writer waits for another writer as long as that one is alive and working.

SQLite has one write lock per database. A writer that finds it taken waits the
busy timeout (10 s) and then fails with "database is locked", which is wrong
when the holder is a 100,000-row import that needs a minute and is making
progress. So every write transaction that lasts longer than a moment leaves a
note next to the database (``<file>-writer``, JSON: process id, what it is
doing, rows done of how many, when it started), refreshed every second by a
thread of this process while the transaction is open. A writer whose busy
timeout runs out reads the note: while the holder's process is alive and its
note fresh, it says so (:func:`set_wait_reporter`) and waits again, up to
``MAX_WAIT``; a missing or stale note (the holder died, or is not rostertui)
ends the wait with the error as before (after one more busy timeout when a
live note was seen just before: the lock may have passed to a writer too
young to have left its own).
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from peewee import OperationalError, SqliteDatabase

NOTE_SUFFIX = "-writer"
NOTE_AFTER = 0.2  # seconds a transaction is open before its note is written
BEAT = 1.0  # seconds between two refreshes of a note
FRESH = 4.0  # a note older than this is from a holder that stopped
MAX_WAIT = 3600.0  # the longest any writer waits for others, in seconds


@dataclass
class _Open:
    path: str
    what: str
    started: float = field(default_factory=time.time)
    done: int | None = None
    total: int | None = None
    token: str = field(default_factory=lambda: secrets.token_hex(6))
    written: float = 0.0


@dataclass(frozen=True)
class Holder:
    pid: int
    what: str
    started: float
    done: int | None
    total: int | None

    def describe(self, waited: float) -> str:
        progress = ""
        if self.total:
            progress = f", {self.done or 0:,} of {self.total:,} rows"
        return (f"waiting for another writer to finish ({self.what}, process {self.pid}"
                f"{progress}, running {time.time() - self.started:.0f} s); waited "
                f"{waited:.0f} s so far")


_lock = threading.Lock()
_open: dict[int, _Open] = {}  # thread id -> its open write transaction
_beating: threading.Thread | None = None
_reporter: Callable[[str], None] | None = None
_what = "rostertui"


def set_wait_reporter(report: Callable[[str], None] | None) -> None:
    """Where to say that this process is waiting for another writer (the CLI: stderr)."""
    global _reporter
    _reporter = report


def wait_reporter() -> Callable[[str], None] | None:
    """Where waits are said now (None: nowhere)."""
    return _reporter


def set_activity(what: str) -> None:
    """What this process's write transactions are, for other writers' messages."""
    global _what
    _what = what


def note_path(db_path: str) -> str:
    return db_path + NOTE_SUFFIX


def opened(db_path: str) -> None:
    """This thread holds the write lock of ``db_path`` from now on."""
    global _beating
    with _lock:
        _open[threading.get_ident()] = _Open(db_path, _what)
        if _beating is None or not _beating.is_alive():
            _beating = threading.Thread(target=_beat, name="sqlite-writer-note", daemon=True)
            _beating.start()


def progress(done: int, total: int) -> None:
    """How far this thread's write transaction is (rows), shown to writers waiting."""
    with _lock:
        entry = _open.get(threading.get_ident())
        if entry is not None:
            entry.done, entry.total = done, total


def closed() -> None:
    """This thread's write transaction ended: remove its note if it wrote one."""
    with _lock:
        entry = _open.pop(threading.get_ident(), None)
    if entry is None or not entry.written:
        return
    path = note_path(entry.path)
    try:
        with open(path, encoding="utf-8") as fh:
            mine = json.load(fh).get("token") == entry.token
        if mine:
            os.unlink(path)
    except (OSError, ValueError):
        pass


def _beat() -> None:
    while True:
        time.sleep(NOTE_AFTER / 2)
        now = time.time()
        with _lock:
            due = [e for e in _open.values()
                   if now - e.started >= NOTE_AFTER and now - e.written >= BEAT]
            for e in due:
                e.written = now
            notes = [(e.path, {"pid": os.getpid(), "what": e.what, "started": e.started,
                               "done": e.done, "total": e.total, "token": e.token})
                     for e in due]
        for path, note in notes:
            _write(note_path(path), note)


def _write(path: str, note: dict[str, object]) -> None:
    tmp = f"{path}.{os.getpid()}.tmp"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(note, fh)
        os.replace(tmp, path)
    except OSError:  # a read-only folder: waiters fall back to the busy timeout
        try:
            os.unlink(tmp)
        except OSError:
            pass


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def holder(db_path: str) -> Holder | None:
    """The writer holding ``db_path`` if its note is fresh and its process alive."""
    path = note_path(db_path)
    try:
        age = time.time() - os.stat(path).st_mtime
        with open(path, encoding="utf-8") as fh:
            note = json.load(fh)
        pid = int(note["pid"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if age > FRESH or not _alive(pid):
        return None
    return Holder(pid, str(note.get("what") or "another rostertui"),
                  float(note.get("started") or 0), note.get("done"), note.get("total"))


def keep_waiting(db_path: str, waited: float) -> bool:
    """After a busy timeout: True (having said why) if the holder is alive and working."""
    if waited >= MAX_WAIT:
        return False
    found = holder(db_path)
    if found is None:
        return False
    if _reporter is not None:
        _reporter(found.describe(waited))
    return True


@contextlib.contextmanager
def immediate(db: SqliteDatabase) -> Iterator[None]:
    """A ``BEGIN IMMEDIATE`` transaction on ``db`` that waits past the busy timeout while
    the holder of the write lock is alive and working, and leaves its own note while held."""
    started = time.monotonic()
    misses = None  # busy timeouts in a row without a live note (None: never saw one)
    with contextlib.ExitStack() as stack:
        while True:
            try:
                stack.enter_context(db.atomic("IMMEDIATE"))
                break
            except OperationalError as exc:
                text = str(exc).lower()
                if "locked" not in text and "busy" not in text:
                    raise
                if keep_waiting(db.database, time.monotonic() - started):
                    misses = 0
                    continue
                # The lock may just have passed from the writer we saw to another, too young
                # to have left its note: one more busy timeout for it, then give up.
                if misses is None or misses >= 1:
                    raise
                misses += 1
        opened(db.database)
        stack.callback(closed)
        yield
