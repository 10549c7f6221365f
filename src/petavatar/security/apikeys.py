"""API keys, stored hashed at rest and checked in constant time.

A key looks like ``pa_<key_id>_<secret>``. Only its SHA-256 digest is kept on
disk (``api_keys.json`` in the data directory, mode 0600): the plain key is
returned once by :meth:`ApiKeyStore.create` and never again. Keys carry 256 bits
of randomness, so a fast hash is the right tool here (a slow KDF protects
low-entropy passwords, not random tokens) and keeps per-request checks cheap.

:meth:`ApiKeyStore.verify` compares the digest of the presented key against
*every* active digest with :func:`hmac.compare_digest`, without early exit, so
neither the content nor the position of a key leaks through timing.

The file is re-read when its modification time changes, so ``petavatar keys
revoke`` takes effect on a running server without a restart. The modification
time itself is checked at most once per :data:`RECHECK_SECONDS` (on the injected
clock), not on every request: a key created or revoked by another process is
seen within that bound; this process's own changes are seen at once.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from petavatar.clock import Clock, SystemClock, iso_utc
from petavatar.errors import AuthenticationError, NotFoundError, StorageError
from petavatar.observability.logs import get_logger, log_error

KEY_PREFIX = "pa_"
KEY_FILE_NAME = "api_keys.json"
_MAX_PRESENTED_LENGTH = 256
RECHECK_SECONDS = 1.0
"""Longest time a change made by another process (a revoke) goes unnoticed."""

_log = get_logger("auth")


@dataclass(frozen=True)
class ApiKeyInfo:
    """What is known about a key without the key itself."""

    key_id: str
    label: str
    created_at: str
    revoked: bool
    revoked_at: str | None = None


def hash_key(plain_key: str) -> str:
    """The hex SHA-256 digest stored for a key."""
    return hashlib.sha256(plain_key.encode("utf-8")).hexdigest()


class ApiKeyStore:
    """Hashed API keys in a JSON file, safe for one writer process and many readers."""

    def __init__(self, path: Path, *, clock: Clock | None = None) -> None:
        self.path = Path(path)
        self._clock = clock or SystemClock()
        self._lock = threading.Lock()
        self._cache_mtime: int | None = None
        self._checked_at: float | None = None
        self._cache: list[dict[str, Any]] = []
        # A fixed decoy digest so verify() does the same work when no key exists.
        self._decoy = hash_key(secrets.token_urlsafe(32))

    @classmethod
    def in_data_dir(cls, data_dir: Path, *, clock: Clock | None = None) -> ApiKeyStore:
        """The store kept at ``<data_dir>/api_keys.json``."""
        return cls(Path(data_dir) / KEY_FILE_NAME, clock=clock)

    # -- file access -------------------------------------------------------

    def _load(self) -> list[dict[str, Any]]:
        """The key records, re-read only when the file changed (checked once a second)."""
        now = self._clock.monotonic()
        if self._checked_at is not None and 0 <= now - self._checked_at < RECHECK_SECONDS:
            return self._cache
        try:
            mtime = self.path.stat().st_mtime_ns
        except FileNotFoundError:
            self._cache_mtime, self._cache, self._checked_at = None, [], now
            return []
        if mtime != self._cache_mtime:
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                log_error(_log, "load_keys", exc, path=str(self.path))
                raise StorageError(f"cannot read API key file {self.path}: {exc}") from exc
            self._cache = list(data.get("keys", []))
            self._cache_mtime = mtime
        self._checked_at = now
        return self._cache

    def _save(self, records: list[dict[str, Any]]) -> None:
        """Write the records atomically (temp file + rename), readable by the owner only."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        payload = json.dumps({"version": 1, "keys": records}, indent=2, sort_keys=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".api_keys.", suffix=".tmp")
        try:
            os.fchmod(fd, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(payload)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, self.path)
        except OSError as exc:
            Path(tmp).unlink(missing_ok=True)
            log_error(_log, "save_keys", exc, path=str(self.path))
            raise StorageError(f"cannot write API key file {self.path}: {exc}") from exc
        self._cache_mtime = self._checked_at = None

    # -- public API --------------------------------------------------------

    def create(self, label: str = "") -> tuple[str, str]:
        """Create a key; returns ``(key_id, plain_key)``. The plain key is not stored."""
        key_id = secrets.token_hex(6)
        plain = f"{KEY_PREFIX}{key_id}_{secrets.token_urlsafe(32)}"
        with self._lock:
            records = list(self._load())
            records.append(
                {
                    "key_id": key_id,
                    "label": label,
                    "sha256": hash_key(plain),
                    "created_at": iso_utc(self._clock.now()),
                    "revoked": False,
                    "revoked_at": None,
                }
            )
            self._save(records)
        _log.info("api key created", operation="create_key", key_id=key_id, label=label)
        return key_id, plain

    def list(self) -> list[ApiKeyInfo]:
        """Every key ever created (revoked ones included), oldest first."""
        with self._lock:
            records = self._load()
        return [
            ApiKeyInfo(
                key_id=r["key_id"],
                label=r.get("label", ""),
                created_at=r.get("created_at", ""),
                revoked=bool(r.get("revoked")),
                revoked_at=r.get("revoked_at"),
            )
            for r in records
        ]

    def active_count(self) -> int:
        """How many keys can still authenticate."""
        return sum(1 for info in self.list() if not info.revoked)

    def revoke(self, key_id: str) -> None:
        """Revoke a key so it no longer authenticates. Raises NotFoundError if unknown."""
        with self._lock:
            records = [dict(r) for r in self._load()]
            for record in records:
                if record["key_id"] == key_id:
                    if not record.get("revoked"):
                        record["revoked"] = True
                        record["revoked_at"] = iso_utc(self._clock.now())
                        self._save(records)
                    break
            else:
                raise NotFoundError(f"no API key with id {key_id!r}")
        _log.info("api key revoked", operation="revoke_key", key_id=key_id)

    def verify(self, presented: str | None) -> str:
        """The key id of a valid, unrevoked key; AuthenticationError (401) for anything else."""
        if not presented:
            raise AuthenticationError("missing API key: send it in the x-api-key header")
        candidate = hash_key(presented[:_MAX_PRESENTED_LENGTH])
        with self._lock:
            records = self._load()
        matched: str | None = None
        # Compare against every digest (and a decoy) without early exit.
        for record in records:
            equal = hmac.compare_digest(candidate, str(record.get("sha256", "")))
            if equal and not record.get("revoked"):
                matched = str(record["key_id"])
        hmac.compare_digest(candidate, self._decoy)
        if matched is None or len(presented) > _MAX_PRESENTED_LENGTH:
            raise AuthenticationError("invalid API key")
        return matched
