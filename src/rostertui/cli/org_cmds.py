"""``rostertui org show`` and ``rostertui org set``: the organization's name and seat limit."""

from __future__ import annotations

import argparse
import json
import sys

from rostertui.cli.common import EXIT_OK, CliError, open_db
from rostertui.config import Config
from rostertui.domain import org
from rostertui.domain.actor import Actor

OPERATOR = "rostertui org set"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("org", help="show or change the organization's name and seat limit",
                       description="The organization's settings. `org set` is audited; a seat "
                                   "limit below the clients already active is refused.")
    osub = p.add_subparsers(dest="org_command", metavar="ACTION", required=True)
    sp = osub.add_parser("show", help="the name, the client seat limit and seats in use")
    sp.add_argument("--json", action="store_true", help="print one JSON object")
    sp.set_defaults(handler=cmd_show)
    sp = osub.add_parser("set", help="change the name and/or the client seat limit")
    sp.add_argument("--name", metavar="NAME", help="the organization's new name")
    sp.add_argument("--seat-limit", type=_seat_limit, metavar="N|none",
                    help="how many active clients the organization may have ('none': no "
                         "limit)")
    sp.set_defaults(handler=cmd_set)


_NO_LIMIT = object()


def _seat_limit(text: str) -> object:
    if text.strip().lower() in ("none", "no", "unlimited"):
        return _NO_LIMIT
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number or 'none'") from None
    if value < 0:
        raise argparse.ArgumentTypeError("cannot be negative ('none' for no limit)")
    return value


def _show() -> dict[str, object]:
    record = org.get_org()
    usage = org.seat_usage()
    return {"name": record.name, "client_seat_limit": record.client_seat_limit,
            "active_clients": usage.used, "free_seats": usage.free,
            "registration_code_days": record.registration_code_days, "demo": record.is_demo}


def _print(info: dict[str, object]) -> None:
    limit = info["client_seat_limit"]
    print(f"Organization:   {info['name']}" + ("  (demo)" if info["demo"] else ""))
    if limit is None:
        print(f"Seat limit:     none ({info['active_clients']:,} active clients)")
    else:
        print(f"Seat limit:     {limit:,} ({info['active_clients']:,} active clients, "
              f"{info['free_seats']:,} free)")
    print(f"Codes valid for {info['registration_code_days']} days")


def cmd_show(args: argparse.Namespace, config: Config) -> int:
    open_db(args, config)
    info = _show()
    if args.json:
        json.dump(info, sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        _print(info)
    return EXIT_OK


def cmd_set(args: argparse.Namespace, config: Config) -> int:
    if args.name is None and args.seat_limit is None:
        raise CliError("give --name and/or --seat-limit (N, or 'none' for no limit)")
    open_db(args, config)
    changes: dict[str, object] = {}
    if args.name is not None:
        changes["name"] = args.name
    if args.seat_limit is not None:
        changes["client_seat_limit"] = None if args.seat_limit is _NO_LIMIT else args.seat_limit
    before = org.get_org()
    after = org.update_org(Actor.system(OPERATOR), **changes)  # type: ignore[arg-type]
    if after == before:
        print("Nothing changed.")
    else:
        print("Updated the organization.")
    _print(_show())
    return EXIT_OK
