"""Key store in one AWS Secrets Manager secret (hashed keys only, as JSON).

The secret's ``SecretString`` is ``{"version": 1, "keys": [...]}``, the same records the
local key file holds: SHA-256 digests, never plain keys. Reads are cached in the process
for ``cache_seconds`` (default 30 s, by the injected clock), so a revocation made by
``petavatar keys revoke --backend aws`` is refused by every running server within
``cache_seconds`` (plus one request's latency); this instance's own writes are seen at
once. A key created elsewhere works at once: an unknown key triggers a re-read, at most
once per ``MISS_RELOAD_SECONDS``. A per-request secret read would cost a Secrets Manager
call (and money) per request.

Writes (``PutSecretValue``) read the latest version first; Secrets Manager has no
conditional write, so two operators changing keys at the same instant: last writer wins.
"""

from __future__ import annotations

import copy
import json
import threading
from collections.abc import Callable
from typing import Any, Final

from petavatar.adapters.aws.errors import translated
from petavatar.clock import Clock
from petavatar.errors import NotFoundError, StorageError
from petavatar.ports.keystore import KEY_RECORDS_VERSION, KeyRecords, KeyStore

DEFAULT_CACHE_SECONDS: Final = 30.0
MISS_RELOAD_SECONDS: Final = 1.0


MIN_WEBHOOK_KEY_BYTES: Final = 16


class SecretsKeyStore(KeyStore):
    """Hashed API keys in the secret ``secret_id`` (name or ARN)."""

    def __init__(
        self,
        client: Any,
        secret_id: str,
        *,
        clock: Clock | None = None,
        cache_seconds: float = DEFAULT_CACHE_SECONDS,
    ) -> None:
        super().__init__(clock)
        if cache_seconds < 0:
            raise ValueError("cache_seconds must be non-negative")
        self.client = client
        self.secret_id = secret_id
        self.max_staleness_seconds = cache_seconds
        self._lock = threading.Lock()
        self._cache: KeyRecords | None = None
        self._loaded_at = 0.0

    def _fetch(self) -> KeyRecords:
        try:
            with translated("Secrets Manager read", secret=self.secret_id):
                response = self.client.get_secret_value(SecretId=self.secret_id)
        except NotFoundError as exc:
            raise StorageError(
                f"API key secret {self.secret_id!r} not found: run `petavatar aws provision` "
                "for this stage first",
                secret=self.secret_id,
            ) from exc
        try:
            data = json.loads(response.get("SecretString") or "{}")
        except ValueError as exc:
            raise StorageError(f"API key secret {self.secret_id!r} is not JSON") from exc
        return list(data.get("keys", [])) if isinstance(data, dict) else []

    def _load(self) -> KeyRecords:
        with self._lock:
            now = self.clock.now()
            if self._cache is None or now - self._loaded_at >= self.max_staleness_seconds:
                self._cache = self._fetch()
                self._loaded_at = now
            return self._cache

    def _reload_on_miss(self) -> KeyRecords | None:
        with self._lock:
            now = self.clock.now()
            if self._cache is not None and now - self._loaded_at < MISS_RELOAD_SECONDS:
                return None
            self._cache = self._fetch()
            self._loaded_at = now
            return self._cache

    def _update(self, mutate: Callable[[KeyRecords], KeyRecords | None]) -> None:
        with self._lock:
            current = self._fetch()
            records = mutate(copy.deepcopy(current))
            if records is None:
                self._cache, self._loaded_at = current, self.clock.now()
                return
            payload = json.dumps({"version": KEY_RECORDS_VERSION, "keys": records})
            with translated("Secrets Manager write", secret=self.secret_id):
                self.client.put_secret_value(SecretId=self.secret_id, SecretString=payload)
            self._cache, self._loaded_at = records, self.clock.now()


__all__ = ["DEFAULT_CACHE_SECONDS", "SecretsKeyStore"]


def read_webhook_secret(client: Any, secret_id: str) -> bytes:
    """The webhook HMAC key: the secret's string value is its hex spelling (as locally)."""
    try:
        with translated("Secrets Manager read", secret=secret_id):
            response = client.get_secret_value(SecretId=secret_id)
    except NotFoundError as exc:
        raise StorageError(
            f"webhook secret {secret_id!r} not found: run `petavatar aws provision` "
            "for this stage first",
            secret=secret_id,
        ) from exc
    try:
        key = bytes.fromhex(str(response.get("SecretString") or ""))
    except ValueError:
        key = b""
    if len(key) < MIN_WEBHOOK_KEY_BYTES:
        raise StorageError(
            f"webhook secret {secret_id!r} must hold at least {MIN_WEBHOOK_KEY_BYTES} bytes "
            "as hex (for example the output of `openssl rand -hex 32`)",
            secret=secret_id,
        )
    return key
