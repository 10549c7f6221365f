"""The coach's memory: per session, the conversation and the draft persona.

:class:`CoachMemory` is the interface (and holds the lifetime rule); locally it is
:class:`SQLiteCoachMemory`, a ``coach.sqlite3`` file in the data directory, so a
session survives a runtime restart. On AWS it is :class:`DynamoCoachMemory`: one
DynamoDB item per session (times, job id, the draft and the Strands messages as JSON,
a ``ttl`` attribute past the maximum lifetime), with the draft avatar in the blob
store (S3) under ``coach/{session_id}/avatar.png``, since an item holds at most 400 KB.
AgentCore Memory would suit the conversation alone, but the draft persona and the
lifetimes need a key-value store anyway, so one table keeps both.

Lifetimes: a session idle for longer than ``session_idle_seconds`` or older than
``session_max_seconds`` is closed (its data deleted, the id refused with 410).
"""

from __future__ import annotations

import json
import sqlite3
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from strands.types.content import Messages

from petavatar.adapters.local.sqlite_db import SQLiteBacked
from petavatar.agents.runtime import AgentLimits, lifetime_exceeded, session_expired
from petavatar.clock import Clock
from petavatar.ports.blobstore import BlobStore


@dataclass
class CoachSession:
    """What the coach remembers of one session."""

    session_id: str
    created_at: float
    last_seen: float
    job_id: str | None = None
    draft: dict[str, Any] | None = None
    avatar_png: bytes | None = None
    messages: Messages = field(default_factory=list)


def portable_messages(messages: Messages) -> Messages:
    """Strands messages reduced to role and content (what a restored agent needs)."""
    return [{"role": m["role"], "content": m["content"]} for m in messages]


