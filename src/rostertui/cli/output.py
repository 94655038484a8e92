"""Where a command writes its file (``-o``, ``--errors-out``): the rule of
:mod:`rostertui.domain.safe_output`, with ``-`` for stdout and ``--force`` to replace a file."""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Iterator
from typing import TextIO

from rostertui.cli.common import CliError
from rostertui.config import Config
from rostertui.db.connection import sqlite_path
from rostertui.domain import safe_output
from rostertui.domain.inert import inert_str

STDOUT = "-"


def add_force(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--force", action="store_true",
                        help="replace the output file if it exists (never the database, a "
                             "folder or a device)")


def _protected(args: argparse.Namespace, config: Config) -> list[str]:
    """The database file the command was given, kept safe even before it is opened."""
    path = sqlite_path(config.resolve_db(getattr(args, "db", None)))
    return [str(path)] if path is not None else []


def check(path: str | None, args: argparse.Namespace, config: Config, flag: str = "-o") -> None:
    """Refuse (CliError, exit 2) a destination before any work is done."""
    if not path or path == STDOUT:
        return
    try:
        safe_output.check_output(path, replace=getattr(args, "force", False),
                                 protect=_protected(args, config))
    except safe_output.OutputExists:
        raise CliError(f"{flag} {inert_str(path)} already exists; add --force to replace it, "
                       "or give another file name") from None
    except safe_output.OutputRefused as exc:
        raise CliError(f"{flag}: {exc}") from None


@contextlib.contextmanager
def output(path: str | None, args: argparse.Namespace, config: Config, flag: str = "-o",
           *, errors: str = "strict") -> Iterator[TextIO]:
    """stdout (no path, or ``-``), or a file written in full or not at all."""
    if not path or path == STDOUT:
        yield sys.stdout
        sys.stdout.flush()
        return
    check(path, args, config, flag)
    try:
        with safe_output.write_atomically(path, replace=getattr(args, "force", False),
                                          errors=errors,
                                          protect=_protected(args, config)) as fh:
            yield fh
    except safe_output.OutputExists:
        raise CliError(f"{flag} {inert_str(path)} already exists; add --force to replace it, "
                       "or give another file name") from None
    except safe_output.OutputRefused as exc:
        raise CliError(f"{flag}: {exc}") from None
