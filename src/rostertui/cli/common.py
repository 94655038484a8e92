"""What every command shares: opening the database and turning errors into exit codes."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from peewee import DatabaseError

from rostertui.config import Config
from rostertui.db.connection import (
    DatabaseOpenError,
    close_database,
    database_error_reason,
    open_database,
)
from rostertui.domain.errors import DomainError, ValidationFailed

EXIT_OK = 0
EXIT_REFUSED = 1
EXIT_FILE = 2


class CliError(Exception):
    """A usage or file problem: exit 2 with this message."""

    def __init__(self, message: str, code: int = EXIT_FILE):
        super().__init__(message)
        self.code = code


def err(message: str) -> None:
    print(f"rostertui: error: {message}", file=sys.stderr)


def open_db(args: argparse.Namespace, config: Config) -> str:
    target = config.resolve_db(args.db)
    try:
        open_database(target)
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
            print(f"  {extra}", file=sys.stderr)
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
