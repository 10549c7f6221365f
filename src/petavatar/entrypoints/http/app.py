"""The HTTP API: the original PetAvatar contract on FastAPI, over :class:`JobService`.

Routes (``x-api-key`` required on the four API routes):

* ``GET /presigned-url`` → :class:`UploadTicket`
* ``POST /process`` ``{"s3_uri", "webhook_url"?}`` → :class:`ProcessAccepted`
* ``GET /status/{job_id}`` → :class:`StatusView`
* ``GET /results/{job_id}`` → :class:`ResultsView`

and the local stand-ins for S3 (authorised by their signatures, not API keys):
``POST /uploads`` (presigned POST, 204 on success) and ``GET /blobs/{key}``
(presigned GET). Plus ``/health``, ``/ready``, ``/metrics``, ``/docs`` and
``/openapi.json``. Every error body is ``{error, message}``.

Handlers stay thin: they translate HTTP to service calls and nothing else.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Query, Request
from fastapi import Path as PathParam
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse, Response
from fastapi.security import APIKeyHeader
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

import petavatar
from petavatar.config import Settings
from petavatar.domain.models import Species
from petavatar.entrypoints.http.uploads import MULTIPART_OVERHEAD, receive_upload
from petavatar.errors import (
    AuthenticationError,
    ForbiddenError,
    NotFoundError,
    PayloadTooLargeError,
    PetAvatarError,
)
from petavatar.jobs.keys import JOB_ID_PATTERN
from petavatar.jobs.service import JobService
from petavatar.jobs.views import (
    ProcessAccepted,
    ProcessRequest,
    ReadinessView,
    ResultsView,
    StatusView,
    UploadTicket,
    describe_validation,
    hints_from_query,
)
from petavatar.observability.logs import get_logger, log_error
from petavatar.observability.metrics import CONTENT_TYPE as METRICS_CONTENT_TYPE
from petavatar.observability.metrics import Metrics
from petavatar.ports.blobstore import BlobStore, validate_key
from petavatar.ports.keystore import KeyStore
from petavatar.security.signing import UrlSigner

_log = get_logger("http")


API_KEY_HEADER = APIKeyHeader(
    name="x-api-key", auto_error=False, description="Your PetAvatar API key."
)
"""Module level: FastAPI resolves string annotations in the module's globals."""


JobIdPath = Annotated[
    str,
    PathParam(
        pattern=JOB_ID_PATTERN,
        description="The job id from GET /presigned-url (a lowercase UUID).",
        examples=["0b7e3a52-4d7c-4a43-9a54-5b0f7b1e2f10"],
    ),
]


class ErrorBody(BaseModel):
    """Every error response: a machine-readable code and a message a person can act on."""

    error: str
    message: str


class HealthView(BaseModel):
    status: str
    version: str


def _errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    return {code: {"model": ErrorBody} for code in codes}


def _error_response(status: int, code: str, message: str, **headers: str) -> JSONResponse:
    return JSONResponse({"error": code, "message": message}, status_code=status, headers=headers)


_STATUS_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
}


