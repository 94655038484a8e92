"""``rostertui export`` and ``rostertui template``."""

from __future__ import annotations

import argparse
import sys

from rostertui.cli import output as out
from rostertui.cli.common import EXIT_OK, open_db
from rostertui.cli.output import output
from rostertui.config import Config
from rostertui.domain import export
from rostertui.domain.enums import Kind, Status
from rostertui.domain.inert import inert_str

KINDS = {"clients": Kind.CLIENT, "team": Kind.TEAM_MEMBER}


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export", help="write users as CSV in the canonical columns",
                       description="Write users as UTF-8 CSV in the canonical columns, which "
                                   "import again unchanged. Password hashes are never written; "
                                   "cells a spreadsheet would run as formulas are prefixed "
                                   "with an apostrophe (the importer removes it).")
    p.add_argument("what", choices=KINDS, help="clients or team members")
    p.add_argument("--status", choices=[*(s.value for s in Status), "all"], default="all",
                   help="which users (default: all)")
    p.add_argument("-o", "--output", metavar="FILE",
                   help="write to FILE (created readable by you only; - for stdout) instead "
                        "of stdout; an existing file is replaced only with --force")
    out.add_force(p)
    p.set_defaults(handler=cmd_export)

    p = sub.add_parser("template", help="write an empty import template with one example row")
    p.add_argument("what", choices=KINDS, help="clients or team members")
    p.add_argument("-o", "--output", metavar="FILE",
                   help="write to FILE (- for stdout) instead of stdout; an existing file is "
                        "replaced only with --force")
    out.add_force(p)
    p.set_defaults(handler=cmd_template)


def cmd_export(args: argparse.Namespace, config: Config) -> int:
    out.check(args.output, args, config)
    open_db(args, config)
    status = None if args.status == "all" else Status(args.status)
    with output(args.output, args, config) as fh:
        n = export.export_users(fh, KINDS[args.what], status)
    if args.output and args.output != out.STDOUT:
        what = args.what if n != 1 else args.what.rstrip("s")
        print(f"Wrote {n} {what} to {inert_str(args.output)}", file=sys.stderr)
    return EXIT_OK


def cmd_template(args: argparse.Namespace, config: Config) -> int:
    with output(args.output, args, config) as fh:
        export.write_template(fh, KINDS[args.what])
    return EXIT_OK
