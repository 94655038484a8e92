"""``rostertui import FILE`` and ``rostertui imports list|revert``.

Exit codes: 0 for a clean dry run or a commit; 1 when rows have errors and
nothing was committed (or a rule such as the seat limit refused the commit);
2 for a file or usage error. With ``--json`` stdout holds exactly one JSON
object, whatever happens.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from peewee import DatabaseError

from rostertui.cli import import_triage, progress
from rostertui.cli import output as out
from rostertui.cli.common import (
    EXIT_FILE,
    EXIT_OK,
    EXIT_REFUSED,
    CliError,
    argument_type,
    open_db,
)
from rostertui.cli.output import output
from rostertui.config import Config
from rostertui.db.connection import database_error_reason
from rostertui.domain import fields
from rostertui.domain.actor import Actor
from rostertui.domain.enums import Kind, Status
from rostertui.domain.errors import DomainError
from rostertui.domain.inert import inert_json, inert_str
from rostertui.domain.words import plural
from rostertui.importing import engine, mapping, report
from rostertui.importing.commit import CommitResult, RowsHaveErrors
from rostertui.importing.hints import with_cli_hint
from rostertui.importing.reader import DEFAULT_MAX_ROWS, FileRefused
from rostertui.importing.revert import list_batches, revert_batch

KIND_BY_OPTION = {"client": Kind.CLIENT, "team": Kind.TEAM_MEMBER}  # --kind's words
OPERATOR = "rostertui import"


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _batch_id(text: str) -> int:
    value = _positive(text)
    if value > fields.MAX_ID:
        raise argparse.ArgumentTypeError(f"{text} is not a batch id (the largest is "
                                         f"{fields.MAX_ID}); see `rostertui imports list`")
    return value


_role = argument_type(fields.role, "ROLE")
_map = argument_type(mapping.parse_option, "HEADER=FIELD")


def _mapping(args: argparse.Namespace) -> dict[str, str]:
    return dict(args.map or ())


def _tags(text: str) -> list[str]:
    try:
        return fields.tag_names(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _row_defaults(args: argparse.Namespace) -> dict:
    """The options that fill in every row: the default status and the added tags."""
    return {"default_status": args.default_status,
            "extra_tags": tuple(t for group in args.add_tags or () for t in group)}


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "import", help="import clients or team members from a CSV file",
        description="Check a CSV file of users and import it: new users are created, known "
                    "users (matched by id, email, then external_id) are updated; a blank cell "
                    "keeps the stored value. Every row is checked first; with any error nothing "
                    "is written unless --skip-invalid. A commit is one transaction and can be "
                    "undone with `rostertui imports revert BATCH`.")
    p.add_argument("file", metavar="FILE", help="the CSV file (UTF-8, UTF-16 or Windows-1252; "
                                                "comma, semicolon, tab or pipe separated)")
    p.add_argument("--kind", choices=KIND_BY_OPTION, default="client",
                   help="who the file holds (default: client)")
    p.add_argument("--role", type=_role, metavar="ROLE",
                   help="role for new team members whose role cell is blank (Practitioner, "
                        "Billing Administrator or Administrator)")
    p.add_argument("--dry-run", action="store_true", help="check and plan only; write nothing")
    p.add_argument("--skip-invalid", action="store_true",
                   help="import the valid rows and leave the rows with errors out")
    p.add_argument("--send-email", choices=engine.SEND_EMAIL_CHOICES, default="none",
                   help="email every imported user (default: none): the emails are queued "
                        "in the same transaction and sent right after the commit; the JSON "
                        "report then has delivery counts")
    p.add_argument("--create-missing-tags", action="store_true",
                   help="create tags that do not exist yet instead of refusing the rows")
    p.add_argument("--default-status", choices=[s.value for s in Status],
                   help="status of new users whose status cell is blank (default: active)")
    p.add_argument("--add-tags", type=_tags, action="append", metavar="TAGS",
                   help="tags (separated by ;) to add to every created or updated user, on "
                        "top of the row's own; they must exist unless --create-missing-tags")
    p.add_argument("--map", type=_map, action="append", metavar="HEADER=FIELD",
                   help="read the column HEADER as FIELD (e.g. Mail=email, Colour=attribute:"
                        "Colour, Notes=ignore); repeat for several columns")
    import_triage.register(p)
    p.add_argument("--max-rows", type=_positive, default=DEFAULT_MAX_ROWS, metavar="N",
                   help=f"refuse a file with more than N rows (default: {DEFAULT_MAX_ROWS:,})")
    p.add_argument("--json", action="store_true",
                   help="print one JSON object (the report) on stdout instead of text")
    p.add_argument("--errors-out", metavar="FILE",
                   help="write the rows with errors to FILE as CSV (their cells plus an errors "
                        "column), to fix and import again; - for stdout (not with --json); an "
                        "existing file is replaced only with --force")
    out.add_force(p)
    p.add_argument("--ui", action="store_true",
                   help="open the app on the Import tab with FILE loaded and the options "
                        "given applied (all but --json, --dry-run, --skip-invalid, "
                        "--errors-out and --park), to preview, fix and commit it there; you "
                        "log in first")
    p.set_defaults(handler=cmd_import)

    p = sub.add_parser("imports", help="list committed imports or undo one; list or drop "
                                       "parked imports")
    isub = p.add_subparsers(dest="imports_command", metavar="ACTION", required=True,
                            parser_class=sub._parser_class)
    q = isub.add_parser("list", help="the committed imports, newest first")
    q.add_argument("--json", action="store_true", help="print JSON")
    q.set_defaults(handler=cmd_imports_list)
    q = isub.add_parser("revert", help="undo an import: delete the users it created and "
                                       "restore the fields it changed")
    q.add_argument("batch", type=_batch_id, metavar="BATCH", help="the batch id (see list)")
    q.add_argument("--json", action="store_true", help="print JSON")
    q.set_defaults(handler=cmd_imports_revert)
    import_triage.register_imports(isub)


class _InertJson:
    """stdout for JSON text, with the characters a terminal could obey escaped."""

    def write(self, text: str) -> int:
        return sys.stdout.write(inert_json(text))


def _emit_json(session, args, *, committed: CommitResult | None = None,
               refused: str | None = None, delivery: dict[str, int] | None = None,
               parked_id: int | None = None) -> None:
    report.write_json(_InertJson(), session, name=args.file, committed=committed, refused=refused,
                      kind=KIND_BY_OPTION[args.kind], delivery=delivery,
                      parked_id=parked_id if getattr(args, "park", False) else False)
    sys.stdout.flush()


def _usage_problem(args: argparse.Namespace, config: Config) -> str | None:
    """What is wrong with the options, found before anything is read or written."""
    if args.role is not None and args.kind != "team":
        return "--role gives new team members a role; use it with --kind team"
    if args.park and args.dry_run:
        return ("--park writes the file to the database to finish later; leave out --dry-run "
                "(--park alone writes no user)")
    if args.errors_out == out.STDOUT and args.json:
        return "--errors-out - and --json both write to stdout; give --errors-out a file name"
    if args.errors_out:
        try:
            out.check(args.errors_out, args, config, "--errors-out")
        except CliError as exc:
            return str(exc)
    return None


def cmd_import(args: argparse.Namespace, config: Config) -> int:
    if getattr(args, "ui", False):
        return _open_ui(args, config)
    if not args.json:
        return _import(args, config)
    try:  # with --json, stdout holds the report whatever happens
        return _import(args, config)
    except (CliError, DomainError, OSError, DatabaseError) as exc:
        message = (str(exc) if isinstance(exc, CliError | DomainError)
                   else f"{exc.strerror or exc}" if isinstance(exc, OSError)
                   else f"database error: {database_error_reason(exc)}")
        _emit_json(None, args, refused=message)
        raise


def _import(args: argparse.Namespace, config: Config) -> int:
    problem = _usage_problem(args, config)
    if problem:
        if args.json:
            _emit_json(None, args, refused=problem)
        return _fail(EXIT_FILE, problem)
    # the rows keep their cells for an errors file, a parked import and the report of
    # fixed cells; without those, a dry run keeps only what its report needs
    keep_cells = bool(args.errors_out or args.park or args.value or args.set)
    options = engine.ImportOptions(kind=KIND_BY_OPTION[args.kind], default_role=args.role,
                                   create_missing_tags=args.create_missing_tags,
                                   send_email=args.send_email, max_rows=args.max_rows,
                                   mapping=_mapping(args), keep_cells=keep_cells,
                                   dry_run_only=args.dry_run and not keep_cells,
                                   **_row_defaults(args), **import_triage.options(args))
    try:
        session = engine.load(args.file, options)
    except FileRefused as exc:
        if args.json:
            _emit_json(None, args, refused=str(exc))
            return EXIT_FILE
        raise CliError(str(exc)) from None
    if session.file_errors:
        if args.json:
            _emit_json(session, args)
        else:
            _print_text(session)
        return EXIT_FILE
    try:
        open_db(args, config)
    except CliError as exc:
        if args.json:
            _emit_json(session, args, refused=str(exc))
        return _fail(exc.code, str(exc))
    try:
        session.plan()
    except DatabaseError as exc:
        message = f"database error: {database_error_reason(exc)}; nothing was changed"
        if args.json:
            _emit_json(session, args, refused=message)
        return _fail(EXIT_FILE, message)
    committed: CommitResult | None = None
    refusal: str | None = None
    code = EXIT_OK
    parked_id: int | None = None
    if args.dry_run:
        code = EXIT_REFUSED if any(r.errors for r in session.rows) else EXIT_OK
    elif args.park and not args.skip_invalid:  # the whole file, unapplied
        parked_id = import_triage.park(session, None)
    else:
        try:
            committed = session.commit(Actor.system(OPERATOR), skip_invalid=args.skip_invalid,
                                       progress=progress.for_terminal())
            if committed.batch_id is None and any(r.errors for r in session.rows):
                code = EXIT_REFUSED  # every row was left out: nothing was committed
        except RowsHaveErrors as exc:
            refusal, code = str(exc), EXIT_REFUSED
        except DomainError as exc:
            refusal, code = f"nothing was imported: {exc}", EXIT_REFUSED
            session.file_errors.append(refusal)
        except DatabaseError as exc:
            refusal = f"database error: {database_error_reason(exc)}; nothing was imported"
            code = EXIT_FILE
            session.file_errors.append(refusal)
        if args.park and refusal is None:  # the rows with errors wait for a person
            parked_id = import_triage.park(session, [r.number for r in session.rows
                                                     if r.errors])
            if parked_id is not None:
                code = EXIT_OK
    delivery = emails = None
    if committed is not None and committed.emails:
        delivery, emails = _deliver(config, quiet=args.json)
    if args.errors_out:
        with output(args.errors_out, args, config, "--errors-out") as fh:
            n = report.write_errors_csv(fh, session)
        if not args.json and args.errors_out != out.STDOUT:
            print(f"Wrote {plural(n, 'row')} with errors to {inert_str(args.errors_out)}",
                  file=sys.stderr)
    if args.json:
        _emit_json(session, args, committed=committed, delivery=delivery, parked_id=parked_id)
    else:
        _print_text(session, committed=committed, dry_run=args.dry_run, emails=emails)
        if parked_id is not None:
            print(f"Parked import {parked_id}: resume it from the Import tab, or drop it "
                  f"with `rostertui imports drop {parked_id}`.")
    if refusal:
        _fail(code, refusal)
    return code


def _open_ui(args: argparse.Namespace, config: Config) -> int:
    """``import FILE --ui``: the Import tab does the rest (preview, fixes, commit)."""
    from rostertui.cli.setup_cmds import run_app
    from rostertui.domain import org

    clash = [flag for flag, on in (("--json", args.json), ("--dry-run", args.dry_run),
                                   ("--skip-invalid", args.skip_invalid),
                                   ("--errors-out", bool(args.errors_out)),
                                   ("--park", args.park)) if on]
    if clash:
        raise CliError(f"--ui opens the Import tab, where rows are chosen and committed; "
                       f"leave out {', '.join(clash)}", EXIT_FILE)
    if args.role is not None and args.kind != "team":
        raise CliError("--role gives new team members a role; use it with --kind team",
                       EXIT_FILE)
    if not Path(args.file).is_file():
        raise CliError(f"{args.file} is not a file", EXIT_FILE)
    target = open_db(args, config)
    org.get_org()  # refuses, with what to run, a database without an organization
    # the tab opens with these applied (the triage options with the file: value mappings,
    # fills, date format, sheet, invitations, emails), and keeps them when others change
    options = engine.ImportOptions(kind=KIND_BY_OPTION[args.kind], default_role=args.role,
                                   create_missing_tags=args.create_missing_tags,
                                   send_email=args.send_email, mapping=_mapping(args),
                                   **_row_defaults(args), **import_triage.options(args))
    return run_app(target, config, import_path=str(Path(args.file).resolve()),
                   import_options=options)


def _deliver(config: Config, *, quiet: bool) -> tuple[dict[str, int], str]:
    """Send the emails the commit queued (and whatever else is due): the JSON delivery counts
    and one line on what happened. The import's exit code does not depend on this:
    undelivered mail stays in the outbox for `outbox send`."""
    from rostertui.mail.dispatcher import make_dispatcher

    try:
        result = make_dispatcher(config).dispatch()
    except ValueError as exc:  # a bad sender address in the configuration
        line = (f"Emails not sent: {inert_str(exc)}; they wait in the outbox for "
                "`rostertui outbox send`.")
        print(f"rostertui: warning: {line}", file=sys.stderr)
        return {"sent": 0, "failed": 0}, line
    line = (f"Emails: {result.sent} sent to {inert_str(result.destination)}, {result.failed} "
            f"failed, {result.retrying} left in the outbox to retry (`rostertui outbox send`).")
    if quiet and (result.failed or result.retrying):
        print(line, file=sys.stderr)
    return result.as_json(), line


def _fail(code: int, message: str) -> int:
    print(f"rostertui: error: {inert_str(with_cli_hint(message))}", file=sys.stderr)
    return code


def _print_text(session, **kwargs) -> None:
    for line in report.text_lines(session, **kwargs):
        print(inert_str(line))


def cmd_imports_list(args: argparse.Namespace, config: Config) -> int:
    open_db(args, config)
    batches = list_batches()
    if args.json:
        print(inert_json(json.dumps(
            [{**b.__dict__, "created_at": b.created_at.isoformat(),
              "reverted_at": b.reverted_at.isoformat() if b.reverted_at else None}
             for b in batches], ensure_ascii=False)))
        return EXIT_OK
    if not batches:
        print("No imports yet.")
        return EXIT_OK
    print(f"{'batch':>5}  {'when (UTC)':16}  {'kind':11}  {'created':>7}  {'updated':>7}  "
          f"{'status':9}  file / by")
    for b in batches:
        print(f"{b.id:>5}  {b.created_at:%Y-%m-%d %H:%M}  {b.kind:11}  {b.created:>7}  "
              f"{b.updated:>7}  {b.status:9}  {inert_str(b.file_name)} / "
              f"{inert_str(b.operator)}")
    return EXIT_OK


def cmd_imports_revert(args: argparse.Namespace, config: Config) -> int:
    open_db(args, config)
    result = revert_batch(args.batch, Actor.system("rostertui imports revert"))
    if args.json:
        print(inert_json(json.dumps(result.__dict__, ensure_ascii=False)))
        return EXIT_OK
    print(f"Undid import batch {result.batch_id}: {plural(result.deleted, 'user')} deleted, "
          f"{plural(result.restored, 'user')} restored.")
    if result.left_alone:
        print(f"{plural(len(result.left_alone), 'user')} changed since the import were left as "
              "they are:")
        for line in result.left_alone:
            print(f"  {inert_str(line)}")
    return EXIT_OK
