"""The blob store port: objects in one bucket, S3 semantics, presigned GET and POST.

The base class validates keys, content types and limits, and turns a stream into bounded
chunks; adapters implement the ``_`` storage methods whose contracts are written below
(local files now, S3 via boto3 later).
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO, Final

from petavatar.clock import Clock, SystemClock
from petavatar.errors import InvalidInputError, PayloadTooLargeError
from petavatar.rendering.formats import MAX_UPLOAD_BYTES, SUPPORTED_MIME_TYPES

MAX_KEY_BYTES: Final = 1024
CHUNK_SIZE: Final = 1024 * 1024
MAX_PRESIGN_SECONDS: Final = 7 * 24 * 3600

_CONTROL_RE: Final = re.compile(r"[\x00-\x1f\x7f]")
_CONTENT_TYPE_RE: Final = re.compile(r"^[A-Za-z0-9][\w.+-]*/[A-Za-z0-9][\w.+-]*(\s*;.*)?$")
_BUCKET_RE: Final = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")


def _check_key_text(key: object, what: str, *, allow_empty: bool) -> str:
    if not isinstance(key, str):
        raise InvalidInputError(f"{what} must be a string")
    if not key:
        if allow_empty:
            return key
        raise InvalidInputError(f"{what} must not be empty")
    try:
        size = len(key.encode("utf-8"))
    except UnicodeEncodeError:
        raise InvalidInputError(f"{what} is not valid UTF-8 text") from None
    if size > MAX_KEY_BYTES:
        raise InvalidInputError(f"{what} is {size} bytes; the limit is {MAX_KEY_BYTES}")
    if key.startswith("/"):
        raise InvalidInputError(f"{what} {key!r} must not start with '/'")
    if "\\" in key:
        raise InvalidInputError(f"{what} {key!r} must not contain backslashes")
    if _CONTROL_RE.search(key):
        raise InvalidInputError(f"{what} {key!r} must not contain control characters")
    segments = key.split("/")
    if segments[-1] == "":
        segments.pop()  # a trailing '/' is checked by the caller
    for segment in segments:
        if segment in {"", ".", ".."}:
            raise InvalidInputError(
                f"{what} {key!r} must not contain empty, '.' or '..' path segments"
            )
    return key


def validate_key(key: str) -> str:
    """Return ``key`` if it is a safe object key, else raise :class:`InvalidInputError`.

    Refused: empty, longer than 1024 UTF-8 bytes, leading or trailing ``/``, empty / ``.`` /
    ``..`` segments, backslashes, NUL and other control characters, text that is not valid
    UTF-8 (lone surrogates). Stricter than S3 on purpose: keys map to file paths locally.
    """
    key = _check_key_text(key, "Object key", allow_empty=False)
    if key.endswith("/"):
        raise InvalidInputError(f"Object key {key!r} must not end with '/'")
    return key


def validate_prefix(prefix: str) -> str:
    """Like :func:`validate_key`, but empty and a trailing ``/`` are allowed."""
    return _check_key_text(prefix, "Key prefix", allow_empty=True)


def validate_content_type(content_type: str) -> str:
    """Return ``content_type`` if it looks like ``type/subtype[; params]``."""
    if (
        not isinstance(content_type, str)
        or len(content_type) > 255
        or not _CONTENT_TYPE_RE.fullmatch(content_type)
        or _CONTROL_RE.search(content_type)
    ):
        raise InvalidInputError(f"Invalid content type {content_type!r}")
    return content_type


@dataclass
class BlobInfo:
    """Metadata of a stored object. ``last_modified`` is epoch seconds."""

    key: str
    size: int
    content_type: str
    last_modified: float


@dataclass
class PresignedPost:
    """A browser upload form: POST ``fields`` plus the file (and its Content-Type) to ``url``."""

    url: str
    fields: dict[str, str] = field(default_factory=dict)
    expires_in: int = 900


class BlobStore(ABC):
    """Port for object storage in one bucket."""

    def __init__(self, bucket: str, clock: Clock | None = None) -> None:
        if not isinstance(bucket, str) or not _BUCKET_RE.fullmatch(bucket):
            raise ValueError(f"invalid bucket name {bucket!r} (use S3 naming: 3-63 a-z0-9.-)")
        self.bucket = bucket
        self.clock: Clock = clock or SystemClock()

    # ------------------------------------------------------------------ public API

    def put_bytes(self, key: str, data: bytes, content_type: str) -> BlobInfo:
        """Store ``data`` under ``key`` atomically (readers see the old or the new object)."""
        validate_key(key)
        validate_content_type(content_type)
        return self._write_stream(key, iter((bytes(data),)), content_type)

    def put_stream(self, key: str, stream: BinaryIO, content_type: str, max_bytes: int) -> BlobInfo:
        """Copy ``stream`` to ``key`` in chunks, never holding the whole file in memory.

        Over ``max_bytes`` → :class:`PayloadTooLargeError`, and nothing is left behind: no
        partial object, and an earlier object under ``key`` is unchanged.
        """
        validate_key(key)
        validate_content_type(content_type)
        if max_bytes < 0:
            raise ValueError("max_bytes must be non-negative")
        return self._write_stream(key, _bounded_chunks(stream, max_bytes), content_type)

    def get_bytes(self, key: str) -> bytes:
        """The whole object; :class:`NotFoundError` if missing."""
        validate_key(key)
        return self._read(key, None)

    def read_head(self, key: str, n: int) -> bytes:
        """The first ``n`` bytes (fewer if the object is shorter); for magic-byte sniffing."""
        validate_key(key)
        if n < 0:
            raise ValueError("n must be non-negative")
        if n == 0:
            self._read(key, 0)  # still raises NotFoundError for a missing object
            return b""
        return self._read(key, n)

    def head(self, key: str) -> BlobInfo | None:
        """Metadata, or ``None`` if the object does not exist."""
        validate_key(key)
        return self._stat(key)

    def exists(self, key: str) -> bool:
        """True if ``key`` exists."""
        return self.head(key) is not None

    def delete(self, key: str) -> None:
        """Delete ``key``; a missing object is not an error."""
        validate_key(key)
        self._delete(key)

    def delete_prefix(self, prefix: str) -> int:
        """Delete every key starting with ``prefix`` (non-empty); returns how many."""
        validate_prefix(prefix)
        if not prefix:
            raise InvalidInputError("Refusing to delete with an empty prefix (the whole bucket)")
        keys = self._list(prefix)
        for key in keys:
            self._delete(key)
        return len(keys)

    def list_keys(self, prefix: str = "") -> list[str]:
        """Sorted keys starting with ``prefix`` (plain string prefix, as in S3)."""
        validate_prefix(prefix)
        return sorted(self._list(prefix))

    def presigned_get_url(self, key: str, expires_in: int = 3600) -> str:
        """A URL anyone can GET ``key`` with, valid for ``expires_in`` seconds."""
        validate_key(key)
        _check_expiry(expires_in)
        return self._presign_get(key, expires_in)

    def presigned_post(
        self,
        key: str,
        *,
        expires_in: int = 900,
        max_bytes: int = MAX_UPLOAD_BYTES,
        content_types: tuple[str, ...] = SUPPORTED_MIME_TYPES,
    ) -> PresignedPost:
        """A browser upload form for ``key``.

        A ``key`` ending in ``/`` allows any key under that prefix (the form's ``key`` field
        is ``prefix + "${filename}"``, as with S3); otherwise exactly ``key``.
        """
        if key.endswith("/"):
            validate_prefix(key)
            if key == "/":
                raise InvalidInputError("Upload prefix must not be '/'")
        else:
            validate_key(key)
        _check_expiry(expires_in)
        if max_bytes < 1:
            raise InvalidInputError("max_bytes must be at least 1")
        if not content_types:
            raise InvalidInputError("at least one content type is required")
        for content_type in content_types:
            validate_content_type(content_type)
        return self._presign_post(key, expires_in, max_bytes, tuple(content_types))

    def uri(self, key: str) -> str:
        """``s3://{bucket}/{key}``."""
        validate_key(key)
        return f"s3://{self.bucket}/{key}"

    def parse_uri(self, uri: str) -> str:
        """The key of an ``s3://{bucket}/{key}`` URI in this bucket.

        :class:`InvalidInputError` for a malformed URI or one naming another bucket.
        """
        if not isinstance(uri, str) or not uri.startswith("s3://"):
            raise InvalidInputError(
                f"Invalid S3 URI {str(uri)[:200]!r}: expected s3://{self.bucket}/<key>"
            )
        bucket, sep, key = uri[len("s3://") :].partition("/")
        if not sep or not bucket or not key:
            raise InvalidInputError(f"Invalid S3 URI {uri[:200]!r}: expected s3://bucket/key")
        if bucket != self.bucket:
            raise InvalidInputError(
                f"S3 URI names bucket {bucket!r}; uploads must be in {self.bucket!r}"
            )
        return validate_key(key)

    def ping(self) -> None:
        """Raise :class:`~petavatar.errors.StorageError` if the backend is unreachable."""
        self._ping()

    # ------------------------------------------------------------------ storage contract

    @abstractmethod
    def _write_stream(self, key: str, chunks: Iterator[bytes], content_type: str) -> BlobInfo:
        """Consume ``chunks`` into ``key`` with ``content_type``; atomic; return its info.

        The iterator may raise (e.g. :class:`PayloadTooLargeError` from the size guard). Then
        the adapter must leave nothing behind (no partial object, temp file or unfinished
        multipart upload; an earlier object under ``key`` is unchanged) and re-raise the
        same exception. Memory use must not grow with the object size. ``key`` is
        validated. Vendor errors become :class:`~petavatar.errors.StorageError`.
        """

    @abstractmethod
    def _read(self, key: str, limit: int | None) -> bytes:
        """The object's bytes, or only the first ``limit`` bytes (S3: a Range request).

        Missing → :class:`~petavatar.errors.NotFoundError`.
        """

    @abstractmethod
    def _stat(self, key: str) -> BlobInfo | None:
        """Metadata (size, content type as stored, last modified), or ``None`` if missing."""

    @abstractmethod
    def _delete(self, key: str) -> None:
        """Delete the object; missing is not an error."""

    @abstractmethod
    def _list(self, prefix: str) -> list[str]:
        """Every key that starts with ``prefix`` (string prefix), any order, all pages."""

    @abstractmethod
    def _presign_get(self, key: str, expires_in: int) -> str:
        """A URL that allows a GET of ``key`` for ``expires_in`` seconds (S3:
        ``generate_presigned_url('get_object', …)``). Need not check existence."""

    @abstractmethod
    def _presign_post(
        self, key: str, expires_in: int, max_bytes: int, content_types: tuple[str, ...]
    ) -> PresignedPost:
        """A POST form restricting key (exact, or prefix when ``key`` ends in ``/``), size
        ``1..max_bytes``, the content types and the expiry (S3: ``generate_presigned_post``
        with conditions)."""

    @abstractmethod
    def _ping(self) -> None:
        """Cheap round trip; raise :class:`~petavatar.errors.StorageError` if unreachable."""


def _check_expiry(expires_in: int) -> None:
    if isinstance(expires_in, bool) or not 1 <= expires_in <= MAX_PRESIGN_SECONDS:
        raise InvalidInputError(f"expires_in must be 1-{MAX_PRESIGN_SECONDS} seconds")


def _bounded_chunks(stream: BinaryIO, max_bytes: int) -> Iterator[bytes]:
    """Yield ``stream`` in chunks; raise :class:`PayloadTooLargeError` past ``max_bytes``."""
    total = 0
    while True:
        chunk = stream.read(CHUNK_SIZE)
        if not chunk:
            return
        total += len(chunk)
        if total > max_bytes:
            raise PayloadTooLargeError(
                f"Upload is larger than the {max_bytes}-byte limit "
                f"({max_bytes // (1024 * 1024)} MB); send a smaller image",
                max_bytes=max_bytes,
            )
        yield bytes(chunk)


__all__ = [
    "CHUNK_SIZE",
    "MAX_KEY_BYTES",
    "BlobInfo",
    "BlobStore",
    "PresignedPost",
    "validate_content_type",
    "validate_key",
    "validate_prefix",
]
