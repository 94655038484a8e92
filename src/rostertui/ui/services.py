"""The UI's only door to the database: domain services, run inside worker threads.

Every call here happens in a thread worker, on a connection of that thread's
own (``worker_connection``). The UI thread never waits on the database.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from peewee import DatabaseError

from rostertui.db.changes import ChangeProbe
from rostertui.db.connection import (
    database_error_reason,
    open_database,
    retrying_call,
    worker_connection,
)
from rostertui.domain import roster_view
from rostertui.domain.errors import DomainError

T = TypeVar("T")


def open_app_database(target: str) -> None:
    """Open (and migrate) the app's database before the app is built: the one place where the
    UI layer opens a connection itself."""
    open_database(target)


def change_probe() -> ChangeProbe:
    """A connection of its own that tells whether anything was written since the last look
    (for :mod:`rostertui.ui.live`; one thread uses it)."""
    return ChangeProbe()


__all__ = ["Refusal", "RosterSource", "call", "change_probe", "database_error_reason",
           "open_app_database"]


class Refusal(Exception):
    """A service refused (or the database failed); ``str()`` is the message to show."""


def call(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run a domain function on this worker thread's connection.

    A rule's refusal and a database failure both become :class:`Refusal` with a
    one-line message; anything else is a bug and propagates. A PostgreSQL deadlock or
    serialization failure runs the call again when nothing of it was committed.
    """
    try:
        with worker_connection():
            return retrying_call(lambda: fn(*args, **kwargs))
    except DomainError as exc:
        raise Refusal(str(exc)) from exc
    except DatabaseError as exc:
        raise Refusal(f"database error: {database_error_reason(exc)}; nothing was changed") \
            from exc


class RosterSource:
    """The roster tables' :class:`~rostertui.ui.widgets.roster_table.RowSource`."""

    def window(self, query: roster_view.RosterQuery, offset: int, limit: int
               ) -> tuple[list[roster_view.RosterRow], int | None]:
        result = call(roster_view.window, query, offset, limit)
        return result.rows, result.total

    def page(self, query: roster_view.RosterQuery, offset: int, limit: int
             ) -> list[roster_view.RosterRow]:
        return call(roster_view.page, query, offset, limit)

    def count(self, query: roster_view.RosterQuery) -> int:
        return call(roster_view.count, query)

    def ids(self, query: roster_view.RosterQuery) -> list[int]:
        return call(roster_view.ids, query)
