"""Per-operator preferences, and the rule that turns a stored column layout into one a table
can show whatever the database holds."""

from __future__ import annotations

import pytest

from rostertui.db.models import OperatorPref
from rostertui.domain import prefs
from rostertui.domain.actor import Actor
from rostertui.domain.errors import ValidationFailed
from rostertui.domain.prefs import column_layout

KEYS = ["first_name", "last_name", "email", "created"]
DEFAULT = [(k, True) for k in KEYS]


def entry(key, visible=True):
    return {"key": key, "visible": visible}


def test_nothing_stored_gives_the_default():
    assert column_layout(None, KEYS) == DEFAULT


def test_a_stored_layout_is_kept():
    stored = [entry("email"), entry("first_name", False), entry("created"),
              entry("last_name")]
    assert column_layout(stored, KEYS) == [("email", True), ("first_name", False),
                                           ("created", True), ("last_name", True)]


def test_stale_keys_are_ignored_and_new_columns_appended_visible():
    # "full_name" was renamed in an upgrade; "created" and "email" came later
    stored = [entry("full_name"), entry("last_name"), entry("first_name", False)]
    assert column_layout(stored, KEYS) == [("last_name", True), ("first_name", False),
                                           ("email", True), ("created", True)]


def test_new_columns_take_their_default_visibility():
    assert column_layout([entry("email")], KEYS, default_keys=["email", "first_name"]) == [
        ("email", True), ("first_name", True), ("last_name", False), ("created", False)]
    assert column_layout(None, KEYS, default_keys=["email"]) == [
        ("first_name", False), ("last_name", False), ("email", True), ("created", False)]


def test_repeated_keys_count_once():
    stored = [entry("email"), entry("email", False), entry("created")]
    assert column_layout(stored, KEYS)[:2] == [("email", True), ("created", True)]


@pytest.mark.parametrize("stored", [
    "email", 42, 3.5, True, {"email": True}, {"key": "email", "visible": True}, (),
    b"x", [None, 1, "email", ["email", True], {"key": 1, "visible": True},
           {"key": "email", "visible": "yes"}, {"key": "email"}, {"visible": False},
           {"key": ["email"], "visible": False}, {"key": {"a": 1}, "visible": True}],
])
def test_garbage_gives_the_default(stored):
    assert column_layout(stored, KEYS) == DEFAULT


def test_garbage_entries_are_skipped_among_good_ones():
    stored = [7, entry("created"), {"key": "email", "visible": 1}, entry("nope", False)]
    assert column_layout(stored, KEYS) == [("created", True), ("first_name", True),
                                           ("last_name", True), ("email", True)]


def test_a_layout_hiding_everything_gives_the_default():
    assert column_layout([entry(k, False) for k in KEYS], KEYS) == DEFAULT
    # the only visible column was renamed away
    assert column_layout([entry("old", True), *[entry(k, False) for k in KEYS]],
                         KEYS) == DEFAULT


def test_no_known_columns_gives_an_empty_layout():
    assert column_layout([entry("email")], []) == []


# --- stored per operator ---------------------------------------------------------


def test_saved_layouts_are_per_operator_and_per_table(org_db, admin):
    other = Actor(admin.user_id + 1000, "nobody")
    layout = [("email", True), ("first_name", False), ("last_name", True), ("created", True)]
    saved = prefs.save_columns(admin, "clients", layout, KEYS)
    assert saved == layout
    assert prefs.load_columns(admin, "clients", KEYS) == layout
    assert prefs.load_columns(admin, "team", KEYS) == DEFAULT
    assert prefs.load_columns(other, "clients", KEYS) == DEFAULT
    assert prefs.get_pref(admin, "columns.clients")[0] == {"key": "email", "visible": True}


def test_saving_drops_unknown_keys_and_appends_missing_ones(org_db, admin):
    saved = prefs.save_columns(admin, "clients", [("bogus", True), ("email", False),
                                                  ("created", True)], KEYS)
    assert saved == [("email", False), ("created", True), ("first_name", True),
                     ("last_name", True)]
    assert prefs.load_columns(admin, "clients", KEYS) == saved


def test_saving_refuses_a_layout_with_nothing_visible(org_db, admin):
    for layout in ([(k, False) for k in KEYS], [("bogus", True)], []):
        with pytest.raises(ValidationFailed, match="at least one column must stay visible"):
            prefs.save_columns(admin, "clients", layout, KEYS)
    assert prefs.get_pref(admin, "columns.clients") is None


@pytest.mark.parametrize("raw", ["not json", "[" * 100_000, '{"key": "email"}', "null",
                                 '[{"key": "email", "visible": "no"}]', "[]", '"\\u0000"'])
def test_bad_stored_values_never_crash(org_db, admin, raw):
    OperatorPref.insert(user=admin.user_id, key="columns.clients", value=raw).execute()
    assert prefs.load_columns(admin, "clients", KEYS) == DEFAULT


def test_an_operator_without_an_account_gets_the_default(org_db):
    system = Actor.system("tests")
    before = OperatorPref.select().count()
    prefs.save_columns(system, "clients", [("email", True)], KEYS)  # nowhere to keep it
    assert OperatorPref.select().count() == before  # not kept under no one, for everyone
    assert prefs.load_columns(system, "clients", KEYS) == DEFAULT
