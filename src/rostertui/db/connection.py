"""Open a database from a path or URL, tune it, and bring its schema up to date.

Accepted targets:

* a plain file path: SQLite (``./roster.db``, ``/var/lib/roster.db``);
* ``sqlite:///relative/path.db`` or ``sqlite:////absolute/path.db``;
* ``postgresql://user[:password]@host[:port]/dbname[?options=...]`` (needs
  ``psycopg2``: ``pip install 'rostertui[postgres]'``).
"""

from __future__ import annotations

import contextlib
import os
import random
import sqlite3
import stat
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar
from urllib.parse import quote, unquote, urlparse

from peewee import Database, DatabaseError, PostgresqlDatabase, SqliteDatabase

from rostertui.db import lock_wait
from rostertui.db.migrations import SchemaTooNew, migrate
from rostertui.db.models import database

SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": 10_000,  # milliseconds to wait for another writer
    "synchronous": "normal",
    "cache_size": -32_000,  # 32 MB page cache
}


class DatabaseOpenError(RuntimeError):
    """The database could not be opened; the message says why and what to do."""


def describe_target(target: str) -> str:
    """A form of the target fit for messages: no password."""
    if "://" not in target:
        return target
    parsed = urlparse(target)
    if parsed.password:
        netloc = parsed.netloc.replace(f":{parsed.password}@", ":***@")
        return parsed._replace(netloc=netloc).geturl()
    return target


def sqlite_path(target: str) -> Path | None:
    """The file behind a SQLite target, or None for another kind of database."""
    if "://" not in target:
        return Path(target).expanduser()
    parsed = urlparse(target)
    if parsed.scheme != "sqlite":
        return None
    # sqlite:///rel.db -> path "/rel.db" -> "rel.db"; sqlite:////abs.db -> "//abs.db" -> "/abs.db"
    return Path(unquote(parsed.path[1:])).expanduser()


