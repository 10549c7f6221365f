"""Blob store on the local file system, with S3-style signed URLs served by our HTTP layer.

Layout: the object ``key`` lives at ``root/bucket/key``; its content type is kept in a
sidecar ``.petavatar-meta-<name>.json`` next to it. Writes go to a temp file in the same
directory and are moved into place with :func:`os.replace`, so readers see the old or the
new object, never a partial one. Names starting with ``.petavatar-`` are reserved and
refused as key segments.

Durability: a write is *durable* when it survives a power loss once the call has
returned: its data is fsynced before the rename and its folder after it. Which keys
need that is the composition root's choice (``durable_prefixes``; every key when
none is given). ``petavatar serve`` makes the photo (``uploads/``: the only copy of
the user's data, acknowledged to the client) and the presign ticket (``meta/``: the
job's owner, on which tenant isolation rests) durable. Generated outputs
(``generated/``: avatar, report card) are not fsynced: they are re-created from the
original, and still atomic (temp file + rename), so no reader ever sees half a file
while the system runs; after an operating-system crash or power loss a recent one
may be missing — resubmit the photo. (The job store's WAL with
``synchronous=NORMAL`` makes the same trade: a power loss may undo the last
commits, never corrupt them.) fsync on every blob write was about a quarter of the
server's busy time per job.

Differences from S3 (because keys are paths): a key cannot be both an object and a "folder"
(``a`` and ``a/b``); that raises :class:`ConflictError`.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO
from urllib.parse import quote, urlencode

from petavatar.adapters.local.private import create_private_file, private_dir
from petavatar.clock import Clock
from petavatar.errors import ConflictError, InvalidInputError, NotFoundError, StorageError
from petavatar.ports.blobstore import BlobInfo, BlobStore, PresignedPost
from petavatar.security.signing import UrlSigner

RESERVED_PREFIX = ".petavatar-"
_META_PREFIX = RESERVED_PREFIX + "meta-"
_TMP_PREFIX = RESERVED_PREFIX + "tmp-"
_DEFAULT_CONTENT_TYPE = "application/octet-stream"


def _copy_chunks(source: Iterator[bytes], handle: BinaryIO) -> int:
    """Write every chunk to ``handle``; returns the byte count.

    An exception from ``source`` (a size guard, a client gone) comes out wrapped in
    :class:`_SourceError`, so the caller re-raises it unchanged, not as a storage error.
    """
    size = 0
    while True:
        try:
            chunk = next(source)
        except StopIteration:
            return size
        except BaseException as exc:
            raise _SourceError(exc) from exc
        handle.write(chunk)
        size += len(chunk)


def _fsync_dir(path: Path) -> None:
    """Make a rename inside ``path`` durable."""
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class _SourceError(Exception):
    """Carries an exception raised by the chunk iterator past our OSError translation."""

    def __init__(self, original: BaseException) -> None:
        super().__init__(str(original))
        self.original = original


class FileBlobStore(BlobStore):
    """Objects under ``root/bucket``; presigned URLs point at ``public_base_url``.

    ``GET {public_base_url}/blobs/{key}?expires=…&signature=…`` and
    ``POST {public_base_url}/uploads`` are served by the HTTP layer, which checks them
    with ``self.signer``.
    """

    def __init__(
        self,
        root: Path | str,
        bucket: str,
        public_base_url: str,
        signer: UrlSigner,
        clock: Clock | None = None,
        *,
        durable_prefixes: tuple[str, ...] | None = None,
    ) -> None:
        super().__init__(bucket, clock or signer.clock)
        self.durable_prefixes = durable_prefixes
        """Keys under these prefixes are fsynced when written (None: every key)."""
        self.root = Path(root)
        self.public_base_url = public_base_url.rstrip("/")
        self.signer = signer if signer.bucket == bucket else signer.with_bucket(bucket)
        try:
            self._base = private_dir((self.root / bucket).resolve())
            private_dir(self.root.resolve())
        except OSError as exc:
            raise StorageError(f"Cannot create blob directory {self.root / bucket}: {exc}") from exc

    # ------------------------------------------------------------------ paths

    def _path(self, key: str) -> Path:
        """Absolute path for ``key``; refuses reserved names and anything outside the bucket."""
        parts = key.split("/")
        if any(part.startswith(RESERVED_PREFIX) for part in parts):
            raise InvalidInputError(f"Key segments must not start with {RESERVED_PREFIX!r}")
        try:
            path = (self._base / key).resolve()
        except OSError as exc:
            raise InvalidInputError(f"Object key {key!r} is not a usable path: {exc}") from exc
        if path == self._base or not path.is_relative_to(self._base):
            raise InvalidInputError(f"Object key {key!r} resolves outside the bucket")
        return path

    def is_durable(self, key: str) -> bool:
        """Whether a write of ``key`` is fsynced (see the module docstring)."""
        prefixes = self.durable_prefixes
        return prefixes is None or key.startswith(prefixes)

    @staticmethod
    def _meta_path(path: Path) -> Path:
        return path.with_name(f"{_META_PREFIX}{path.name}.json")

    # ------------------------------------------------------------------ storage methods

    def _write_stream(self, key: str, chunks: Iterator[bytes], content_type: str) -> BlobInfo:
        path = self._path(key)
        try:
            private_dir(path.parent, root=self._base)
        except (FileExistsError, NotADirectoryError) as exc:
            raise ConflictError(
                f"Cannot store {key!r}: part of its path is already an object", key=key
            ) from exc
        except OSError as exc:
            raise StorageError(f"Cannot create folder for {key!r}: {exc}", key=key) from exc
        if path.is_dir():
            raise ConflictError(f"Cannot store {key!r}: it is a folder of other objects", key=key)
        tmp = path.with_name(f"{_TMP_PREFIX}{secrets.token_hex(8)}")
        durable = self.is_durable(key)
        try:
            with os.fdopen(create_private_file(tmp), "wb") as handle:
                size = _copy_chunks(iter(chunks), handle)
                handle.flush()
                if durable:
                    os.fsync(handle.fileno())
            self._write_meta(path, content_type)
            os.replace(tmp, path)
            if durable:
                _fsync_dir(path.parent)
        except _SourceError as wrapped:
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise wrapped.original from None
        except BaseException as exc:
            with contextlib.suppress(OSError):
                tmp.unlink()
            if isinstance(exc, OSError):
                if exc.errno == errno.ENAMETOOLONG:
                    raise InvalidInputError(f"Key {key!r} has a path segment too long") from exc
                raise StorageError(f"Cannot write {key!r}: {exc}", key=key) from exc
            raise
        return BlobInfo(key, size, content_type, path.stat().st_mtime)

    def _write_meta(self, path: Path, content_type: str) -> None:
        meta = self._meta_path(path)
        tmp = path.with_name(f"{_TMP_PREFIX}{secrets.token_hex(8)}")
        try:
            with os.fdopen(create_private_file(tmp), "w", encoding="utf-8") as handle:
                handle.write(json.dumps({"content_type": content_type}))
            os.replace(tmp, meta)
        finally:
            with contextlib.suppress(OSError):
                tmp.unlink()

    def _read(self, key: str, limit: int | None) -> bytes:
        path = self._path(key)
        try:
            with open(path, "rb") as handle:
                return handle.read() if limit is None else handle.read(limit)
        except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
            raise NotFoundError(f"Object {key!r} not found", key=key) from None
        except OSError as exc:
            raise StorageError(f"Cannot read {key!r}: {exc}", key=key) from exc

    def _stat(self, key: str) -> BlobInfo | None:
        path = self._path(key)
        try:
            stat = path.stat()
        except (FileNotFoundError, NotADirectoryError):
            return None
        except OSError as exc:
            raise StorageError(f"Cannot stat {key!r}: {exc}", key=key) from exc
        if not path.is_file():
            return None
        content_type = _DEFAULT_CONTENT_TYPE
        try:
            meta = json.loads(self._meta_path(path).read_text(encoding="utf-8"))
            content_type = str(meta.get("content_type", _DEFAULT_CONTENT_TYPE))
        except (OSError, ValueError):
            pass
        return BlobInfo(key, stat.st_size, content_type, stat.st_mtime)

    def _delete(self, key: str) -> None:
        path = self._path(key)
        try:
            if path.is_file():
                path.unlink(missing_ok=True)
            self._meta_path(path).unlink(missing_ok=True)
        except (NotADirectoryError, FileNotFoundError):
            return
        except OSError as exc:
            raise StorageError(f"Cannot delete {key!r}: {exc}", key=key) from exc
        self._prune_empty_dirs(path.parent)

    def _prune_empty_dirs(self, folder: Path) -> None:
        while folder != self._base and folder.is_relative_to(self._base):
            try:
                folder.rmdir()
            except OSError:
                return
            folder = folder.parent

    def _list(self, prefix: str) -> list[str]:
        # Walk only the deepest folder the prefix names, then filter by string prefix.
        folder_part = prefix.rsplit("/", 1)[0] if "/" in prefix else ""
        start = self._base / folder_part if folder_part else self._base
        try:
            start = start.resolve()
        except OSError:
            return []
        if not start.is_relative_to(self._base) or not start.is_dir():
            return []
        keys: list[str] = []
        try:
            for dirpath, dirnames, filenames in os.walk(start):
                dirnames[:] = [d for d in dirnames if not d.startswith(RESERVED_PREFIX)]
                rel_dir = Path(dirpath).relative_to(self._base).as_posix()
                for name in filenames:
                    if name.startswith(RESERVED_PREFIX):
                        continue
                    key = name if rel_dir == "." else f"{rel_dir}/{name}"
                    if key.startswith(prefix):
                        keys.append(key)
        except OSError as exc:
            raise StorageError(f"Cannot list {prefix!r}: {exc}") from exc
        return keys

    def _presign_get(self, key: str, expires_in: int) -> str:
        params = self.signer.sign_get(key, expires_in)
        return f"{self.public_base_url}/blobs/{quote(key, safe='/')}?{urlencode(params)}"

    def _presign_post(
        self, key: str, expires_in: int, max_bytes: int, content_types: tuple[str, ...]
    ) -> PresignedPost:
        fields = self.signer.post_policy(key, expires_in, max_bytes, content_types)
        return PresignedPost(f"{self.public_base_url}/uploads", fields, expires_in)

    def _ping(self) -> None:
        if not os.access(self._base, os.W_OK | os.X_OK):
            raise StorageError(f"Blob directory {self._base} is not writable")


__all__ = ["FileBlobStore"]
