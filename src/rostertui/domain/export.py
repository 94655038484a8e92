"""CSV out: exports in the canonical columns, and blank templates.

The canonical column names are the importer's own field names, so an export
imports again unchanged. Password hashes are never written. Every cell passes
through :func:`rostertui.domain.csv_safety.escape_cell`.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable
from typing import TextIO

from rostertui.domain.csv_safety import escape_cell
from rostertui.domain.enums import Kind, Status
from rostertui.domain.queries import iter_users
from rostertui.domain.records import UserRecord

CLIENT_COLUMNS = ("id", "email", "first_name", "middle_name", "last_name", "birthdate", "sex",
                  "external_id", "username", "phone", "phone_country", "office", "profile_type",
                  "status", "tags")
TEAM_COLUMNS = (*CLIENT_COLUMNS, "roles")
ATTRIBUTE_PREFIX = "attribute:"
LIST_SEPARATOR = ";"

TEMPLATE_EXAMPLES = {
    Kind.CLIENT: {"email": "jane.doe@example.com", "first_name": "Jane", "last_name": "Doe",
                  "birthdate": "1981-11-20", "sex": "female", "external_id": "CRM-0001",
                  "phone": "5551234567", "phone_country": "USA", "tags": "Newsletter;VIP",
                  "attribute:Program Start Date": "2024-07-17"},
    Kind.TEAM_MEMBER: {"email": "sam.lee@example.com", "first_name": "Sam", "last_name": "Lee",
                       "roles": "Practitioner", "office": "Main Street",
                       "profile_type": "individual", "phone": "5559876543",
                       "phone_country": "USA"},
}
TEMPLATE_COLUMNS = {
    Kind.CLIENT: ("email", "first_name", "middle_name", "last_name", "birthdate", "sex",
                  "external_id", "username", "phone", "phone_country", "office", "tags",
                  "password", "attribute:Program Start Date"),
    Kind.TEAM_MEMBER: ("email", "first_name", "middle_name", "last_name", "roles", "office",
                       "profile_type", "external_id", "username", "phone", "phone_country",
                       "password"),
}


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return escape_cell(LIST_SEPARATOR.join(str(v) for v in value))
    return escape_cell(str(value))


def export_users(out: TextIO, kind: Kind, status: Status | None) -> int:
    """Write users of ``kind`` (one status, or all when None) as CSV; returns rows written.

    The attribute columns are the attribute names in use, sorted, so that a
    second pass over the users is not needed to write the header they need.
    """
    from rostertui.domain.attributes import attribute_names

    base = CLIENT_COLUMNS if kind is Kind.CLIENT else TEAM_COLUMNS
    attrs = attribute_names(kind, status)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([*base, *(_cell(ATTRIBUTE_PREFIX + a) for a in attrs)])
    return _write_rows(writer, iter_users(kind, status), base, attrs)


def _write_rows(writer: csv.writer, users: Iterable[UserRecord], base: tuple[str, ...],
                attrs: list[str]) -> int:
    n = 0
    for user in users:
        row = [_cell(getattr(user, c)) for c in base]
        row += [_cell(user.attributes.get(a)) for a in attrs]
        writer.writerow(row)
        n += 1
    return n


def write_template(out: TextIO, kind: Kind) -> None:
    columns = TEMPLATE_COLUMNS[kind]
    example = TEMPLATE_EXAMPLES[kind]
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerow([_cell(example.get(c, "")) for c in columns])