def create_app(
    service: JobService,
    keys: KeyStore,
    *,
    settings: Settings,
    metrics: Metrics,
    blobs: BlobStore,
    signer: UrlSigner | None,
) -> FastAPI:
    """Build the FastAPI app over an already wired service (see ``server.build_local_stack``)."""
    app = FastAPI(
        title="PetAvatar",
        version=petavatar.__version__,
        description="Turn a photo of a pet into a professional human persona. "
        "Flow: GET /presigned-url → POST the photo to upload_url with upload_fields → "
        "POST /process → poll GET /status/{job_id} → GET /results/{job_id}.",
    )
    app.state.service = service
    app.state.metrics = metrics
    spool_dir = Path(settings.data_dir) / "tmp"
    metrics.watch_queue(
        service.queue.depth, service.queue.dead_letter_depth, service.queue.in_flight
    )

    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "OPTIONS"],
            allow_headers=["*"],
        )

    # -- errors ----------------------------------------------------------------------

    @app.exception_handler(PetAvatarError)
    async def _petavatar_error(request: Request, exc: PetAvatarError) -> JSONResponse:
        if exc.status_code >= 500:
            log_error(_log, request.url.path, exc, **exc.context)
        headers = {"WWW-Authenticate": "ApiKey"} if exc.status_code == 401 else {}
        return _error_response(exc.status_code, exc.code, exc.message, **headers)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        return _error_response(400, "bad_request", describe_validation(exc.errors()))

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = _STATUS_CODES.get(exc.status_code, "http_error")
        return _error_response(exc.status_code, code, str(exc.detail), **(exc.headers or {}))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log_error(_log, request.url.path, exc, method=request.method, exc_info=exc)
        return _error_response(500, "internal_error", "internal server error; please retry")

    # -- auth ------------------------------------------------------------------------

    # ``async`` on purpose: verify is a SHA-256, a stat and a few compares, far cheaper
    # than the thread-pool hop a sync dependency costs on every request.
    async def require_api_key(key: Annotated[str | None, Depends(API_KEY_HEADER)]) -> str:
        if keys.max_staleness_seconds > 0:  # a cached remote store may refresh (a network call)
            return await run_in_threadpool(keys.verify, key)
        return keys.verify(key)

    authed = [Depends(require_api_key)]

    # -- the API -----------------------------------------------------------------------

    @app.get(
        "/presigned-url",
        response_model=UploadTicket,
        dependencies=authed,
        responses=_errors(400, 401),
        tags=["jobs"],
        summary="Get a presigned upload form for a new job",
    )
    def presigned_url(
        species: Annotated[Species | None, Query()] = None,
        breed: Annotated[str | None, Query(max_length=80)] = None,
        pet_name: Annotated[str | None, Query(max_length=60)] = None,
    ) -> UploadTicket:
        return service.create_upload(hints_from_query(species, breed, pet_name))

    @app.post(
        "/process",
        response_model=ProcessAccepted,
        status_code=202,
        dependencies=authed,
        responses=_errors(400, 401, 404, 409, 413),
        tags=["jobs"],
        summary="Start processing an uploaded photo",
    )
    def process(body: ProcessRequest) -> ProcessAccepted:
        return service.start_processing(body.s3_uri, body.webhook_url)

    @app.get(
        "/status/{job_id}",
        response_model=StatusView,
        dependencies=authed,
        responses=_errors(400, 401, 404),
        tags=["jobs"],
        summary="Status and progress of a job",
    )
    async def status(job_id: JobIdPath) -> StatusView:
        # The hottest route (clients poll it): one primary-key read that a local WAL
        # reader never waits for, so it runs on the event loop, not the thread pool
        # (3x the throughput on 2 cores; see bench/service_bench.py). A network store
        # (DynamoDB) would block the loop: then it runs in the thread pool.
        if settings.backend != "local":
            return await run_in_threadpool(service.get_status, job_id)
        return service.get_status(job_id)

    @app.get(
        "/results/{job_id}",
        response_model=ResultsView,
        dependencies=authed,
        responses=_errors(400, 401, 404, 409),
        tags=["jobs"],
        summary="The persona of a completed job",
    )
    def results(job_id: JobIdPath) -> ResultsView:
        return service.get_results(job_id)

    # -- S3 stand-ins ----------------------------------------------------------------------

    @app.post(
        "/uploads",
        status_code=204,
        response_class=Response,
        responses=_errors(400, 403, 413),
        tags=["storage"],
        summary="S3-style presigned POST upload (multipart/form-data, file last)",
    )
    async def upload(request: Request) -> Response:
        if signer is None:  # backend=aws: browsers upload to S3 itself
            raise NotFoundError("this server has no upload endpoint; POST to upload_url")
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
            await run_in_threadpool(
                _store_upload, received.path, received.key, received.content_type
            )
        finally:
            receiver.cleanup()
        metrics.uploads.inc()
        _log.info("upload stored", operation="upload", key=received.key, size=received.size)
        await run_in_threadpool(service.object_created, received.key, received.size)
        return Response(status_code=204)

    def _store_upload(path: Path, key: str, content_type: str) -> None:
        with path.open("rb") as fh:
            blobs.put_stream(key, fh, content_type, settings.max_upload_bytes)

    @app.get(
        "/blobs/{key:path}",
        response_class=Response,
        responses={200: {"content": {"image/png": {}}}, **_errors(400, 403, 404)},
        tags=["storage"],
        summary="Presigned GET download",
    )
    def download(
        key: str,
        expires: Annotated[str, Query(max_length=20)] = "",
        signature: Annotated[str, Query(max_length=128)] = "",
    ) -> Response:
        if signer is None:  # backend=aws: downloads are presigned S3 URLs
            raise NotFoundError("this server serves no files; use the presigned URL")
        validate_key(key)
        try:
            signer.verify_get(key, expires, signature)
        except AuthenticationError as exc:
            raise ForbiddenError(exc.message) from exc
        info = blobs.head(key)
        data = blobs.get_bytes(key)
        media = info.content_type if info is not None else "application/octet-stream"
        return Response(data, media_type=media, headers={"Cache-Control": "private, max-age=60"})

    # -- operations ------------------------------------------------------------------------

    @app.get("/health", response_model=HealthView, tags=["ops"], summary="Liveness")
    def health() -> HealthView:
        return HealthView(status="ok", version=petavatar.__version__)

    @app.get(
        "/ready",
        response_model=ReadinessView,
        responses={503: {"model": ReadinessView}},
        tags=["ops"],
        summary="Readiness: blob store, job store and queue reachable",
    )
    def ready() -> Any:
        view = service.readiness()
        if not view.ready:
            return JSONResponse(view.model_dump(), status_code=503)
        return view

    @app.get(
        "/metrics",
        response_class=Response,
        responses={200: {"content": {"text/plain": {}}}},
        tags=["ops"],
        summary="Prometheus metrics",
    )
    def metrics_endpoint() -> Response:
        return Response(metrics.render(), media_type=METRICS_CONTENT_TYPE)

    return app
