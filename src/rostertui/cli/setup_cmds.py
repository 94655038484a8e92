"""``rostertui init``, ``rostertui demo`` and opening the app."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import Any

from rostertui.cli.common import EXIT_FILE, EXIT_OK, EXIT_REFUSED, CliError, open_db
from rostertui.config import Config
from rostertui.db.connection import (
    DatabaseOpenError,
    describe_target,
    open_database,
    sqlite_path,
)
from rostertui.domain import org, passwords
from rostertui.domain.actor import Actor
from rostertui.domain.inert import inert_str
from rostertui.domain.setup import init_organization


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("init", help="create a database with its organization and first "
                                    "Administrator",
                       description="Create the database (if needed), the organization and its "
                                   "first Administrator. Without --password-stdin the password "
                                   "is asked for twice.")
    p.add_argument("--org", required=True, metavar="NAME", help="the organization's name")
    p.add_argument("--admin-email", required=True, metavar="EMAIL")
    p.add_argument("--admin-first", required=True, metavar="FIRST", help="first name")
    p.add_argument("--admin-last", required=True, metavar="LAST", help="last name")
    p.add_argument("--seat-limit", type=_non_negative, metavar="N",
                   help="how many active clients the organization may have (default: no limit)")
    p.add_argument("--password-stdin", action="store_true",
                   help="read the Administrator's password from the first line of stdin")
    p.set_defaults(handler=cmd_init)

    p = sub.add_parser("demo", help="create a demo database and open it",
                       description="Create a demo database from the bundled sample data "
                                   "(about 200 clients, 8 team members, pending invitations and "
                                   "sign-up requests, archived users) and print the demo "
                                   "Administrator's login. Uses demo.db in the user data "
                                   "directory unless --db is given.")
    p.add_argument("--reset", action="store_true",
                   help="delete an existing demo database and build it again")
    p.add_argument("--no-open", action="store_true",
                   help="build the demo database and print the login, without opening the app")
    p.set_defaults(handler=cmd_demo)


def _non_negative(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError("cannot be negative")
    return value


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        line = sys.stdin.readline()
        password = line.rstrip("\r\n")
        if not password:
            raise CliError("--password-stdin: stdin held no password", EXIT_REFUSED)
        return password
    if not sys.stdin.isatty():
        raise CliError("no terminal to ask for a password; pass it with --password-stdin")
    first = getpass.getpass("Administrator password: ")
    problems = passwords.policy_problems(first)
    if problems:
        raise CliError("the password needs " + ", ".join(problems), EXIT_REFUSED)
    if getpass.getpass("Repeat the password: ") != first:
        raise CliError("the two passwords differ; nothing was created", EXIT_REFUSED)
    return first


def cmd_init(args: argparse.Namespace, config: Config) -> int:
    password = _read_password(args.password_stdin)
    passwords.check_policy(password)
    target = open_db(args, config, create=True)
    admin = init_organization(
        args.org,
        {"email": args.admin_email, "first_name": args.admin_first,
         "last_name": args.admin_last, "password": password},
        Actor.system("rostertui init"), client_seat_limit=args.seat_limit)
    print(f"Created {inert_str(repr(org.get_org().name))} in {inert_str(describe_target(target))}")
    print(f"Administrator: {inert_str(admin.email)}")
    return EXIT_OK


def cmd_demo(args: argparse.Namespace, config: Config) -> int:
    from rostertui.demo import DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD, build_demo

    target = args.db or config.demo_db
    shown = inert_str(describe_target(target))
    path = sqlite_path(target)
    if args.reset and path is not None and path.exists():
        _remove_demo(target, path)
    try:
        open_database(target)
    except DatabaseOpenError as exc:
        raise CliError(str(exc)) from None
    if org.is_initialised():
        if not org.get_org().is_demo:
            raise CliError(f"{shown} holds a real organization, not a demo; "
                           "give another --db for the demo", EXIT_REFUSED)
        print(f"Using the demo database {shown} (--reset builds it again)")
    else:
        summary = build_demo()
        print(f"Created the demo database {shown}")
        for line in summary:
            print(f"  {line}")
    print(f"Demo Administrator: {DEMO_ADMIN_EMAIL}  password: {DEMO_ADMIN_PASSWORD}"
          "  (a demo-only password)")
    if args.no_open:
        return EXIT_OK
    return run_app(target, config, demo_email=DEMO_ADMIN_EMAIL)


def _remove_demo(target: str, path: Path) -> None:
    try:
        open_database(target)
        demo = org.is_initialised() and org.get_org().is_demo
    except DatabaseOpenError:
        demo = False
    finally:
        from rostertui.db.connection import close_database

        close_database()
    if not demo:
        raise CliError(f"{path} is not a demo database; --reset only deletes demo databases")
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)


def cmd_open(args: argparse.Namespace, config: Config) -> int:
    target = open_db(args, config)
    org.get_org()  # refuses, with what to run, a database without an organization
    return run_app(target, config)


def run_app(target: str, config: Config, *, demo_email: str | None = None,
            import_path: str | None = None, import_options: Any = None) -> int:
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise CliError("the app needs a terminal; run it in one (the other commands work "
                       "without)")
    from rostertui.domain import auth
    from rostertui.ui.app import make_app

    operator = auth.session_for(demo_email, "demo") if demo_email is not None else None
    app = make_app(target, config, operator, import_path=import_path,
                   import_options=import_options)
    app.run()
    return EXIT_OK if app.return_code in (None, 0) else EXIT_FILE
