"""The S3-style browser upload endpoint's body handling: streamed, bounded, verified.

``POST /uploads`` receives ``multipart/form-data`` like S3's presigned POST:
the policy fields first (``key``, ``policy``, ``x-amz-signature``,
``x-amz-algorithm``, ``Content-Type``), then the ``file`` part (fields after the
file are ignored, as in S3). The body is parsed incrementally with
python-multipart's push parser; when the file part starts the policy is
verified (signature, expiry, bucket, key prefix, declared content type) and the
file is streamed into a temporary file with a running byte count, aborting with
413 as soon as it passes the policy's ``content-length-range``. Memory use is a
few chunks, whatever the file size. After the body, the magic bytes must agree
with the declared type before the object is stored.
"""

from __future__ import annotations

import os
import secrets
import unicodedata
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from python_multipart import MultipartParser
from python_multipart.multipart import parse_options_header

from petavatar.adapters.local.private import create_private_file, private_dir
from petavatar.errors import (
    ForbiddenError,
    InvalidInputError,
    PayloadTooLargeError,
    PetAvatarError,
    UnsupportedImageError,
)
from petavatar.rendering.formats import SNIFF_BYTES, sniff_image_format
from petavatar.security.signing import UploadPolicy, UrlSigner

MAX_FIELDS_BYTES = 64 * 1024
"""Upper bound on all non-file form fields together (they are held in memory)."""

MAX_FIELDS = 32
MULTIPART_OVERHEAD = 256 * 1024
"""Slack over the file limit allowed for the form fields and part headers."""


MAX_FILENAME_BYTES = 255
"""The longest file name accepted (UTF-8 bytes), as on common file systems and S3 keys."""


def upload_filename(raw: bytes) -> str:
    """The part's file name as text: UTF-8, no control characters, at most 255 bytes."""
    try:
        name = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidInputError("the file name is not valid UTF-8; rename the file") from exc
    name = unicodedata.normalize("NFC", name)
    if any(unicodedata.category(ch) == "Cc" for ch in name):
        raise InvalidInputError("the file name contains control characters; rename the file")
    if len(name.encode("utf-8")) > MAX_FILENAME_BYTES:
        raise InvalidInputError(
            f"the file name is longer than {MAX_FILENAME_BYTES} bytes; rename the file"
        )
    return name


@dataclass(frozen=True)
class ReceivedUpload:
    """A verified upload spooled to a temporary file."""

    key: str
    content_type: str
    size: int
    path: Path


def _declared_type(fields: dict[str, str]) -> str:
    for name, value in fields.items():
        if name.lower() == "content-type":
            return value.split(";", 1)[0].strip().lower()
    return ""


def _policy_fields(fields: dict[str, str]) -> dict[str, str]:
    """Policy field names are case-insensitive (as in S3); normalise the ones we read."""
    out: dict[str, str] = {}
    for name, value in fields.items():
        lower = name.lower()
        out[lower if lower in ("key", "policy", "x-amz-signature", "x-amz-algorithm") else name] = (
            value
        )
    return out


