"""Finding 17 of issue 15: `rostertui org show` and `org set`, audited, with the seat rules;
the seat-limit refusal names the command that raises the limit."""

from __future__ import annotations

import io
import json
import sys

import pytest

from rostertui.cli import main
from rostertui.db.connection import open_database
from rostertui.domain import audit, org
from rostertui.domain.errors import SeatLimitExceeded
from rostertui.domain.users import create_clients
from tests.factories import client_data


def run(capsys, monkeypatch, db, *argv):
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    try:
        code = main(["--db", db, *argv])
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    open_database(db)  # the CLI closed it
    return code, out, err


def test_org_show_says_the_name_limit_and_seats(org_db, admin, capsys, monkeypatch):
    create_clients([client_data(i) for i in range(1, 4)], admin)
    code, out, err = run(capsys, monkeypatch, org_db, "org", "show")
    assert code == 0, err
    assert "Test Org" in out and "Seat limit:     10 (3 active clients, 7 free)" in out
    code, out, _ = run(capsys, monkeypatch, org_db, "org", "show", "--json")
    info = json.loads(out)
    assert (info["name"], info["client_seat_limit"], info["active_clients"],
            info["free_seats"]) == ("Test Org", 10, 3, 7)


def test_org_set_changes_name_and_limit_and_is_audited(org_db, admin, capsys, monkeypatch):
    code, out, err = run(capsys, monkeypatch, org_db, "org", "set", "--name", "  New Name ",
                         "--seat-limit", "25")
    assert code == 0, err
    assert "Updated the organization." in out
    assert (org.get_org().name, org.get_org().client_seat_limit) == ("New Name", 25)
    [entry] = audit.entries(action="org.updated")
    assert entry.details["changes"] == {"name": ["Test Org", "New Name"],
                                        "client_seat_limit": [10, 25]}
    assert "rostertui org set" in entry.actor
    code, out, _ = run(capsys, monkeypatch, org_db, "org", "set", "--seat-limit", "none")
    assert code == 0 and org.get_org().client_seat_limit is None
    assert "Seat limit:     none" in out


def test_a_limit_below_the_active_clients_is_refused_saying_by_how_many(
        org_db, admin, capsys, monkeypatch):
    create_clients([client_data(i) for i in range(1, 6)], admin)
    code, _, err = run(capsys, monkeypatch, org_db, "org", "set", "--seat-limit", "3")
    assert code == 1
    assert "cannot be 3: 5 clients are active, 2 more than that" in err
    assert "archive 2 clients first, or set a limit of at least 5" in err
    assert org.get_org().client_seat_limit == 10 and not audit.entries(action="org.updated")


@pytest.mark.parametrize("argv, message", [
    (("org", "set"), "give --name and/or --seat-limit"),
    (("org", "set", "--seat-limit", "-1"), "cannot be negative"),
    (("org", "set", "--seat-limit", "many"), "not a whole number or 'none'"),
    (("org", "set", "--name", "   "), "name: is required"),
])
def test_bad_org_set_arguments_are_refused(org_db, admin, capsys, monkeypatch, argv, message):
    code, _, err = run(capsys, monkeypatch, org_db, *argv)
    assert code in (1, 2) and message in err and err.count("\n") <= 2


def test_the_seat_limit_refusal_names_the_command_that_raises_it(admin):
    org.update_org(admin, client_seat_limit=1)
    create_clients([client_data(1)], admin)
    with pytest.raises(SeatLimitExceeded, match=r"`rostertui org set --seat-limit N`"):
        create_clients([client_data(2)], admin)