class CoachMemory(ABC):
    """Sessions of the coach, with their lifetimes enforced on every touch."""

    def __init__(self, limits: AgentLimits, clock: Clock) -> None:
        self.limits = limits
        self.clock = clock

    def touch(self, session_id: str) -> None:
        """Record a use of ``session_id``; SessionExpiredError (410) once it is over."""
        now = self.clock.now()
        session = self._get(session_id)
        if session is None:
            if self._was_closed(session_id):
                raise session_expired(session_id, "it was closed")
            self._put(CoachSession(session_id, created_at=now, last_seen=now))
            return
        reason = lifetime_exceeded(self.limits, session.created_at, session.last_seen, now)
        if reason:
            self._close(session_id)
            raise session_expired(session_id, reason)
        session.last_seen = now
        self._put(session)

    def load(self, session_id: str) -> CoachSession | None:
        return self._get(session_id)

    def save(self, session: CoachSession) -> None:
        session.messages = portable_messages(session.messages)
        session.last_seen = self.clock.now()
        self._put(session)

    @abstractmethod
    def _get(self, session_id: str) -> CoachSession | None:
        """The stored session, or None."""

    @abstractmethod
    def _put(self, session: CoachSession) -> None:
        """Insert or replace the session."""

    @abstractmethod
    def _close(self, session_id: str) -> None:
        """Delete the session's data and remember that it is closed."""

    @abstractmethod
    def _was_closed(self, session_id: str) -> bool:
        """True if ``session_id`` was closed before."""

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release connections."""


def _create_schema(conn: sqlite3.Connection) -> None:
    conn.executescript(
        """
        CREATE TABLE IF NOT EXISTS coach_sessions (
            session_id TEXT PRIMARY KEY,
            created_at REAL NOT NULL,
            last_seen REAL NOT NULL,
            job_id TEXT,
            draft TEXT,
            avatar BLOB,
            messages TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS coach_closed (
            session_id TEXT PRIMARY KEY,
            closed_at REAL NOT NULL
        );
        """
    )


class SQLiteCoachMemory(SQLiteBacked, CoachMemory):
    """Coach sessions in a SQLite file (WAL; safe across threads and processes)."""

    def __init__(
        self, path: Path | str, limits: AgentLimits, clock: Clock, busy_timeout_ms: int = 30_000
    ) -> None:
        CoachMemory.__init__(self, limits, clock)
        self._open_database(path, busy_timeout_ms, _create_schema)

    def _get(self, session_id: str) -> CoachSession | None:
        row = self._db.run(
            "load coach session",
            lambda c: c.execute(
                "SELECT session_id, created_at, last_seen, job_id, draft, avatar, messages "
                "FROM coach_sessions WHERE session_id = ?",
                (session_id,),
            ).fetchone(),
        )
        if row is None:
            return None
        return CoachSession(
            session_id=row[0],
            created_at=row[1],
            last_seen=row[2],
            job_id=row[3],
            draft=json.loads(row[4]) if row[4] else None,
            avatar_png=bytes(row[5]) if row[5] is not None else None,
            messages=json.loads(row[6]),
        )

    def _put(self, session: CoachSession) -> None:
        values = (
            session.session_id,
            session.created_at,
            session.last_seen,
            session.job_id,
            json.dumps(session.draft) if session.draft is not None else None,
            session.avatar_png,
            json.dumps(session.messages),
        )
        self._db.run(
            "save coach session",
            lambda c: c.execute(
                "INSERT OR REPLACE INTO coach_sessions VALUES (?, ?, ?, ?, ?, ?, ?)", values
            ),
        )

    def _close(self, session_id: str) -> None:
        with self._db.immediate("close coach session") as conn:
            conn.execute("DELETE FROM coach_sessions WHERE session_id = ?", (session_id,))
            conn.execute(
                "INSERT OR REPLACE INTO coach_closed VALUES (?, ?)", (session_id, self.clock.now())
            )

    def _was_closed(self, session_id: str) -> bool:
        row = self._db.run(
            "check closed session",
            lambda c: c.execute(
                "SELECT 1 FROM coach_closed WHERE session_id = ?", (session_id,)
            ).fetchone(),
        )
        return row is not None

    def close(self) -> None:
        SQLiteBacked.close(self)


def coach_avatar_key(session_id: str) -> str:
    """Where :class:`DynamoCoachMemory` keeps a session's draft avatar."""
    return f"coach/{session_id}/avatar.png"


class DynamoCoachMemory(CoachMemory):
    """Coach sessions in a DynamoDB table keyed by ``session_id`` (avatars in a blob store)."""

    def __init__(
        self, client: Any, table: str, blobs: BlobStore, limits: AgentLimits, clock: Clock
    ) -> None:
        super().__init__(limits, clock)
        self.client = client
        self.table = table
        self.blobs = blobs

    def _call(self, what: str, operation: str, **kwargs: Any) -> Any:
        from petavatar.adapters.aws.errors import translated

        with translated(f"DynamoDB {what}", table=self.table):
            return getattr(self.client, operation)(TableName=self.table, **kwargs)

    def _item(self, session_id: str) -> dict[str, Any] | None:
        answer = self._call(
            "get coach session",
            "get_item",
            Key={"session_id": {"S": session_id}},
            ConsistentRead=True,
        )
        item: dict[str, Any] | None = answer.get("Item")
        return item

    def _get(self, session_id: str) -> CoachSession | None:
        item = self._item(session_id)
        if item is None or item.get("closed", {}).get("BOOL"):
            return None
        avatar = None
        if item.get("has_avatar", {}).get("BOOL"):
            avatar = self.blobs.get_bytes(coach_avatar_key(session_id))
        return CoachSession(
            session_id=session_id,
            created_at=float(item["created_at"]["N"]),
            last_seen=float(item["last_seen"]["N"]),
            job_id=item["job_id"]["S"] if "job_id" in item else None,
            draft=json.loads(item["draft"]["S"]) if "draft" in item else None,
            avatar_png=avatar,
            messages=json.loads(item["messages"]["S"]),
        )

    def _put(self, session: CoachSession) -> None:
        key = coach_avatar_key(session.session_id)
        if session.avatar_png is not None:
            self.blobs.put_bytes(key, session.avatar_png, "image/png")
        limits = self.limits
        expires = session.created_at + limits.session_max_seconds + limits.session_idle_seconds
        item: dict[str, Any] = {
            "session_id": {"S": session.session_id},
            "created_at": {"N": repr(session.created_at)},
            "last_seen": {"N": repr(session.last_seen)},
            "messages": {"S": json.dumps(session.messages)},
            "has_avatar": {"BOOL": session.avatar_png is not None},
            "ttl": {"N": str(int(expires))},
        }
        if session.job_id is not None:
            item["job_id"] = {"S": session.job_id}
        if session.draft is not None:
            item["draft"] = {"S": json.dumps(session.draft)}
        self._call("save coach session", "put_item", Item=item)

    def _close(self, session_id: str) -> None:
        now = self.clock.now()
        self._call(
            "close coach session",
            "put_item",
            Item={
                "session_id": {"S": session_id},
                "closed": {"BOOL": True},
                "closed_at": {"N": repr(now)},
                "ttl": {"N": str(int(now + self.limits.session_max_seconds))},
            },
        )
        self.blobs.delete(coach_avatar_key(session_id))

    def _was_closed(self, session_id: str) -> bool:
        item = self._item(session_id)
        return bool(item and item.get("closed", {}).get("BOOL"))