class UploadReceiver:
    """Push-parser callbacks that verify the policy and spool the file part to disk."""

    def __init__(self, signer: UrlSigner, spool_dir: Path) -> None:
        self._signer = signer
        self._spool_dir = spool_dir
        self.fields: dict[str, str] = {}
        self._fields_bytes = 0
        self._header_field = bytearray()
        self._header_value = bytearray()
        self._headers: dict[str, bytes] = {}
        self._part_name: str | None = None
        self._part_filename: str | None = None
        self._part_is_file = False
        self._value = bytearray()
        self._file: IO[bytes] | None = None
        self._file_path: Path | None = None
        self._file_done = False
        self.policy: UploadPolicy | None = None
        self.key: str | None = None
        self.content_type = ""
        self.size = 0
        self.head = bytearray()

    # -- python-multipart callbacks ------------------------------------------------

    def on_part_begin(self) -> None:
        self._headers = {}
        self._part_name = None
        self._part_filename = None
        self._part_is_file = False
        self._value = bytearray()

    def on_header_field(self, data: bytes, start: int, end: int) -> None:
        self._header_field += data[start:end]

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        self._header_value += data[start:end]

    def on_header_end(self) -> None:
        name = self._header_field.decode("latin-1").strip().lower()
        self._headers[name] = bytes(self._header_value).strip()
        self._header_field = bytearray()
        self._header_value = bytearray()

    def on_headers_finished(self) -> None:
        # Parsed as bytes: RFC 7578 part headers carry UTF-8 file names.
        _, params = parse_options_header(self._headers.get("content-disposition", b""))
        raw_name = params.get(b"name")
        self._part_name = raw_name.decode("utf-8", "replace") if raw_name is not None else None
        raw_filename = params.get(b"filename")
        self._part_filename = None if raw_filename is None else upload_filename(raw_filename)
        if self._file_done:
            return  # S3 ignores everything after the file
        if self._part_name == "file":
            self._part_is_file = True
            self._start_file()
        elif len(self.fields) >= MAX_FIELDS:
            raise InvalidInputError(f"too many form fields (at most {MAX_FIELDS})")

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        if self._file_done and not self._part_is_file:
            return
        if self._part_is_file:
            self._write_file(data[start:end])
            return
        self._fields_bytes += end - start
        if self._fields_bytes > MAX_FIELDS_BYTES:
            raise InvalidInputError("the form fields are too large")
        self._value += data[start:end]

    def on_part_end(self) -> None:
        if self._part_is_file:
            self._finish_file()
        elif not self._file_done and self._part_name:
            self.fields[self._part_name] = self._value.decode("utf-8", "replace")
        self._part_is_file = False

    # -- file handling ---------------------------------------------------------------

    def _start_file(self) -> None:
        if self._file is not None:
            raise InvalidInputError("only one file per upload")
        try:
            policy = self._signer.verify_post(_policy_fields(self.fields))
        except PetAvatarError as exc:
            if exc.status_code == 401:  # S3 answers 403 for bad/expired policies
                raise ForbiddenError(exc.message) from exc
            raise
        declared = _declared_type(self.fields)
        if not declared:
            raise InvalidInputError(
                "missing Content-Type form field: declare image/jpeg, image/png or image/heic"
            )
        if not policy.allows_content_type(declared):
            raise UnsupportedImageError(
                f"content type {declared!r} is not allowed; upload "
                f"{', '.join(policy.content_types)}"
            )
        self.key = policy.resolve_key(self._part_filename)
        self.policy = policy
        self.content_type = declared
        private_dir(self._spool_dir)
        path = self._spool_dir / f"upload-{secrets.token_hex(12)}.part"
        self._file = os.fdopen(create_private_file(path), "wb")
        self._file_path = path

    def _write_file(self, chunk: bytes) -> None:
        assert self._file is not None and self.policy is not None
        self.size += len(chunk)
        if self.size > self.policy.max_bytes:
            raise PayloadTooLargeError(
                f"the file is larger than the {self.policy.max_bytes}-byte limit "
                f"({self.policy.max_bytes // (1024 * 1024)} MB); send a smaller image"
            )
        if len(self.head) < SNIFF_BYTES:
            self.head += chunk[: SNIFF_BYTES - len(self.head)]
        self._file.write(chunk)

    def _finish_file(self) -> None:
        if self._file is not None:
            self._file.close()
        self._file_done = True

    # -- results -----------------------------------------------------------------------

    def result(self) -> ReceivedUpload:
        """The verified upload; raises when the form had no file or the bytes disagree."""
        if not self._file_done or self._file_path is None or self.key is None:
            raise InvalidInputError("the form has no 'file' part (it must come after the fields)")
        assert self.policy is not None
        if not self.policy.allows_size(self.size):
            raise InvalidInputError(
                f"the file is {self.size} bytes; allowed are {self.policy.min_bytes}-"
                f"{self.policy.max_bytes} bytes"
            )
        sniffed = sniff_image_format(bytes(self.head))
        if sniffed is None:
            raise UnsupportedImageError(
                "the file is not a JPEG, PNG or HEIC image (checked by its content, not its name)"
            )
        if sniffed != self.content_type:
            raise UnsupportedImageError(
                f"the file is {sniffed} but was declared as {self.content_type}; "
                "send the matching Content-Type"
            )
        return ReceivedUpload(self.key, self.content_type, self.size, self._file_path)

    def cleanup(self) -> None:
        """Close and remove the spool file (safe to call more than once)."""
        if self._file is not None and not self._file.closed:
            self._file.close()
        if self._file_path is not None:
            self._file_path.unlink(missing_ok=True)


async def receive_upload(
    content_type_header: str,
    chunks: AsyncIterator[bytes],
    *,
    signer: UrlSigner,
    spool_dir: Path,
) -> tuple[UploadReceiver, ReceivedUpload]:
    """Parse a multipart upload from ``chunks``; the caller must call ``receiver.cleanup()``."""
    mime, params = parse_options_header(content_type_header)
    boundary = params.get(b"boundary")
    if mime != b"multipart/form-data" or not boundary:
        raise InvalidInputError("send the upload as multipart/form-data (an S3-style POST form)")
    receiver = UploadReceiver(signer, spool_dir)
    parser = MultipartParser(
        boundary,
        {
            "on_part_begin": receiver.on_part_begin,
            "on_part_data": receiver.on_part_data,
            "on_part_end": receiver.on_part_end,
            "on_header_field": receiver.on_header_field,
            "on_header_value": receiver.on_header_value,
            "on_header_end": receiver.on_header_end,
            "on_headers_finished": receiver.on_headers_finished,
        },
    )
    try:
        async for chunk in chunks:
            if chunk:
                parser.write(chunk)
        parser.finalize()
        return receiver, receiver.result()
    except PetAvatarError:
        receiver.cleanup()
        raise
    except Exception as exc:  # a malformed body makes the parser raise its own errors
        receiver.cleanup()
        raise InvalidInputError(
            "malformed multipart body: send the policy fields, then the file, as a "
            "multipart/form-data POST form",
            detail=str(exc)[:200],
        ) from exc
