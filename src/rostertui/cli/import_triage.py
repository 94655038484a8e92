"""The options of ``rostertui import`` that fix a file on its way in: value mappings
(``--value``), fills (``--set``), the date format, invitations for incomplete rows, the
sheet of a workbook. They become :class:`~rostertui.importing.engine.ImportOptions`, so the
command line and the Import tab fix files through the same engine."""

from __future__ import annotations

import argparse

from rostertui.importing import dates, edits


def _value(text: str) -> tuple[str, str, str]:
    try:
        return edits.parse_value_option(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _set(text: str) -> tuple[str, str]:
    try:
        return edits.parse_set_option(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _date_format(text: str) -> str:
    try:
        return dates.parse_format(text).label
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


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
