"""The change probe behind live data: its token moves when another connection or process
commits a write, and (on SQLite, where nothing else shares the server) only then."""

from __future__ import annotations

import subprocess
import sys

from rostertui.db.changes import ChangeProbe
from rostertui.domain import roster_view, tags
from rostertui.domain.actor import Actor
from rostertui.domain.roster_view import RosterQuery, View


def test_a_write_on_another_connection_moves_the_token(org_db, admin: Actor):
    probe = ChangeProbe()
    try:
        before = probe.token()
        if "://" not in org_db:  # PostgreSQL's token is the server's: others move it too
            roster_view.window(RosterQuery(View.CLIENTS), 0, 50)  # reads move nothing
            assert probe.token() == before
        tags.create_tag("VIP", admin)  # this thread's own connection, not the probe's
        assert probe.token() != before
    finally:
        probe.close()


def test_a_write_by_another_process_moves_the_token(org_db):
    probe = ChangeProbe()
    try:
        before = probe.token()
        done = subprocess.run([sys.executable, "-m", "rostertui", "--db", org_db, "template",
                               "clients"], capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        if "://" not in org_db:
            assert probe.token() == before  # a command that writes nothing
        done = subprocess.run(
            [sys.executable, "-c", "import sys; from rostertui.db.connection import "
             "open_database; from rostertui.domain import tags; from rostertui.domain.actor "
             "import Actor; open_database(sys.argv[1]); tags.create_tag('From elsewhere', "
             "Actor.system('test'))", org_db], capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        assert probe.token() != before
    finally:
        probe.close()


def test_the_probe_connects_again_after_a_failure(org_db, admin: Actor):
    """Two connections' counters cannot be compared: a token read after connecting again
    differs, so a change made while the probe was cut off is never missed."""
    probe = ChangeProbe()
    try:
        first = probe.token()
        probe.close()  # as after a failed look
        second = probe.token()
        assert second != first
        assert probe.token() == second or "://" in org_db
    finally:
        probe.close()
