"""What every command shares: opening the database and turning errors into exit codes."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any

from peewee import DatabaseError

from rostertui.config import Config
from rostertui.db.connection import (
    DatabaseOpenError,
    close_database,
    database_error_reason,
    open_database,
)
from rostertui.domain.errors import DomainError, ValidationFailed
from rostertui.domain.inert import inert_str

EXIT_OK = 0
EXIT_REFUSED = 1
EXIT_FILE = 2


class CliError(Exception):
    """A usage or file problem: exit 2 with this message."""

    def __init__(self, message: str, code: int = EXIT_FILE):
        super().__init__(message)
        self.code = code


def argument_type(parse: Callable[[str], Any], name: str | None = None) -> Callable[[str], Any]:
    """An argparse ``type=`` from a parser of ours: its ValueError becomes argparse's usage
    error (exit 2) with the parser's own one-line message."""

    def convert(text: str) -> Any:
        try:
            return parse(text)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    convert.__name__ = name or getattr(parse, "__name__", "value")  # argparse names it
    return convert


def err(message: str) -> None:
    """One line on stderr; text from files, users or servers in it cannot move the cursor."""
    print(f"rostertui: error: {inert_str(message)}", file=sys.stderr)


def open_db(args: argparse.Namespace, config: Config, *, create: bool = False) -> str:
    """Open the database of ``--db`` (or the configured one). Only ``init`` and ``demo``
    create one (``create``); every other command refuses, untouched, a path that is not a
    rostertui database."""
    target = config.resolve_db(args.db)
    try:
        open_database(target, create=create)
    except DatabaseOpenError as exc:
        raise CliError(str(exc)) from None
    return target


def run_guarded(handler: Callable[[argparse.Namespace, Config], int],
                args: argparse.Namespace, config: Config) -> int:
    try:
        return handler(args, config)
    except CliError as exc:
        err(str(exc))
        return exc.code
    except ValidationFailed as exc:
        err(str(exc))
        for extra in exc.errors[3:]:
            print(f"  {inert_str(extra)}", file=sys.stderr)
        return EXIT_REFUSED
    except DomainError as exc:
        err(str(exc))
        return EXIT_REFUSED
    except DatabaseError as exc:
        err(f"database error: {database_error_reason(exc)}; nothing was changed")
        return EXIT_FILE
    except KeyboardInterrupt:
        err("interrupted; nothing more was written")
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except OSError as exc:
        err(f"{exc.strerror or exc} ({exc.filename})" if exc.filename else str(exc))
        return EXIT_FILE
    finally:
        close_database()
