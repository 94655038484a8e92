"""Has anything written to the database since we last looked? One tiny query answers.

:class:`ChangeProbe` keeps a connection of its own (opened for it, used by one thread) and
returns a *token* that changes when a transaction that wrote commits:

* SQLite: ``PRAGMA data_version``, which changes when any other connection (another
  process, or another connection of this one) commits a change to the file. It reads a
  counter SQLite keeps in memory; it takes no lock and starts no transaction.
* PostgreSQL: ``pg_current_snapshot()`` (``txid_current_snapshot()`` before version 13).
  Its text holds the oldest running transaction, the next transaction id and those in
  flight; only transactions that write get an id, so it moves when a write starts and again
  when it commits or rolls back. Transaction ids belong to the whole server, so a write to
  another database there moves it too: the cost of such a false alarm is one needless
  re-read of the rows on show, never a change missed. Reading it needs no table, no
  trigger and no migration.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from peewee import Database, PostgresqlDatabase, SqliteDatabase

from rostertui.db.models import database


class ChangeProbe:
    """A token (:meth:`token`) that differs after another connection committed a write."""

    def __init__(self, db: Database | None = None) -> None:
        db = db or database.obj
        if db is None:
            raise RuntimeError("no database is open")
        self._sqlite = isinstance(db, SqliteDatabase)
        self._connection: Any = None
        self._sql = ""
        self._epoch = 0  # connections opened: tokens of two connections never compare equal
        if self._sqlite:
            self._path = db.database
        elif isinstance(db, PostgresqlDatabase):
            self._name, self._params = db.database, dict(db.connect_params)
        else:  # pragma: no cover - the app opens only these two
            raise TypeError(f"no change probe for {type(db).__name__}")

    def _connect(self) -> None:
        self._epoch += 1
        if self._sqlite:
            # read-only, autocommit: it never holds a lock or a read transaction, so it
            # cannot stand in the way of a writer or of a WAL checkpoint
            uri = Path(self._path).resolve().as_uri() + "?mode=ro"
            self._connection = sqlite3.connect(uri, uri=True, isolation_level=None,
                                               check_same_thread=False, timeout=1)
            self._sql = "PRAGMA data_version"
            return
        import psycopg2

        connection = psycopg2.connect(dbname=self._name, **self._params)
        connection.autocommit = True  # each look is its own statement, no open transaction
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version_num")
            modern = int(cursor.fetchone()[0]) >= 130000
        self._sql = ("SELECT pg_current_snapshot()::text" if modern
                     else "SELECT txid_current_snapshot()::text")
        self._connection = connection

    def token(self) -> object:
        """The current token; opens the connection on first use (and after :meth:`close`).
        A token read on a new connection differs from every earlier one (a change may have
        been missed in between). Raises the driver's error when the database cannot be
        reached."""
        if self._connection is None:
            self._connect()
        try:
            if self._sqlite:
                return self._epoch, self._connection.execute(self._sql).fetchone()[0]
            with self._connection.cursor() as cursor:
                cursor.execute(self._sql)
                return self._epoch, cursor.fetchone()[0]
        except Exception:
            self.close()  # the next look connects afresh
            raise

    def close(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            try:
                connection.close()
            except Exception:  # closing a broken connection
                pass


__all__ = ["ChangeProbe"]
