"""``rostertui outbox list|send`` and ``rostertui register``."""

from __future__ import annotations

import argparse
import json
import sys

from rostertui.cli.common import EXIT_OK, EXIT_REFUSED, CliError, open_db
from rostertui.config import Config
from rostertui.domain.inert import inert_json, inert_str
from rostertui.mail import outbox
from rostertui.mail.outbox import MailStatus


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("outbox", help="see and deliver queued email",
                       description="Email is queued with the change that causes it and "
                                   "delivered by `outbox send`: over SMTP when "
                                   "ROSTERTUI_SMTP_URL (or smtp_url in the config file) is set, "
                                   "otherwise as .eml files in the data directory's mail folder.")
    osub = p.add_subparsers(dest="outbox_command", metavar="ACTION", required=True)
    lp = osub.add_parser("list", help="list messages")
    lp.add_argument("--status", choices=[s.value for s in MailStatus],
                    help="only messages in this state")
    lp.add_argument("--json", action="store_true", help="print a JSON array")
    lp.set_defaults(handler=cmd_list)
    sp = osub.add_parser("send", help="deliver what is due; exit 1 if anything is left "
                                      "undelivered")
    sp.add_argument("--retry-now", action="store_true",
                    help="also retry messages still waiting out their backoff")
    sp.add_argument("--json", action="store_true",
                    help='print {"sent": n, "failed": n, "retrying": n, "undelivered": n}')
    sp.set_defaults(handler=cmd_send)

    p = sub.add_parser("register", help="complete a registration with a registration code",
                       description="Complete a registration as the registration form does: "
                                   "the date of birth must match the one on record. Someone "
                                   "invited by email gives their name (and a client their sex "
                                   "at birth) here. A pending user becomes active.")
    p.add_argument("code", help="the registration code, e.g. ABCD-EFGH-JKMN")
    p.add_argument("--birthdate", required=True, metavar="YYYY-MM-DD")
    p.add_argument("--first-name", metavar="FIRST")
    p.add_argument("--last-name", metavar="LAST")
    p.add_argument("--sex", metavar="male|female")
    p.add_argument("--password-stdin", action="store_true",
                   help="set a password read from the first line of stdin")
    p.set_defaults(handler=cmd_register)


def cmd_list(args: argparse.Namespace, config: Config) -> int:
    open_db(args, config)
    messages = outbox.list_messages(MailStatus(args.status) if args.status else None)
    if args.json:
        sys.stdout.write(inert_json(json.dumps([m.as_json() for m in messages],
                                               ensure_ascii=False)) + "\n")
        return EXIT_OK
    if not messages:
        print("The outbox is empty." if not args.status else f"No {args.status} messages.")
    for m in messages:
        error = f"  ({inert_str(m.last_error)})" if m.last_error else ""
        print(f"{m.id:>6}  {m.status:<8} {m.kind:<18} {inert_str(m.to)}  attempts "
              f"{m.attempts}{error}")
    return EXIT_OK


def cmd_send(args: argparse.Namespace, config: Config) -> int:
    from rostertui.mail.dispatcher import make_dispatcher

    open_db(args, config)
    try:
        dispatcher = make_dispatcher(config)
    except ValueError as exc:
        raise CliError(str(exc)) from None
    report = dispatcher.dispatch(ignore_backoff=args.retry_now)
    left = outbox.undelivered_count()
    if args.json:
        print(json.dumps({**report.as_json(), "retrying": report.retrying, "undelivered": left}))
    else:
        print(f"Delivered {report.sent} to {inert_str(report.destination)}; {report.failed} "
              f"failed, {report.retrying} will be retried; {left} undelivered in the outbox.")
        for line in report.errors[:20]:
            print(f"  {inert_str(line)}", file=sys.stderr)
    return EXIT_REFUSED if left else EXIT_OK


def cmd_register(args: argparse.Namespace, config: Config) -> int:
    from rostertui.domain.registration import register as complete

    password = None
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n") or None
        if password is None:
            raise CliError("--password-stdin: stdin held no password", EXIT_REFUSED)
    open_db(args, config)
    user = complete(args.code, args.birthdate, password=password,
                    profile={"first_name": args.first_name, "last_name": args.last_name,
                             "sex": args.sex})
    print(f"Registered {inert_str(user.email)}; the account is {user.status}.")
    return EXIT_OK