def _create_private_file(path: Path) -> None:
    """Create an empty database file readable and writable by its owner only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)


def _private_if_empty(path: Path) -> None:
    """A file made empty beforehand (``touch``) becomes private, as a new one is."""
    try:
        info = path.stat()
        if stat.S_ISREG(info.st_mode) and info.st_size == 0 and info.st_mode & 0o077:
            os.chmod(path, 0o600)
    except OSError:
        pass  # not ours to change: SQLite reports what it cannot open


def _no_database(target: str) -> DatabaseOpenError:
    return DatabaseOpenError(f"no rostertui database at {describe_target(target)}; create one "
                             "with `rostertui init`")


def _check_sqlite_file(path: Path, target: str, *, blank_ok: bool = False) -> None:
    """Refuse a missing file, or one that is not a rostertui database, without changing it:
    read-only, no WAL switch, no tables."""
    if not path.exists():
        raise _no_database(target)
    if not path.is_file():
        raise DatabaseOpenError(f"{path} is not a regular file; give the path of a rostertui "
                                "database")
    if path.stat().st_size == 0:
        raise DatabaseOpenError(f"{path} is an empty file, not a rostertui database; create "
                                "one with `rostertui init`")
    uri = f"file:{quote(str(path.resolve()))}?mode=ro"
    try:
        con = sqlite3.connect(uri, uri=True)
        try:
            found = con.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND "
                                "name = 'schema_version'").fetchone()
            tables = con.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise DatabaseOpenError(f"{path} is not a rostertui database ({exc}); give the path of "
                                "one, or create one with `rostertui init`") from None
    if found is None and not (blank_ok and tables == 0):
        raise DatabaseOpenError(f"{path} is a SQLite database of another program (it has no "
                                "schema_version table); it was left as it was. Give the path of "
                                "a rostertui database, or create one with `rostertui init`")


def make_database(target: str, *, create: bool = True) -> Database:
    """Build (but do not connect) the Peewee database for ``target``. A SQLite file that is
    not a rostertui database is refused untouched; with ``create`` False a missing or empty
    one too. With ``create``, a missing file is made (private) and an empty one made
    private."""
    path = sqlite_path(target)
    if path is not None:
        if str(path) in ("", ":memory:"):
            raise DatabaseOpenError(
                "an in-memory database is not supported: give a file path")
        if path.is_dir():
            raise DatabaseOpenError(f"{path} is a directory; give the path of a database file")
        if not create:
            _check_sqlite_file(path, target)
        elif not path.exists():
            try:
                _create_private_file(path)
            except FileExistsError:
                pass
            except OSError as exc:
                raise DatabaseOpenError(f"cannot create database file {path}: {exc.strerror}") \
                    from exc
        elif path.is_file() and path.stat().st_size > 0:
            # never take over another program's file; one with no schema at all is another
            # process of ours making it (several first opens at once), not a foreign file
            _check_sqlite_file(path, target, blank_ok=True)
        else:
            _private_if_empty(path)
        return SqliteDatabase(str(path), pragmas=SQLITE_PRAGMAS, timeout=10,
                              check_same_thread=False)
    parsed = urlparse(target)
    if parsed.scheme in ("postgresql", "postgres"):
        try:
            import psycopg2  # noqa: F401
        except ImportError as exc:
            raise DatabaseOpenError(
                "PostgreSQL needs the psycopg2 driver: pip install 'rostertui[postgres]'") from exc
        params = {}
        if parsed.username:
            params["user"] = unquote(parsed.username)
        if parsed.password:
            params["password"] = unquote(parsed.password)
        if parsed.hostname:
            params["host"] = parsed.hostname
        if parsed.port:
            params["port"] = parsed.port
        for part in filter(None, parsed.query.split("&")):
            key, _, value = part.partition("=")
            params[key] = unquote(value)
        name = unquote(parsed.path.lstrip("/"))
        if not name:
            raise DatabaseOpenError("a PostgreSQL URL needs a database name: "
                                    "postgresql://user@host/dbname")
        return PostgresqlDatabase(name, **params)
    raise DatabaseOpenError(
        f"unknown database URL scheme {parsed.scheme!r}: use a file path, "
        "sqlite:///path.db or postgresql://user@host/dbname")


def open_database(target: str, *, run_migrations: bool = True,
                  create: bool = True) -> Database:
    """Open ``target``, bind the models to it and migrate it to the newest schema.

    ``create`` False (every command but ``init`` and ``demo``): a database that does not
    exist, or is not a rostertui database (no ``schema_version`` table), is refused with
    :class:`DatabaseOpenError` and left exactly as it was."""
    db = make_database(target, create=create)
    where = describe_target(target)
    try:
        _connect(db)
        if not create and not isinstance(db, SqliteDatabase) \
                and not db.table_exists("schema_version"):
            db.close()
            raise _no_database(target)
        if run_migrations:
            migrate(db)
    except SchemaTooNew as exc:
        db.close()
        raise DatabaseOpenError(str(exc)) from exc
    except DatabaseError as exc:
        db.close()
        reason = database_error_reason(exc)
        raise DatabaseOpenError(f"cannot open database {where}: {reason}") from exc
    database.initialize(db)
    return db


def _connect(db: Database) -> None:
    """Connect, setting the pragmas. Switching a new SQLite file to WAL needs a moment
    alone with it and answers "database is locked" at once (without the busy timeout)
    when several processes open it together: that is tried again for up to 10 s."""
    deadline = time.monotonic() + 10
    while True:
        try:
            db.connect(reuse_if_open=True)
            return
        except DatabaseError as exc:
            if not (isinstance(db, SqliteDatabase) and "locked" in str(exc).lower()
                    and time.monotonic() < deadline):
                raise
            if not db.is_closed():
                db.close()
            time.sleep(0.02 + random.random() * 0.05)


def database_error_reason(exc: BaseException) -> str:
    """One line on why a database operation failed, with what to do when we know.

    When a failed statement made SQLite roll back by itself (a full disk, say), the
    transaction's own rollback fails next and hides the cause; the cause is reported.
    """
    cause: BaseException | None = exc
    while cause is not None and "no transaction is active" in str(cause):
        cause = cause.__context__
    exc = cause or exc
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    lowered = text.lower()
    if "readonly" in lowered or "read-only" in lowered:
        return f"{text} (check the file's permissions)"
    if "disk" in lowered and "full" in lowered:
        return f"{text} (free some disk space and try again)"
    if "disk i/o error" in lowered:
        return f"{text} (is the disk full, or the file too large for its file system?)"
    if "not a database" in lowered:
        return f"{text} (is this a rostertui database?)"
    if "locked" in lowered:
        return f"{text} (another program holds the database; try again in a moment)"
    return text


def close_database() -> None:
    db = database.obj
    if db is not None and not db.is_closed():
        db.close()


def is_sqlite(db: Database | None = None) -> bool:
    return isinstance(db or database.obj, SqliteDatabase)


@contextlib.contextmanager
def write_transaction() -> Iterator[None]:
    """A transaction that takes the write lock at once.

    On SQLite this is ``BEGIN IMMEDIATE``, so two writers queue on the busy
    timeout instead of failing later with "database is locked" on upgrade; and
    a writer whose busy timeout runs out while another rostertui process is
    alive and working in its transaction waits on (``db/lock_wait.py``).
    Nested calls become savepoints.
    """
    db = database.obj
    if db is None:
        raise RuntimeError("no database is open")
    outermost = db.transaction_depth() == 0
    if isinstance(db, SqliteDatabase) and outermost:
        with lock_wait.immediate(db):
            yield
    else:
        with db.atomic():
            yield
    if outermost:
        _commits.count = getattr(_commits, "count", 0) + 1


# How many outermost write transactions this thread has committed: a call that fails
# before committing any may be run again whole (``retrying_call``).
_commits = threading.local()


def commits_on_this_thread() -> int:
    return getattr(_commits, "count", 0)


# PostgreSQL SQLSTATEs worth running the transaction again for.
_RETRYABLE = {"40001": "serialization failure", "40P01": "deadlock"}
RETRIES = 4

T = TypeVar("T")


def retryable(exc: BaseException) -> str | None:
    """What made ``exc`` worth a retry (a serialization failure or deadlock), else None."""
    seen: set[int] = set()
    todo: list[object] = [exc]
    while todo:
        item = todo.pop()
        if not isinstance(item, BaseException) or id(item) in seen:
            continue
        seen.add(id(item))
        code = getattr(item, "pgcode", None)
        if code in _RETRYABLE:
            return _RETRYABLE[code]
        todo += [item.__cause__, item.__context__, *item.args[:1]]
    return None


def retrying(fn: Callable[[], T], *, attempts: int = RETRIES) -> T:
    """Run ``fn`` (a whole write transaction), again after a serialization failure or a
    deadlock (the database rolled it back), at most ``attempts`` times in all."""
    for attempt in range(1, attempts + 1):
        try:
            return fn()
        except Exception as exc:
            db = database.obj
            if attempt == attempts or retryable(exc) is None or (
                    db is not None and db.transaction_depth() > 0):
                raise
            time.sleep(0.05 * attempt + random.random() * 0.05)
    raise AssertionError("unreachable")  # pragma: no cover


def retrying_call(fn: Callable[[], T], *, attempts: int = RETRIES) -> T:
    """Run ``fn`` (a service call, which may hold several write transactions) again after a
    serialization failure or a deadlock, but only when none of its transactions had been
    committed: the failed one was rolled back, so nothing of the call is in the database
    and running it again cannot do anything twice. Otherwise the error is raised."""
    for attempt in range(1, attempts + 1):
        before = commits_on_this_thread()
        try:
            return fn()
        except Exception as exc:
            db = database.obj
            if attempt == attempts or retryable(exc) is None \
                    or commits_on_this_thread() != before \
                    or (db is not None and db.transaction_depth() > 0):
                raise
            time.sleep(0.05 * attempt + random.random() * 0.05)
    raise AssertionError("unreachable")  # pragma: no cover


@contextlib.contextmanager
def worker_connection() -> Iterator[None]:
    """A connection of the calling (worker) thread's own, closed when the block ends.

    Peewee keeps one connection per thread; the app's database work runs in
    worker threads from a pool, and this keeps them from holding connections open.
    """
    db = database.obj
    if db is None:
        raise RuntimeError("no database is open")
    if not db.is_closed():  # already inside a connection on this thread
        yield
        return
    db.connect()
    try:
        yield
    finally:
        db.close()
