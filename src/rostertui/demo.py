"""Build the demo database from the bundled sample data (``sample_data/demo_*.csv``)."""

from __future__ import annotations

import csv
from pathlib import Path

from rostertui.db.connection import write_transaction
from rostertui.domain import invitations, signups, tags
from rostertui.domain.actor import Actor
from rostertui.domain.enums import Kind
from rostertui.domain.queries import count_users
from rostertui.domain.registration import issue_code
from rostertui.domain.setup import init_organization
from rostertui.domain.users import create_users

DEMO_ORG = "Northwind Health (demo)"
DEMO_SEAT_LIMIT = 250
DEMO_ADMIN_EMAIL = "admin@northwind-health.example"
# A fixed, published password for the demo database only; it protects nothing.
DEMO_ADMIN_PASSWORD = "Demo-Admin-2026!"


def sample_data_dir() -> Path:
    """The sample CSVs: bundled in the wheel, or beside ``src/`` in a checkout."""
    bundled = Path(__file__).parent / "sample_data"
    if bundled.is_dir():
        return bundled
    checkout = Path(__file__).resolve().parents[2] / "sample_data"
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError("the bundled sample_data folder is missing from this installation")


def _rows(name: str) -> list[dict[str, str]]:
    with open(sample_data_dir() / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _user_item(row: dict[str, str]) -> dict[str, object]:
    item: dict[str, object] = {k: v for k, v in row.items()
                               if v and not k.startswith("attribute:") and k != "message"}
    attrs = {k.removeprefix("attribute:"): v for k, v in row.items()
             if k.startswith("attribute:") and v}
    if attrs:
        item["attributes"] = attrs
    return item


def build_demo() -> list[str]:
    """Fill an empty, migrated database with the demo organization; returns a summary.

    One transaction: a failure (a full disk, say) leaves the database empty, not half-built.
    """
    with write_transaction():
        _build()
    return _summary()


def _build() -> None:
    actor = Actor.system("rostertui demo")
    admin = init_organization(
        DEMO_ORG, {"email": DEMO_ADMIN_EMAIL, "first_name": "Ada", "last_name": "Admin",
                   "password": DEMO_ADMIN_PASSWORD, "office": "Main Street"},
        actor, client_seat_limit=DEMO_SEAT_LIMIT, is_demo=True)
    actor = Actor(admin.id, admin.email)
    for name in ("Newsletter", "VIP", "Weight Loss", "Diabetes Program", "Corporate Wellness",
                 "Telehealth"):
        tags.create_tag(name, actor)
    clients = create_users([_user_item(r) for r in _rows("demo_clients.csv")], Kind.CLIENT,
                           actor)
    create_users([_user_item(r) for r in _rows("demo_team.csv")], Kind.TEAM_MEMBER, actor)
    for row in _rows("demo_invitations.csv"):
        kind = Kind(row["kind"])
        invitations.invite([row["email"]], kind, actor, message=row["message"],
                           roles=[r for r in row["roles"].split(";") if r])
    for row in _rows("demo_signups.csv"):
        signups.submit_request(_user_item(row), actor, message=row["message"])
    for client in clients[:5]:
        issue_code(client.id, actor)


def _summary() -> list[str]:
    return [
        f"organization: {DEMO_ORG} (client seat limit {DEMO_SEAT_LIMIT})",
        f"clients: {count_users(Kind.CLIENT, None)} "
        f"({count_users(Kind.CLIENT, _status('active'))} active, "
        f"{count_users(Kind.CLIENT, _status('pending'))} pending, "
        f"{count_users(Kind.CLIENT, _status('archived'))} archived)",
        f"team members: {count_users(Kind.TEAM_MEMBER, None)} "
        f"({count_users(Kind.TEAM_MEMBER, _status('active'))} active, "
        f"{count_users(Kind.TEAM_MEMBER, _status('pending'))} pending, "
        f"{count_users(Kind.TEAM_MEMBER, _status('archived'))} archived)",
        f"pending: {len(invitations.list_invitations())} invitations, "
        f"{len(signups.list_requests())} sign-up requests",
    ]


def _status(name: str):
    from rostertui.domain.enums import Status

    return Status(name)
