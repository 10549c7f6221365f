"""A durable job queue on SQLite with SQS semantics, safe across threads and processes.

Why not a library: ``litequeue`` and ``persist-queue`` (the maintained SQLite queues) have
ack/lock states but no visibility timeout that expires by itself, no receive count, no
dead-letter queue and no receipt handles; they also read ``time.time()`` directly, so expiry
cannot be driven by an injected clock. This module is the ~150 lines those would need.

One table holds the live and the dead messages of one or more named queues. A receive runs
in ``BEGIN IMMEDIATE`` (the database write lock), dead-letters what is due, then gives each
delivered message a new random receipt handle, ``receive_count + 1`` and a new
``visible_at``. Two worker processes on the same file therefore never get the same message
within one visibility window.
"""

from __future__ import annotations

import secrets
import sqlite3
import uuid
from pathlib import Path

from petavatar.adapters.local.sqlite_db import SQLiteBacked
from petavatar.clock import Clock
from petavatar.ports.jobqueue import (
    DEFAULT_MAX_RECEIVES,
    DEFAULT_VISIBILITY_TIMEOUT,
    JobQueue,
    QueueCounts,
    RawMessage,
)


class SQLiteJobQueue(SQLiteBacked, JobQueue):
    """:class:`JobQueue` on a SQLite file; ``name`` separates several queues in one file."""

    def __init__(
        self,
        path: Path | str,
        clock: Clock | None = None,
        visibility_timeout: float = DEFAULT_VISIBILITY_TIMEOUT,
        max_receives: int = DEFAULT_MAX_RECEIVES,
        *,
        name: str = "jobs",
        busy_timeout_ms: int = 30_000,
    ) -> None:
        super().__init__(clock, visibility_timeout, max_receives)
        self.name = name
        self._open_database(path, busy_timeout_ms, self._create_schema)

    @staticmethod
    def _create_schema(conn: sqlite3.Connection) -> None:
        conn.executescript(
            """
            CREATE TABLE IF NOT EXISTS queue_messages (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                queue TEXT NOT NULL,
                message_id TEXT NOT NULL UNIQUE,
                body TEXT NOT NULL,
                sent_at REAL NOT NULL,
                visible_at REAL NOT NULL,
                receive_count INTEGER NOT NULL DEFAULT 0,
                receipt_handle TEXT UNIQUE,
                dead INTEGER NOT NULL DEFAULT 0,
                dead_at REAL
            );
            CREATE INDEX IF NOT EXISTS queue_messages_ready
                ON queue_messages (queue, dead, visible_at);
            """
        )

    # ------------------------------------------------------------------ storage methods

    def _append(self, body: str, now: float) -> str:
        message_id = str(uuid.uuid4())
        sql = (
            "INSERT INTO queue_messages (queue, message_id, body, sent_at, visible_at) "
            "VALUES (?, ?, ?, ?, ?)"
        )
        self._db.run("send", lambda c: c.execute(sql, (self.name, message_id, body, now, now)))
        return message_id

    def _claim_visible(
        self, now: float, limit: int, visibility_timeout: float, max_receives: int
    ) -> tuple[list[RawMessage], int]:
        delivered: list[RawMessage] = []
        with self._db.immediate("receive") as conn:
            moved = conn.execute(
                "UPDATE queue_messages SET dead = 1, dead_at = ?, receipt_handle = NULL "
                "WHERE queue = ? AND dead = 0 AND visible_at <= ? AND receive_count >= ?",
                (now, self.name, now, max_receives),
            ).rowcount
            rows = conn.execute(
                "SELECT seq, message_id, body, receive_count FROM queue_messages "
                "WHERE queue = ? AND dead = 0 AND visible_at <= ? ORDER BY seq LIMIT ?",
                (self.name, now, limit),
            ).fetchall()
            for seq, message_id, body, receive_count in rows:
                handle = f"{message_id}:{secrets.token_urlsafe(18)}"
                conn.execute(
                    "UPDATE queue_messages SET receipt_handle = ?, visible_at = ?, "
                    "receive_count = receive_count + 1 WHERE seq = ?",
                    (handle, now + visibility_timeout, seq),
                )
                delivered.append(RawMessage(str(body), handle, int(receive_count) + 1, message_id))
        return delivered, moved

    def _delete(self, receipt_handle: str) -> bool:
        sql = "DELETE FROM queue_messages WHERE queue = ? AND dead = 0 AND receipt_handle = ?"
        return self._db.run(
            "delete message", lambda c: c.execute(sql, (self.name, receipt_handle)).rowcount == 1
        )

    def _set_visibility(self, receipt_handle: str, now: float, timeout: float) -> bool:
        sql = (
            "UPDATE queue_messages SET visible_at = ? "
            "WHERE queue = ? AND dead = 0 AND receipt_handle = ? AND visible_at > ?"
        )
        params = (now + timeout, self.name, receipt_handle, now)
        return self._db.run("change visibility", lambda c: c.execute(sql, params).rowcount == 1)

    def _counts(self, now: float) -> QueueCounts:
        sql = (
            "SELECT "
            "COALESCE(SUM(dead = 0 AND visible_at <= ?), 0), "
            "COALESCE(SUM(dead = 0 AND visible_at > ?), 0), "
            "COALESCE(SUM(dead = 1), 0) "
            "FROM queue_messages WHERE queue = ?"
        )
        row = self._db.run("count", lambda c: c.execute(sql, (now, now, self.name)).fetchone())
        return QueueCounts(visible=int(row[0]), in_flight=int(row[1]), dead=int(row[2]))

    def _dead_letters(self, limit: int) -> list[str]:
        sql = (
            "SELECT body FROM queue_messages WHERE queue = ? AND dead = 1 "
            "ORDER BY dead_at, seq LIMIT ?"
        )
        rows = self._db.run(
            "list dead letters", lambda c: c.execute(sql, (self.name, limit)).fetchall()
        )
        return [str(row[0]) for row in rows]

    def _ping(self) -> None:
        self._db.run("ping", lambda c: c.execute("SELECT 1").fetchone())

    def _redrive(self, now: float, limit: int) -> list[str]:
        with self._db.immediate("redrive dead letters") as conn:
            rows = conn.execute(
                "SELECT seq, body FROM queue_messages WHERE queue = ? AND dead = 1 "
                "ORDER BY dead_at, seq LIMIT ?",
                (self.name, limit),
            ).fetchall()
            conn.executemany(
                "UPDATE queue_messages SET dead = 0, dead_at = NULL, receive_count = 0, "
                "visible_at = ?, receipt_handle = NULL WHERE seq = ?",
                [(now, row[0]) for row in rows],
            )
        return [str(row[1]) for row in rows]


__all__ = ["SQLiteJobQueue"]
