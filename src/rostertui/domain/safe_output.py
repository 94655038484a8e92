"""Where an export, a template or an errors file may be written, and writing it whole or not at all.

One rule for every writer (the command line's ``-o`` and ``--errors-out``, the app's
exports):

* never over the open database (the same file, compared by device and inode, or its
  ``-wal`` / ``-shm`` companions), even when told to replace;
* never over anything that is not a regular file: a directory, a FIFO, a character or
  block device (``/dev/null``), a socket;
* over an existing regular file only when the caller says so (``--force``, or the
  admin confirmed in the app);
* the data goes to a temporary file in the same folder, created readable by its owner
  only, flushed to disk and renamed over the destination: a failure leaves nothing
  half-written and the old file as it was.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TextIO

from rostertui.domain.errors import DomainError
from rostertui.domain.inert import inert_str


class OutputRefused(DomainError):
    """The destination may not be written; the message says why and what to do."""


class OutputExists(OutputRefused):
    """The destination is an existing regular file and replacing it was not allowed."""

    def __init__(self, path: str):
        super().__init__(f"{inert_str(path)} already exists")
        self.path = path


_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
          (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISSOCK, "a socket"))


def _database_files(protect: Sequence[str | os.PathLike[str]]) -> list[os.stat_result]:
    """The stat of the open SQLite database file, of the files in ``protect``, and of their
    ``-wal``, ``-shm`` and ``-journal`` companions (those that exist)."""
    from rostertui.db.models import database

    names = [str(p) for p in protect]
    db = database.obj
    name = getattr(db, "database", None) if db is not None else None
    if isinstance(name, str) and type(db).__name__ == "SqliteDatabase":
        names.append(name)
    found = []
    for name in names:
        for suffix in ("", "-wal", "-shm", "-journal"):
            with contextlib.suppress(OSError):
                found.append(os.stat(name + suffix))
    return found


def check_output(path: str, *, replace: bool = False,
                 protect: Sequence[str | os.PathLike[str]] = ()) -> None:
    """Raise :class:`OutputRefused` (or :class:`OutputExists`) unless ``path`` may be written.

    ``protect`` names database files to keep besides the open one (e.g. the one a command
    was given but has not opened)."""
    shown = inert_str(path)
    dest = Path(path)
    try:
        info = os.stat(dest)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise OutputRefused(f"cannot write {shown}: {exc.strerror or exc}") from None
    if info is None:
        if os.path.lexists(dest):  # a symlink to nowhere: replacing it needs consent
            if not replace:
                raise OutputExists(path)
        folder = dest.parent if str(dest.parent) else Path(".")
        if not folder.is_dir():
            raise OutputRefused(f"cannot write {shown}: the folder {inert_str(folder)} does "
                                "not exist")
        return
    for other in _database_files(protect):
        if (info.st_dev, info.st_ino) == (other.st_dev, other.st_ino):
            raise OutputRefused(f"{shown} is the open database; choose another file name")
    for test, what in _KINDS:
        if test(info.st_mode):
            raise OutputRefused(f"{shown} is {what}, not a regular file; give the name of a "
                                "file to write")
    if not stat.S_ISREG(info.st_mode):
        raise OutputRefused(f"{shown} is not a regular file; give the name of a file to write")
    if not replace:
        raise OutputExists(path)


def _link_new(tmp: str, dest: Path) -> None:
    """Give the finished file its name only if the name is still free (no race with another
    writer); file systems without hard links get a rename."""
    try:
        os.link(tmp, dest)
    except FileExistsError:
        raise OutputExists(str(dest)) from None
    except OSError:
        os.replace(tmp, dest)
        return
    os.unlink(tmp)


@contextlib.contextmanager
def write_atomically(path: str, *, replace: bool = False, errors: str = "strict",
                     protect: Sequence[str | os.PathLike[str]] = ()) -> Iterator[TextIO]:
    """A text file (UTF-8, ``newline=""``) that appears at ``path`` only when the block ends
    without an error. :func:`check_output` runs first, and again just before the rename."""
    check_output(path, replace=replace, protect=protect)
    dest = Path(path)
    folder = dest.parent if str(dest.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="", errors=errors) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        check_output(path, replace=replace, protect=protect)  # nothing took the name meanwhile
        if replace:
            os.replace(tmp, dest)
        else:
            _link_new(tmp, dest)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
