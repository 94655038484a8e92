"""Opening a file to import: only a regular file, never one that blocks or never ends.

A FIFO would block the reader until someone writes to it; a character device such as
``/dev/zero`` reports a size of 0 and never ends; a folder cannot be read. Each is
refused before a byte is read, by ``stat`` on the path and again by ``fstat`` on what was
opened (opened without blocking, so a path that became a FIFO in between does not hang).
A file over the size limit is refused, and so is one that grows past it while it is read.
"""

from __future__ import annotations

import contextlib
import io
import os
import stat
from collections.abc import Iterator


class FileRefused(Exception):
    """The file as a whole cannot be imported; nothing is written. ``str()`` says what to do."""


_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
          (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket"))


def _not_regular(path: str, mode: int) -> FileRefused:
    what = next((w for test, w in _KINDS if test(mode)), "not a regular file")
    if what == "a folder":
        return FileRefused(f"{path} is a folder; choose a CSV file")
    return FileRefused(f"{path} is {what}, not a file; choose a CSV file")


@contextlib.contextmanager
def open_regular(path: str, max_bytes: int, buffer_size: int = io.DEFAULT_BUFFER_SIZE
                 ) -> Iterator[io.BufferedReader]:
    """A seekable binary stream of the regular file at ``path`` (at most ``max_bytes``), or
    :class:`FileRefused` saying why not."""
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            raise _not_regular(path, info.st_mode)
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0)
                     | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise FileRefused(f"{path} does not exist") from None
    except OSError as exc:
        raise FileRefused(f"cannot read {path}: {exc.strerror or exc}") from None
    with os.fdopen(fd, "rb", buffering=0) as raw:
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                raise _not_regular(path, info.st_mode)
            if info.st_size > max_bytes:
                raise FileRefused(f"{path} is {info.st_size // (1024 * 1024)} MB; the limit is "
                                  f"{max_bytes // (1024 * 1024)} MB")
            os.set_blocking(fd, True)
            stream = io.BufferedReader(_Bounded(raw, max_bytes, path), buffer_size)
        except OSError as exc:
            raise FileRefused(f"cannot read {path}: {exc.strerror or exc}") from None
        try:
            yield stream
        except OSError as exc:
            raise FileRefused(f"cannot read {path}: {exc.strerror or exc}") from None


class _Bounded(io.RawIOBase):
    """A file that is refused if it grows past ``limit`` bytes while it is read."""

    def __init__(self, raw: io.RawIOBase, limit: int, name: str):
        self.raw, self.limit, self.name = raw, limit, name

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = 0) -> int:
        return self.raw.seek(offset, whence)

    def tell(self) -> int:
        return self.raw.tell()

    def readinto(self, buffer) -> int:  # type: ignore[override]
        n = self.raw.readinto(buffer) or 0
        if n and self.raw.tell() > self.limit:
            raise FileRefused(f"{self.name} grew past {self.limit // (1024 * 1024)} MB while "
                              "it was read")
        return n
