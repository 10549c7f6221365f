"""The key store port: API keys kept hashed, checked in constant time, revocable.

A key looks like ``pa_<key_id>_<secret>``. Only its SHA-256 digest is stored: the plain key
is returned once by :meth:`KeyStore.create` and never again. Keys carry 256 bits of
randomness, so a fast hash is the right tool (a slow KDF protects low-entropy passwords,
not random tokens) and keeps per-request checks cheap.

:meth:`KeyStore.verify` compares the digest of the presented key against *every* stored
digest with :func:`hmac.compare_digest`, without early exit, so neither the content nor
the position of a key leaks through timing.

The base class holds all of that; an adapter stores the list of key records (a JSON file
locally, one secret in AWS Secrets Manager) through two storage methods whose contracts
are written below. ``max_staleness_seconds`` says how long a change made through another
instance (``petavatar keys revoke`` in another process) may take to be seen by this one.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final

from petavatar.clock import Clock, SystemClock, iso_utc
from petavatar.errors import AuthenticationError, NotFoundError
from petavatar.observability.logs import get_logger

KEY_PREFIX: Final = "pa_"
KEY_RECORDS_VERSION: Final = 1
_MAX_PRESENTED_LENGTH: Final = 256

_log = get_logger("auth")

KeyRecords = list[dict[str, Any]]
"""Stored records: ``{key_id, label, sha256, created_at, revoked, revoked_at}`` (and any
field a later version adds; adapters keep records as they are)."""


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


class KeyStore(ABC):
    """Port for API keys. Public methods hold the logic; adapters implement ``_`` methods."""

    #: Upper bound, in seconds, on how long this instance may keep answering from records
    #: older than the latest write made elsewhere (0: every call sees the latest write).
    max_staleness_seconds: float = 0.0

    def __init__(self, clock: Clock | None = None) -> None:
        self.clock: Clock = clock or SystemClock()
        # A fixed decoy digest so verify() does the same work when no key exists.
        self._decoy = hash_key(secrets.token_urlsafe(32))

    # ------------------------------------------------------------------ public API

    def create(self, label: str = "") -> tuple[str, str]:
        """Create a key; returns ``(key_id, plain_key)``. The plain key is not stored."""
        key_id = secrets.token_hex(6)
        plain = f"{KEY_PREFIX}{key_id}_{secrets.token_urlsafe(32)}"
        record = {
            "key_id": key_id,
            "label": label,
            "sha256": hash_key(plain),
            "created_at": iso_utc(self.clock.now()),
            "revoked": False,
            "revoked_at": None,
        }
        self._update(lambda records: [*records, record])
        _log.info("api key created", operation="create_key", key_id=key_id, label=label)
        return key_id, plain

    def list(self) -> list[ApiKeyInfo]:
        """Every key ever created (revoked ones included), oldest first."""
        return [
            ApiKeyInfo(
                key_id=str(r["key_id"]),
                label=str(r.get("label", "")),
                created_at=str(r.get("created_at", "")),
                revoked=bool(r.get("revoked")),
                revoked_at=r.get("revoked_at"),
            )
            for r in self._load()
        ]

    def active_count(self) -> int:
        """How many keys can still authenticate."""
        return sum(1 for info in self.list() if not info.revoked)

    def revoke(self, key_id: str) -> None:
        """Revoke a key so it no longer authenticates. Raises NotFoundError if unknown."""

        def mutate(records: KeyRecords) -> KeyRecords | None:
            for record in records:
                if record.get("key_id") == key_id:
                    if record.get("revoked"):
                        return None
                    record["revoked"] = True
                    record["revoked_at"] = iso_utc(self.clock.now())
                    return records
            raise NotFoundError(f"no API key with id {key_id!r}")

        self._update(mutate)
        _log.info("api key revoked", operation="revoke_key", key_id=key_id)

    def verify(self, presented: str | None) -> str:
        """The key id of a valid, unrevoked key; AuthenticationError (401) for anything else."""
        if not presented:
            raise AuthenticationError("missing API key: send it in the x-api-key header")
        candidate = hash_key(presented[:_MAX_PRESENTED_LENGTH])
        matched = self._match(candidate, self._load())
        if matched is None:
            newer = self._reload_on_miss()
            if newer is not None:
                matched = self._match(candidate, newer)
        if matched is None or len(presented) > _MAX_PRESENTED_LENGTH:
            raise AuthenticationError("invalid API key")
        return matched

    def _match(self, candidate: str, records: KeyRecords) -> str | None:
        """The id of the unrevoked record with digest ``candidate``, comparing every digest
        (and a decoy) without early exit."""
        matched: str | None = None
        for record in records:
            equal = hmac.compare_digest(candidate, str(record.get("sha256", "")))
            if equal and not record.get("revoked"):
                matched = str(record["key_id"])
        hmac.compare_digest(candidate, self._decoy)
        return matched

    def _reload_on_miss(self) -> KeyRecords | None:
        """Fresher records after an unknown key, so a key created elsewhere works at once.

        ``None`` (the default) when the adapter's ``_load`` is never stale. A caching
        adapter re-reads here, at most once a second, so unknown keys cannot make it call
        its backend more often than that.
        """
        return None

    # ------------------------------------------------------------------ storage contract

    @abstractmethod
    def _load(self) -> KeyRecords:
        """The stored records, oldest first; ``[]`` when nothing is stored yet.

        May answer from a cache, but never from one older than ``max_staleness_seconds``
        (by ``self.clock``) relative to a write made through another instance, and always
        reflects this instance's own writes. Callers must not mutate the returned list.
        Vendor/OS errors become :class:`~petavatar.errors.StorageError`.
        """

    @abstractmethod
    def _update(self, mutate: Callable[[KeyRecords], KeyRecords | None]) -> None:
        """Read the latest records (bypassing any cache), apply ``mutate`` to a copy and store
        its result atomically (readers see the old or the new list, never a mix).

        ``mutate`` returning ``None`` means "no change" (nothing is written); an exception
        from it propagates and nothing is written. Writers in this process are serialised;
        across processes the last writer wins (keys are managed by an operator's CLI).
        Vendor/OS errors become :class:`~petavatar.errors.StorageError`.
        """


__all__ = ["KEY_PREFIX", "ApiKeyInfo", "KeyRecords", "KeyStore", "hash_key"]
