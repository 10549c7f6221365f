"""Blob store on Amazon S3: SigV4 presigned POST and GET, SSE on every put, bounded reads.

One store may span several buckets: ``routes`` maps key prefixes to buckets
(``{"generated/": "<stage>-generated"}``), every other key lives in ``bucket`` (the upload
bucket, whose ``s3://`` URIs clients see). Objects are written with ``AES256`` server-side
encryption; a stream larger than one part is sent as a multipart upload that is aborted
if the stream fails, so no partial object or unfinished upload is left behind.

The POST policy (``generate_presigned_post``, SigV4) states, condition by condition: the
bucket, the key (exact, or ``starts-with`` the ``uploads/{job_id}/`` prefix),
``content-length-range`` 1..max, the Content-Type, the SSE header and the expiry.
S3 POST policies cannot express "one of these values": with one allowed content type the
condition is an exact match; with several it is ``starts-with`` their common prefix
(``image/`` for JPEG/PNG/HEIC), and the exact format is enforced when the object lands
(the object-created use case sniffs the bytes and fails the job for anything else).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from typing import Any, Final

from botocore.exceptions import BotoCoreError, ClientError

from petavatar.adapters.aws.errors import error_code, translate, translated
from petavatar.clock import Clock
from petavatar.errors import NotFoundError, PayloadTooLargeError
from petavatar.ports.blobstore import BlobInfo, BlobStore, PresignedPost

PART_SIZE: Final = 8 * 1024 * 1024
MAX_READ_BYTES: Final = 64 * 1024 * 1024
SSE: Final = "AES256"
_READ_CHUNK: Final = 1024 * 1024


class S3BlobStore(BlobStore):
    """Objects in S3; ``client`` is a boto3 S3 client signing with SigV4."""

    def __init__(
        self,
        client: Any,
        bucket: str,
        *,
        routes: Mapping[str, str] | None = None,
        clock: Clock | None = None,
        part_size: int = PART_SIZE,
        max_read_bytes: int = MAX_READ_BYTES,
    ) -> None:
        super().__init__(bucket, clock)
        if part_size < 5 * 1024 * 1024:
            raise ValueError("part_size must be at least 5 MiB (the S3 minimum)")
        self.client = client
        self.routes = dict(routes or {})
        self.part_size = part_size
        self.max_read_bytes = max_read_bytes

    def bucket_for(self, key: str) -> str:
        """The bucket that holds ``key``."""
        for prefix, bucket in self.routes.items():
            if key.startswith(prefix):
                return bucket
        return self.bucket

    # ------------------------------------------------------------------ storage contract

    def _write_stream(self, key: str, chunks: Iterator[bytes], content_type: str) -> BlobInfo:
        first = _take(chunks, self.part_size)
        bucket = self.bucket_for(key)
        if len(first) < self.part_size:
            with translated("S3 put", key=key, bucket=bucket):
                self.client.put_object(
                    Bucket=bucket,
                    Key=key,
                    Body=bytes(first),
                    ContentType=content_type,
                    ServerSideEncryption=SSE,
                )
            return BlobInfo(key, len(first), content_type, self.clock.now())
        size = self._multipart(bucket, key, first, chunks, content_type)
        return BlobInfo(key, size, content_type, self.clock.now())

    def _multipart(
        self, bucket: str, key: str, first: bytearray, chunks: Iterator[bytes], content_type: str
    ) -> int:
        with translated("S3 multipart upload", key=key, bucket=bucket):
            upload_id = self.client.create_multipart_upload(
                Bucket=bucket, Key=key, ContentType=content_type, ServerSideEncryption=SSE
            )["UploadId"]
        parts: list[dict[str, Any]] = []
        size = 0
        try:
            part: bytearray = first
            while part:
                response = self.client.upload_part(
                    Bucket=bucket,
                    Key=key,
                    UploadId=upload_id,
                    PartNumber=len(parts) + 1,
                    Body=bytes(part),
                )
                parts.append({"ETag": response["ETag"], "PartNumber": len(parts) + 1})
                size += len(part)
                part = _take(chunks, self.part_size)
            self.client.complete_multipart_upload(
                Bucket=bucket, Key=key, UploadId=upload_id, MultipartUpload={"Parts": parts}
            )
        except BaseException as exc:
            # If the abort fails too, the bucket's lifecycle rule aborts it after a day.
            with contextlib.suppress(BotoCoreError, ClientError):
                self.client.abort_multipart_upload(Bucket=bucket, Key=key, UploadId=upload_id)
            if isinstance(exc, BotoCoreError | ClientError):
                raise translate(exc, "S3 multipart upload", key=key, bucket=bucket) from exc
            raise
        return size

    def _read(self, key: str, limit: int | None) -> bytes:
        bucket = self.bucket_for(key)
        params: dict[str, Any] = {"Bucket": bucket, "Key": key}
        if limit is not None:
            params["Range"] = f"bytes=0-{max(0, limit - 1)}"
        try:
            body = self.client.get_object(**params)["Body"]
        except ClientError as exc:
            if error_code(exc) == "InvalidRange":  # a ranged read of an empty object
                return b""
            raise _missing_or(exc, "S3 get", key) from exc
        except BotoCoreError as exc:
            raise translate(exc, "S3 get", key=key) from exc
        cap = self.max_read_bytes if limit is None else min(limit, self.max_read_bytes)
        with translated("S3 read", key=key, bucket=bucket):
            return _read_bounded(body, cap, limit is None, key)

    def _stat(self, key: str) -> BlobInfo | None:
        try:
            head = self.client.head_object(Bucket=self.bucket_for(key), Key=key)
        except ClientError as exc:
            if error_code(exc) in {"404", "NoSuchKey", "NotFound"}:
                return None
            raise translate(exc, "S3 head", key=key) from exc
        except BotoCoreError as exc:
            raise translate(exc, "S3 head", key=key) from exc
        return BlobInfo(
            key=key,
            size=int(head["ContentLength"]),
            content_type=str(head.get("ContentType") or "application/octet-stream"),
            last_modified=head["LastModified"].timestamp(),
        )

    def _delete(self, key: str) -> None:
        with translated("S3 delete", key=key):
            self.client.delete_object(Bucket=self.bucket_for(key), Key=key)

    def _list(self, prefix: str) -> list[str]:
        buckets = {self.bucket, *self.routes.values()}
        keys: list[str] = []
        paginator = self.client.get_paginator("list_objects_v2")
        for bucket in sorted(buckets):
            if not self._may_hold(bucket, prefix):
                continue
            with translated("S3 list", prefix=prefix, bucket=bucket):
                for page in paginator.paginate(Bucket=bucket, Prefix=prefix):
                    keys.extend(
                        item["Key"]
                        for item in page.get("Contents", [])
                        if self.bucket_for(item["Key"]) == bucket
                    )
        return keys

    def _may_hold(self, bucket: str, prefix: str) -> bool:
        if bucket == self.bucket:
            return not any(prefix.startswith(p) for p in self.routes)
        return any(
            b == bucket and (prefix.startswith(p) or p.startswith(prefix))
            for p, b in self.routes.items()
        )

    def _presign_get(self, key: str, expires_in: int) -> str:
        with translated("S3 presign GET", key=key):
            url: str = self.client.generate_presigned_url(
                "get_object",
                Params={"Bucket": self.bucket_for(key), "Key": key},
                ExpiresIn=expires_in,
            )
        return url

    def _presign_post(
        self, key: str, expires_in: int, max_bytes: int, content_types: tuple[str, ...]
    ) -> PresignedPost:
        form_key = f"{key}${{filename}}" if key.endswith("/") else key
        fields: dict[str, str] = {"x-amz-server-side-encryption": SSE}
        conditions: list[Any] = [
            {"x-amz-server-side-encryption": SSE},
            ["content-length-range", 1, max_bytes],
        ]
        if len(content_types) == 1:
            fields["Content-Type"] = content_types[0]
            conditions.append({"Content-Type": content_types[0]})
        else:
            conditions.append(["starts-with", "$Content-Type", _common_prefix(content_types)])
        bucket = self.bucket_for(key)
        with translated("S3 presign POST", key=key):
            post = self.client.generate_presigned_post(
                Bucket=bucket,
                Key=form_key,
                Fields=fields,
                Conditions=conditions,
                ExpiresIn=expires_in,
            )
        return PresignedPost(
            url=str(post["url"]),
            fields={k: str(v) for k, v in post["fields"].items()},
            expires_in=expires_in,
        )

    def _ping(self) -> None:
        with translated("S3 ping", bucket=self.bucket):
            for bucket in sorted({self.bucket, *self.routes.values()}):
                self.client.head_bucket(Bucket=bucket)


def _take(chunks: Iterator[bytes], size: int) -> bytearray:
    """Up to ``size`` bytes from ``chunks`` (fewer only at the end of the stream)."""
    buffer = bytearray()
    while len(buffer) < size:
        chunk = next(chunks, None)
        if chunk is None:
            break
        buffer.extend(chunk)
    if len(buffer) > size:
        raise AssertionError("chunks larger than a part")  # pragma: no cover - CHUNK_SIZE < part
    return buffer


def _read_bounded(body: Any, cap: int, whole: bool, key: str) -> bytes:
    out = bytearray()
    try:
        for chunk in body.iter_chunks(_READ_CHUNK):
            out.extend(chunk)
            if len(out) > cap:
                if whole:
                    raise PayloadTooLargeError(
                        f"object {key} is larger than the {cap}-byte read limit", key=key
                    )
                del out[cap:]
                break
    finally:
        body.close()
    return bytes(out)


def _missing_or(exc: ClientError, what: str, key: str) -> Exception:
    if error_code(exc) in {"NoSuchKey", "404", "NotFound"}:
        return NotFoundError(f"object {key} not found", key=key)
    return translate(exc, what, key=key)


def _common_prefix(values: tuple[str, ...]) -> str:
    """The media type all of ``values`` share, as a prefix (``image/``), or ``""``."""
    majors = {value.split("/", 1)[0] for value in values}
    return f"{majors.pop()}/" if len(majors) == 1 else ""
