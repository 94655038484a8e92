"""``rostertui export`` and ``rostertui template``."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from rostertui.cli.common import EXIT_OK, CliError, open_db
from rostertui.config import Config
from rostertui.domain import export
from rostertui.domain.enums import Kind, Status
from rostertui.domain.words import plural

# the words `export` and `template` take for a kind of user, and what each counts in a message
KIND_BY_ARGUMENT = {"clients": Kind.CLIENT, "team": Kind.TEAM_MEMBER}
NOUN_BY_ARGUMENT = {"clients": "client", "team": "team member"}


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export", help="write users as CSV in the canonical columns",
                       description="Write users as UTF-8 CSV in the canonical columns, which "
                                   "import again unchanged. Password hashes are never written; "
                                   "cells a spreadsheet would run as formulas are prefixed "
                                   "with an apostrophe (the importer removes it).")
    p.add_argument("what", choices=KIND_BY_ARGUMENT, help="clients or team members")
    p.add_argument("--status", choices=[*(s.value for s in Status), "all"], default="all",
                   help="which users (default: all)")
    p.add_argument("-o", "--output", metavar="FILE",
                   help="write to FILE (created readable by you only) instead of stdout")
    p.set_defaults(handler=cmd_export)

    p = sub.add_parser("template", help="write an empty import template with one example row")
    p.add_argument("what", choices=KIND_BY_ARGUMENT, help="clients or team members")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    p.set_defaults(handler=cmd_template)


@contextlib.contextmanager
def output(path: str | None) -> Iterator[TextIO]:
    """stdout, or a file written in full or not at all (a temp file renamed into place)."""
    if not path:
        yield sys.stdout
        sys.stdout.flush()
        return
    dest = Path(path)
    if dest.is_dir():
        raise CliError(f"{dest} is a directory; give a file name")
    folder = dest.parent if str(dest.parent) else Path(".")
    if not folder.is_dir():
        raise CliError(f"the folder {folder} does not exist")
    fd, tmp = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, dest)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def cmd_export(args: argparse.Namespace, config: Config) -> int:
    open_db(args, config)
    status = None if args.status == "all" else Status(args.status)
    with output(args.output) as fh:
        n = export.export_users(fh, KIND_BY_ARGUMENT[args.what], status)
    if args.output:
        print(f"Wrote {plural(n, NOUN_BY_ARGUMENT[args.what])} to {args.output}",
              file=sys.stderr)
    return EXIT_OK


def cmd_template(args: argparse.Namespace, config: Config) -> int:
    with output(args.output) as fh:
        export.write_template(fh, KIND_BY_ARGUMENT[args.what])
    return EXIT_OK
