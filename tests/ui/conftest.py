"""UI fixtures: a fixed roster, the app built by ``make_app``, and a way to wait for workers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from textual.pilot import Pilot

from rostertui.config import Config
from rostertui.db.models import AuditEntry, Invitation, SignupRequest, User
from rostertui.domain import invitations, signups, tags, users
from rostertui.domain.actor import Actor
from rostertui.domain.enums import Kind
from rostertui.ui.app import RosterApp, make_app
from tests.factories import client_data, team_data

FIXED = dt.datetime(2026, 1, 15, 9, 30)
SIZE = (120, 36)


@pytest.fixture
def db(db_path: Path):
    """The UI tests run on SQLite; the domain, import and mail suites cover PostgreSQL."""
    from rostertui.db.connection import close_database, open_database

    open_database(str(db_path))
    yield str(db_path)
    close_database()


@pytest.fixture(autouse=True)
def _no_mail_at_start(monkeypatch: pytest.MonkeyPatch) -> None:
    """The app sends due mail when it opens; the tests look at the outbox as their fixtures
    left it (test_mail_at_start turns it back on)."""
    monkeypatch.setattr(RosterApp, "DELIVER_ON_START", False)


@pytest.fixture
def roster(org_db: str, admin: Actor) -> str:
    """Five clients (two tagged), a practitioner, an invitation, a sign-up request and an
    archived client; every timestamp fixed so snapshots do not move."""
    tags.create_tag("VIP", admin)
    tags.create_tag("Newsletter", admin)
    names = [("Alice", "Archer"), ("Bruno", "Baker"), ("Chloe", "Carter"),
             ("Dmitri", "Dalton"), ("Esme", "Ellis")]
    users.create_clients([client_data(i + 1, first_name=f, last_name=last,
                                      tags=["VIP"] if i < 2 else [])
                          for i, (f, last) in enumerate(names)], admin)
    users.create_team_members([team_data(1, first_name="Paula", last_name="Practitioner")],
                              admin)
    invitations.invite(["invitee@example.com"], Kind.CLIENT, admin, message="Welcome")
    signups.submit_request(client_data(9, first_name="Sam", last_name="Signup"), admin)
    gone = users.create_clients([client_data(8, first_name="Olga", last_name="Old")], admin)[0]
    users.archive_users([gone.id], admin)
    User.update(created_at=FIXED, updated_at=FIXED).execute()
    User.update(invited_at=FIXED).where(User.invited_at.is_null(False)).execute()
    User.update(archived_at=FIXED).where(User.archived_at.is_null(False)).execute()
    Invitation.update(created_at=FIXED).execute()
    SignupRequest.update(created_at=FIXED).execute()
    AuditEntry.update(at=FIXED).execute()
    return org_db


@pytest.fixture
def app(roster: str, admin: Actor, tmp_path: Path) -> RosterApp:
    """The app, logged in as the test Administrator; the Import tab's file tree shows a
    folder holding only the sample file with mistakes."""
    return make_app(roster, Config(data_dir=tmp_path), admin,
                    import_dir=str(import_folder(tmp_path)))


@pytest.fixture
def seats(admin: Actor) -> None:
    """Room for the sample file's clients (the test organization has 10 seats)."""
    from rostertui.domain import org

    org.update_org(admin, client_seat_limit=100)


@pytest.fixture
def import_app(roster: str, admin: Actor, tmp_path: Path, seats: None,
               monkeypatch: pytest.MonkeyPatch) -> RosterApp:
    """The app opened on the Import tab with the sample file with mistakes loaded (by a
    path relative to the working folder, so snapshots do not show the temporary folder)."""
    monkeypatch.chdir(import_folder(tmp_path))
    return make_app(roster, Config(data_dir=tmp_path), admin,
                    import_path="messy_clients.csv", import_dir=".")


def import_folder(tmp_path: Path) -> Path:
    import shutil

    folder = tmp_path / "import-files"
    folder.mkdir(exist_ok=True)
    shutil.copy(Path(__file__).parents[2] / "sample_data" / "messy_clients.csv", folder)
    return folder


@pytest.fixture
def login_app(roster: str, tmp_path: Path) -> RosterApp:
    return make_app(roster, Config(data_dir=tmp_path))


def _permanent(worker) -> bool:
    """A DirectoryTree keeps one worker waiting on its load queue for as long as it lives;
    the live-data watcher (ui/live.py) looks at the database for as long as the app runs."""
    from textual.widgets import DirectoryTree

    return (isinstance(worker.node, DirectoryTree) and worker.group == "_loader") \
        or worker.group == "live-data"


async def settle(pilot: Pilot, timeout: float = 10.0) -> None:
    """Wait until no worker runs and the messages they posted are handled."""
    quiet, waited = 0, 0.0
    while quiet < 6 and waited < timeout:
        await pilot.pause(0.01)
        waited += 0.01
        busy = any(not w.is_finished and not _permanent(w) for w in pilot.app.workers)
        quiet = 0 if busy else quiet + 1
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()  # focus tints fade in: let them finish
    steady_cursors(pilot.app)
    await pilot.pause()


async def steady_screen(pilot: Pilot, tries: int = 40) -> None:
    """For a snapshot: :func:`settle`, then wait until two screenshots in a row are the
    same, so a refresh still queued on a loaded machine (a scrollbar, a tint) is in it."""
    await settle(pilot)
    previous = None
    for _ in range(tries):
        shot = pilot.app.export_screenshot()
        if shot == previous:
            return
        previous = shot
        await pilot.pause(0.05)


def steady_cursors(app) -> None:
    """Stop text cursors blinking, so a snapshot does not depend on when it is taken (a
    blink every 0.5 s shows or hides the cursor cell on a loaded machine)."""
    from textual.widgets import Input, TextArea

    for screen in app.screen_stack:
        for widget in screen.query(Input):
            widget.cursor_blink = False
        for area in screen.query(TextArea):
            area.cursor_blink = False


def user(email: str) -> User | None:
    return User.get_or_none(User.email == email)
