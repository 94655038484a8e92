"""The options of ``rostertui import`` that fix a file on its way in: value mappings
(``--value``), fills (``--set``), the date format, invitations for incomplete rows, the
sheet of a workbook. They become :class:`~rostertui.importing.engine.ImportOptions`, so the
command line and the Import tab fix files through the same engine."""

from __future__ import annotations

import argparse
import json

from rostertui.cli.common import EXIT_OK, argument_type, open_db
from rostertui.config import Config
from rostertui.domain.actor import Actor
from rostertui.importing import dates, edits, parking

_value = argument_type(edits.parse_value_option, "FIELD:FROM=TO")
_set = argument_type(edits.parse_set_option, "FIELD=VALUE")
_date_format = argument_type(lambda text: dates.parse_format(text).label, "date format")


def register(p: argparse.ArgumentParser) -> None:
    p.add_argument("--value", type=_value, action="append", metavar="FIELD:FROM=TO",
                   help="read the value FROM of FIELD as TO in every row (e.g. sex:M=male, "
                        "sex:U= to empty it); matched without regard to case; repeat for "
                        "several values")
    p.add_argument("--set", type=_set, action="append", metavar="FIELD=VALUE",
                   help="fill the blank cells of FIELD with VALUE (e.g. birthdate=1900-01-01); "
                        "a column the file lacks is added; repeat for several fields")
    p.add_argument("--date-format", type=_date_format, metavar="FORMAT",
                   help="how the birthdate column writes dates: DD/MM/YYYY, MM/DD/YYYY, "
                        "DD.MM.YYYY, YYYY-MM-DD, D MMM YYYY... (default: ISO dates, and "
                        "another order only when the column proves it)")
    p.add_argument("--no-suggest", action="store_true",
                   help="do not map an unknown column by its values (a column of email "
                        "addresses is otherwise read as the email)")
    p.add_argument("--invite-incomplete", action="store_true",
                   help="create the new users whose rows lack only fields a new user needs "
                        "(such as a birthdate) as pending, invited users, who complete them "
                        "when they register")
    p.add_argument("--sheet", metavar="NAME",
                   help="the sheet of an .xlsx or .ods workbook to read (default: the first)")
    p.add_argument("--park", action="store_true",
                   help="keep the file in the database to finish in the Import tab: alone, "
                        "the whole file is parked and nothing imported; with --skip-invalid, "
                        "the valid rows are imported and the rows with errors parked (the "
                        "JSON report gives parked_id)")


def park(session, rows: list[int] | None) -> int | None:
    """Park the whole session (``rows`` None) or these rows; None when there are none."""
    if rows is not None and not rows:
        return None
    return parking.park(session, Actor.system("rostertui import"), rows=rows)


def register_imports(isub) -> None:
    """``rostertui imports parked`` and ``rostertui imports drop ID``."""
    q = isub.add_parser("parked", help="the parked imports, newest first")
    q.add_argument("--json", action="store_true", help="print JSON")
    q.set_defaults(handler=cmd_imports_parked)
    q = isub.add_parser("drop", help="discard a parked import")
    q.add_argument("parked", type=int, metavar="ID", help="the parked import's id (see parked)")
    q.add_argument("--json", action="store_true", help="print JSON")
    q.set_defaults(handler=cmd_imports_drop)


def cmd_imports_parked(args: argparse.Namespace, config: Config) -> int:
    open_db(args, config)
    found = parking.list_parked()
    if args.json:
        print(json.dumps([p.as_json() for p in found], ensure_ascii=False))
        return EXIT_OK
    if not found:
        print("No parked imports.")
        return EXIT_OK
    print(f"{'id':>5}  {'parked (UTC)':16}  {'kind':11}  {'rows':>7}  {'errors':>7}  file / by")
    for p in found:
        print(f"{p.id:>5}  {p.parked_at:%Y-%m-%d %H:%M}  {p.kind:11}  {p.rows:>7}  "
              f"{p.errors:>7}  {p.file} / {p.parked_by}")
    return EXIT_OK


def cmd_imports_drop(args: argparse.Namespace, config: Config) -> int:
    open_db(args, config)
    parking.drop(args.parked, Actor.system("rostertui imports drop"))
    if args.json:
        print(json.dumps({"dropped": args.parked}))
    else:
        print(f"Dropped parked import {args.parked}.")
    return EXIT_OK


def options(args: argparse.Namespace) -> dict:
    """The keyword arguments of ImportOptions that these options give."""
    values: dict[str, dict[str, str]] = {}
    for key, old, new in getattr(args, "value", None) or ():
        values.setdefault(key, {})[old] = new
    return {"values": values, "fills": dict(getattr(args, "set", None) or ()),
            "date_format": getattr(args, "date_format", None),
            "suggest": not getattr(args, "no_suggest", False),
            "invite_incomplete": getattr(args, "invite_incomplete", False),
            "sheet": getattr(args, "sheet", None)}
