"""A service call the UI makes runs again after a PostgreSQL deadlock or serialization
failure only when nothing of it was committed: the failed transaction was rolled back, so a
second run cannot do anything twice (issue 15: retries were only for import commits)."""

from __future__ import annotations

import pytest

from rostertui.db import connection
from rostertui.db.connection import write_transaction
from rostertui.db.models import AuditEntry
from rostertui.domain import org
from rostertui.ui import services


class _Serialization(Exception):
    pgcode = "40001"


@pytest.fixture(autouse=True)
def _no_sleep(monkeypatch):
    monkeypatch.setattr(connection.time, "sleep", lambda s: None)


def _audits() -> int:
    return AuditEntry.select().count()


def test_a_call_whose_only_transaction_was_rolled_back_runs_again(admin):
    attempts = []

    def rename() -> str:
        attempts.append(1)
        org.update_org(admin, name=f"Renamed {len(attempts)}")
        return org.get_org().name

    def flaky_rename() -> str:
        with write_transaction():
            name = rename()
            if len(attempts) == 1:
                raise _Serialization("could not serialize access")
        return name

    before = _audits()
    assert services.call(flaky_rename) == "Renamed 2"
    assert len(attempts) == 2
    assert org.get_org().name == "Renamed 2"
    assert _audits() == before + 1  # the first attempt left nothing behind


def test_a_call_that_committed_something_is_not_run_again(admin):
    attempts = []

    def half_done() -> None:
        attempts.append(1)
        org.update_org(admin, name=f"Renamed {len(attempts)}")  # its own transaction
        with write_transaction():
            raise _Serialization("could not serialize access")

    with pytest.raises(_Serialization):
        services.call(half_done)
    assert len(attempts) == 1
    assert org.get_org().name == "Renamed 1"


def test_other_errors_and_endless_failures_are_bounded(admin):
    attempts = []

    def always() -> None:
        attempts.append(1)
        with write_transaction():
            raise _Serialization("could not serialize access")

    with pytest.raises(_Serialization):
        services.call(always)
    assert len(attempts) == connection.RETRIES
    attempts.clear()

    def bug() -> None:
        attempts.append(1)
        raise ValueError("a bug")

    with pytest.raises(ValueError):
        services.call(bug)
    assert len(attempts) == 1
