"""One SVG snapshot per tab and per modal, on the fixed roster of ``conftest.roster``.

Regenerate on purpose, after looking at the difference:
``pytest tests/ui/test_snapshots.py --snapshot-update``.
"""

from __future__ import annotations

import pytest

from tests.ui.conftest import SIZE, settle, steady_screen


async def _settled(pilot) -> None:
    await steady_screen(pilot)


def _keys_then_settle(*keys: str):
    async def run_before(pilot) -> None:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        await steady_screen(pilot)
    return run_before


CASES = {
    "clients_tab": (),
    "team_tab": ("2",),
    "pending_tab": ("3",),
    "archived_tab": ("4",),
    "import_tab": ("5",),
    "action_menu": ("a",),
    "add_client": ("N",),  # the single form; n opens the grid
    "edit_client": ("E",),  # the full form; e edits the cell in place
    "edit_cell": ("enter",),
    "add_tags": ("t",),
    "remove_tags": ("T",),
    "registration_code": ("c",),
    "invite_clients": ("i",),
    "archive_confirm": ("x",),
    "client_details": ("v",),
    "add_team_member": ("2", "N"),
    "change_roles": ("2", "r"),
    "invite_team": ("2", "i"),
    "reject_confirm": ("3", "r"),
    "delete_confirm": ("4", "X"),
    "help": ("question_mark",),
    "columns": ("C",),
}


@pytest.mark.parametrize("name", list(CASES))
def test_snapshot(name, app, snap_compare):
    assert snap_compare(app, terminal_size=SIZE, run_before=_keys_then_settle(*CASES[name]))


def test_login_snapshot(login_app, snap_compare):
    assert snap_compare(login_app, terminal_size=SIZE, run_before=_settled)


def test_small_terminal_snapshot(app, snap_compare):
    assert snap_compare(app, terminal_size=(80, 24), run_before=_settled)


TABS_80x24 = {"clients": (), "team": ("2",), "pending": ("3",), "archived": ("4",),
              "import": ("5",)}


@pytest.mark.parametrize("name", list(TABS_80x24))
def test_tab_snapshot_80x24(name, app, snap_compare):
    """Each tab as an admin over SSH sees it first: 80x24 (the Import tab with no file)."""
    assert snap_compare(app, terminal_size=(80, 24),
                        run_before=_keys_then_settle(*TABS_80x24[name]))
