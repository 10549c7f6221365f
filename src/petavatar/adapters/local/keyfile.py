"""Key store in a JSON file (``api_keys.json`` in the data directory, mode 0600).

The file is written atomically (temp file + rename) and re-read whenever its inode,
modification time or size changes (mtime alone is too coarse on some file systems), so
``petavatar keys revoke`` takes effect on a running server at its next request
(``max_staleness_seconds`` = 0).
"""

from __future__ import annotations

import copy
import json
import os
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

from petavatar.clock import Clock
from petavatar.errors import StorageError
from petavatar.observability.logs import get_logger, log_error
from petavatar.ports.keystore import KEY_RECORDS_VERSION, KeyRecords, KeyStore

KEY_FILE_NAME = "api_keys.json"

_log = get_logger("auth")


class FileKeyStore(KeyStore):
    """Hashed API keys in a JSON file, safe for one writer process and many readers."""

    def __init__(self, path: Path, *, clock: Clock | None = None) -> None:
        super().__init__(clock)
        self.path = Path(path)
        self._lock = threading.Lock()
        self._cache_stamp: tuple[int, int, int] | None = None
        self._cache: KeyRecords = []

    @classmethod
    def in_data_dir(cls, data_dir: Path, *, clock: Clock | None = None) -> FileKeyStore:
        """The store kept at ``<data_dir>/api_keys.json``."""
        return cls(Path(data_dir) / KEY_FILE_NAME, clock=clock)

    def _load(self) -> KeyRecords:
        with self._lock:
            return self._read()

    def _read(self) -> KeyRecords:
        """The records, re-read only when the file changed (call with the lock held)."""
        try:
            info = self.path.stat()
        except FileNotFoundError:
            self._cache_stamp, self._cache = None, []
            return []
        stamp = (info.st_ino, info.st_mtime_ns, info.st_size)
        if stamp != self._cache_stamp:
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                log_error(_log, "load_keys", exc, path=str(self.path))
                raise StorageError(f"cannot read API key file {self.path}: {exc}") from exc
            self._cache = list(data.get("keys", []))
            self._cache_stamp = stamp
        return self._cache

    def _update(self, mutate: Callable[[KeyRecords], KeyRecords | None]) -> None:
        with self._lock:
            self._cache_stamp = None
            records = mutate(copy.deepcopy(self._read()))
            if records is not None:
                self._save(records)

    def _save(self, records: KeyRecords) -> None:
        """Write the records atomically (temp file + rename), readable by the owner only."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        payload = json.dumps(
            {"version": KEY_RECORDS_VERSION, "keys": records}, indent=2, sort_keys=True
        )
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
        self._cache_stamp = None


__all__ = ["KEY_FILE_NAME", "FileKeyStore"]
