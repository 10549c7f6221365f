"""The local S3 stand-in: presigned POST uploads and presigned GET downloads.

Mounted only for the local backend (on AWS, S3 itself serves these URLs).
Authorised by their signatures, not by API keys; failures answer 403 like S3.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from petavatar.config import Settings
from petavatar.entrypoints.http.errors import error_responses
from petavatar.entrypoints.http.uploads import MULTIPART_OVERHEAD, receive_upload
from petavatar.errors import (
    AuthenticationError,
    ConflictError,
    ForbiddenError,
    InvalidInputError,
    PayloadTooLargeError,
)
from petavatar.jobs.keys import original_key, parse_upload_key, upload_prefix
from petavatar.jobs.service import JobService
from petavatar.observability.logs import get_logger
from petavatar.observability.metrics import Metrics
from petavatar.ports.blobstore import BlobStore, validate_key
from petavatar.security.signing import UrlSigner

_log = get_logger("http")


def store_upload(
    service: JobService, blobs: BlobStore, max_bytes: int, path: Path, key: str, content_type: str
) -> str:
    """Keep a verified upload at its job's canonical key, once; returns that key."""
    parsed = parse_upload_key(key)
    if parsed is None:
        raise InvalidInputError(
            "the upload key must be uploads/<job_id>/<file name>: one file name, no "
            "folders and no control characters"
        )
    job_id = parsed[0]
    if service.jobs.find(job_id) is not None or blobs.list_keys(upload_prefix(job_id)):
        raise ConflictError(
            f"this upload form was already used for job {job_id}; one form admits one "
            "photo: request a new one from GET /presigned-url"
        )
    landed = original_key(job_id, content_type)
    with path.open("rb") as fh:
        blobs.put_stream(landed, fh, content_type, max_bytes)
    return landed


def storage_router(
    service: JobService,
    *,
    settings: Settings,
    metrics: Metrics,
    blobs: BlobStore,
    signer: UrlSigner,
) -> APIRouter:
    """``POST /uploads`` and ``GET /blobs/{key}`` over the local blob store."""
    router = APIRouter(tags=["storage"])
    _add_upload_route(router, service, settings, metrics, blobs, signer)
    _add_download_route(router, blobs, signer)
    return router


def _add_upload_route(
    router: APIRouter,
    service: JobService,
    settings: Settings,
    metrics: Metrics,
    blobs: BlobStore,
    signer: UrlSigner,
) -> None:
    spool_dir = Path(settings.data_dir) / "tmp"

    @router.post(
        "/uploads",
        status_code=204,
        response_class=Response,
        responses=error_responses(400, 403, 409, 413),
        summary="S3-style presigned POST upload (multipart/form-data, file last)",
    )
    async def upload(request: Request) -> Response:
        declared = request.headers.get("content-length")
        limit = settings.max_upload_bytes + MULTIPART_OVERHEAD
        if declared and declared.isdigit() and int(declared) > limit:
            raise PayloadTooLargeError(
                f"the upload is larger than the {settings.max_upload_bytes}-byte limit"
            )
        receiver, received = await receive_upload(
            request.headers.get("content-type", ""),
            request.stream(),
            signer=signer,
            spool_dir=spool_dir,
        )
        try:
            key = await run_in_threadpool(
                store_upload,
                service,
                blobs,
                settings.max_upload_bytes,
                received.path,
                received.key,
                received.content_type,
            )
        finally:
            receiver.cleanup()
        metrics.uploads.inc()
        _log.info("upload stored", operation="upload", key=key, size=received.size)
        await run_in_threadpool(service.object_created, key, received.size)
        return Response(status_code=204)


def _add_download_route(router: APIRouter, blobs: BlobStore, signer: UrlSigner) -> None:
    @router.get(
        "/blobs/{key:path}",
        response_class=Response,
        responses={200: {"content": {"image/png": {}}}, **error_responses(400, 403, 404)},
        summary="Presigned GET download",
    )
    def download(
        key: str,
        expires: Annotated[str, Query(max_length=20)] = "",
        signature: Annotated[str, Query(max_length=128)] = "",
    ) -> Response:
        validate_key(key)
        try:
            signer.verify_get(key, expires, signature)
        except AuthenticationError as exc:
            raise ForbiddenError(exc.message) from exc
        info = blobs.head(key)
        data = blobs.get_bytes(key)
        media = info.content_type if info is not None else "application/octet-stream"
        return Response(data, media_type=media, headers={"Cache-Control": "private, max-age=60"})
