"""Job store on SQLite: one row per job, JSON columns, compare-and-set as one UPDATE.

Safe across threads (one connection per thread) and processes (WAL journal, busy timeout;
every write is a single statement, so SQLite's file lock makes it atomic).
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any, TypeVar

from petavatar.adapters.local.sqlite_db import SQLiteBacked
from petavatar.clock import Clock
from petavatar.errors import StorageError
from petavatar.ports.jobstore import JOB_TTL_SECONDS, JSON_FIELDS, JobRecord, JobStore

T = TypeVar("T")

_COLUMNS: tuple[str, ...] = tuple(JobRecord.model_fields)
_NON_TEXT_TYPES: dict[str, str] = {
    "job_id": "TEXT PRIMARY KEY",
    "status": "TEXT NOT NULL",
    "created_at": "REAL NOT NULL DEFAULT 0",
    "updated_at": "REAL NOT NULL DEFAULT 0",
    "progress": "INTEGER NOT NULL DEFAULT 0",
    "attempts": "INTEGER NOT NULL DEFAULT 0",
    "requeues": "INTEGER NOT NULL DEFAULT 0",
    "ttl": "INTEGER NOT NULL DEFAULT 0",
}
_COLUMN_TYPES: dict[str, str] = {name: _NON_TEXT_TYPES.get(name, "TEXT") for name in _COLUMNS}
"""SQL column per :class:`JobRecord` field; JSON fields are stored as TEXT."""
_SUMMARY_COLUMNS: tuple[str, ...] = tuple(c for c in _COLUMNS if c not in JSON_FIELDS)


class SQLiteJobStore(SQLiteBacked, JobStore):
    """:class:`JobStore` on a SQLite file (``path`` must be a file, not ``:memory:``)."""

    def __init__(
        self,
        path: Path | str,
        clock: Clock | None = None,
        ttl_seconds: int = JOB_TTL_SECONDS,
        *,
        busy_timeout_ms: int = 30_000,
    ) -> None:
        super().__init__(clock, ttl_seconds)
        self._open_database(path, busy_timeout_ms, self._create_schema)

    @staticmethod
    def _create_schema(conn: sqlite3.Connection) -> None:
        columns = ",\n".join(f"{name} {kind}" for name, kind in _COLUMN_TYPES.items())
        conn.execute(f"CREATE TABLE IF NOT EXISTS jobs ({columns})")
        present = {row[1] for row in conn.execute("PRAGMA table_info(jobs)")}
        for name, kind in _COLUMN_TYPES.items():
            if name not in present:  # a data dir from an earlier version
                conn.execute(f"ALTER TABLE jobs ADD COLUMN {name} {kind}")
        conn.execute("CREATE INDEX IF NOT EXISTS jobs_ttl ON jobs (ttl)")
        conn.execute("CREATE INDEX IF NOT EXISTS jobs_status ON jobs (status, updated_at)")

    # ------------------------------------------------------------------ conversions

    @staticmethod
    def _to_db(name: str, value: Any) -> Any:
        if name in JSON_FIELDS and value is not None:
            return json.dumps(value, sort_keys=True, separators=(",", ":"))
        return value

    @staticmethod
    def _from_row(row: tuple[Any, ...], columns: tuple[str, ...] = _COLUMNS) -> JobRecord:
        data = dict(zip(columns, row, strict=True))
        for name in JSON_FIELDS:
            if data.get(name) is not None:
                data[name] = json.loads(data[name])
        return JobRecord.model_validate(data)

    # ------------------------------------------------------------------ storage methods

    def _insert_if_absent(self, record: JobRecord) -> bool:
        values = [self._to_db(name, getattr(record, name)) for name in _COLUMNS]
        sql = (
            f"INSERT INTO jobs ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' * len(_COLUMNS))}) "
            "ON CONFLICT(job_id) DO NOTHING"
        )
        return self._db.run("insert job", lambda c: c.execute(sql, values).rowcount == 1)

    def _get(self, job_id: str) -> JobRecord | None:
        sql = f"SELECT {', '.join(_COLUMNS)} FROM jobs WHERE job_id = ?"
        row = self._db.run("get job", lambda c: c.execute(sql, (job_id,)).fetchone())
        return None if row is None else self._from_row(row)

    def _compare_and_set(
        self, job_id: str, expected: dict[str, Any], changes: dict[str, Any]
    ) -> bool:
        if not changes:
            return False
        for name in (*expected, *changes):
            if name not in _COLUMNS:
                raise StorageError(f"Unknown job field {name!r}")
        set_sql = ", ".join(f"{name} = ?" for name in changes)
        where_sql = "".join(f" AND {name} IS ?" for name in expected)
        sql = f"UPDATE jobs SET {set_sql} WHERE job_id = ?{where_sql}"
        params = [self._to_db(n, v) for n, v in changes.items()]
        params.append(job_id)
        params.extend(expected.values())
        return self._db.run("update job", lambda c: c.execute(sql, params).rowcount == 1)

    def _delete(self, job_id: str) -> None:
        self._db.run(
            "delete job", lambda c: c.execute("DELETE FROM jobs WHERE job_id = ?", (job_id,))
        )

    def _expired_ids(self, now: float, limit: int) -> list[str]:
        sql = "SELECT job_id FROM jobs WHERE ttl <= ? ORDER BY ttl LIMIT ?"
        rows = self._db.run("list expired jobs", lambda c: c.execute(sql, (now, limit)).fetchall())
        return [str(row[0]) for row in rows]

    def _ping(self) -> None:
        self._db.run("ping", lambda c: c.execute("SELECT 1").fetchone())

    def _scan(
        self, statuses: frozenset[str], updated_before: float | None, limit: int
    ) -> list[JobRecord]:
        marks = ", ".join("?" * len(statuses))
        sql = f"SELECT {', '.join(_COLUMNS)} FROM jobs WHERE status IN ({marks})"
        params: list[Any] = sorted(statuses)
        if updated_before is not None:
            sql += " AND updated_at < ?"
            params.append(updated_before)
        sql += " ORDER BY created_at DESC LIMIT ?"
        params.append(limit)
        rows = self._db.run("scan jobs", lambda c: c.execute(sql, params).fetchall())
        return [self._from_row(row) for row in rows]

    def _get_summary(self, job_id: str) -> JobRecord | None:
        sql = f"SELECT {', '.join(_SUMMARY_COLUMNS)} FROM jobs WHERE job_id = ?"
        row = self._db.run("get job status", lambda c: c.execute(sql, (job_id,)).fetchone())
        return None if row is None else self._from_row(row, _SUMMARY_COLUMNS)


__all__ = ["SQLiteJobStore"]
