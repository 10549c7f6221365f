"""Shared SQLite plumbing for the local adapters: per-thread connections and a mixin.

Both the job store and the queue keep their data in a SQLite file that several
threads and processes open at once; this module holds what they share.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TypeVar

from petavatar.adapters.local.private import create_private_file, make_private, private_dir
from petavatar.errors import StorageError

T = TypeVar("T")


class SQLiteConnections:
    """One connection per (process, thread) to a database file, opened lazily.

    WAL lets readers run beside a writer; ``busy_timeout`` makes a writer wait for the lock
    instead of failing at once. Connections are in autocommit mode (``isolation_level=None``)
    so transactions are explicit (``BEGIN IMMEDIATE`` where a read-then-write must be atomic).
    """

    def __init__(self, path: Path | str, busy_timeout_ms: int = 30_000) -> None:
        self.path = Path(path)
        self.busy_timeout_ms = busy_timeout_ms
        self._local = threading.local()
        self._lock = threading.Lock()
        self._all: list[sqlite3.Connection] = []
        try:
            private_dir(self.path.parent)
            if not self.path.exists():
                with contextlib.suppress(FileExistsError):
                    os.close(create_private_file(self.path))
            make_private(self.path)
        except OSError as exc:
            raise StorageError(f"Cannot create folder for database {self.path}: {exc}") from exc

    def get(self) -> sqlite3.Connection:
        """This thread's connection (a fresh one after a fork)."""
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is not None and getattr(self._local, "pid", None) == os.getpid():
            return conn
        try:
            conn = sqlite3.connect(
                self.path,
                timeout=self.busy_timeout_ms / 1000,
                isolation_level=None,
                check_same_thread=False,
            )
            conn.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout_ms)}")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
        except sqlite3.Error as exc:
            raise StorageError(f"Cannot open database {self.path}: {exc}") from exc
        self._local.conn = conn
        self._local.pid = os.getpid()
        with self._lock:
            self._all.append(conn)
        return conn

    def run(self, what: str, fn: Callable[[sqlite3.Connection], T]) -> T:
        """Run ``fn`` with this thread's connection, translating sqlite3 errors."""
        try:
            return fn(self.get())
        except sqlite3.Error as exc:
            raise StorageError(
                f"Database error during {what}: {exc}", database=str(self.path)
            ) from exc

    @contextmanager
    def immediate(self, what: str) -> Iterator[sqlite3.Connection]:
        """A ``BEGIN IMMEDIATE`` transaction (takes the write lock up front)."""
        conn = self.get()
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise StorageError(
                f"Database busy during {what}: {exc}", database=str(self.path)
            ) from exc
        try:
            yield conn
        except BaseException as exc:
            with suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):
                raise StorageError(
                    f"Database error during {what}: {exc}", database=str(self.path)
                ) from exc
            raise
        else:
            try:
                conn.execute("COMMIT")
            except sqlite3.Error as exc:
                with suppress(sqlite3.Error):
                    conn.execute("ROLLBACK")
                raise StorageError(
                    f"Database error committing {what}: {exc}", database=str(self.path)
                ) from exc

    def close(self) -> None:
        """Close every connection this object opened (in this process)."""
        with self._lock:
            conns, self._all = self._all, []
        for conn in conns:
            with suppress(sqlite3.Error):
                conn.close()
        self._local = threading.local()


class SQLiteBacked:
    """Mixin for adapters whose state lives in one SQLite file (never ``:memory:``:
    connections are per thread and the file is shared across processes)."""

    _db: SQLiteConnections

    def _open_database(
        self,
        path: Path | str,
        busy_timeout_ms: int,
        create_schema: Callable[[sqlite3.Connection], None],
    ) -> None:
        if str(path) == ":memory:":
            raise ValueError(f"{type(self).__name__} needs a file path, not ':memory:'")
        self._db = SQLiteConnections(path, busy_timeout_ms)
        self._db.run("schema setup", create_schema)

    @property
    def path(self) -> Path:
        """The database file."""
        return self._db.path

    def close(self) -> None:
        """Close the database connections."""
        self._db.close()
