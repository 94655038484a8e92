"""The ``rostertui`` command line.

Exit codes: 0 on success, 1 when the input was refused by a rule, 2 for a usage
or file error. Errors go to stderr as one line.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from rostertui import __version__
from rostertui.cli import data_cmds, import_cmds, mail_cmds, org_cmds, serve_cmd, setup_cmds
from rostertui.cli.common import EXIT_FILE, EXIT_REFUSED, CliError, run_guarded
from rostertui.config import ConfigError, load_config
from rostertui.db import lock_wait
from rostertui.domain.inert import inert_str


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2
        self.print_usage(sys.stderr)
        self.exit(EXIT_FILE, f"rostertui: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="rostertui",
        description="Manage an organization's clients and team members, and import them "
                    "from CSV. With no command, opens the app.")
    parser.add_argument("--version", action="version", version=f"rostertui {__version__}")
    parser.add_argument("--db", metavar="DB",
                        help="database file path or URL (sqlite:///path.db, "
                             "postgresql://user@host/dbname); default: $ROSTERTUI_DB, then "
                             "rostertui.db in the user data directory")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    setup_cmds.register(sub)
    data_cmds.register(sub)
    import_cmds.register(sub)
    mail_cmds.register(sub)
    org_cmds.register(sub)
    serve_cmd.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        config = load_config()
    except ConfigError as exc:
        print(f"rostertui: error: {inert_str(exc)}", file=sys.stderr)
        return EXIT_FILE
    handler = getattr(args, "handler", None)
    if handler is None:
        handler = setup_cmds.cmd_open
    # SQLite: a command that waits for another writer past the busy timeout says so.
    lock_wait.set_activity(f"rostertui {args.command or 'app'}")
    lock_wait.set_wait_reporter(lambda text: print(f"rostertui: {text}", file=sys.stderr,
                                                   flush=True))
    return run_guarded(handler, args, config)


__all__ = ["main", "build_parser", "CliError", "EXIT_REFUSED"]
