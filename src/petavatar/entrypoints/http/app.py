"""The HTTP API: the PetAvatar contract on FastAPI, over :class:`JobService`.

Routes (``x-api-key`` required on the four API routes, see :mod:`.routers.jobs`):

* ``GET /presigned-url`` → :class:`UploadTicket`
* ``POST /process`` ``{"s3_uri", "webhook_url"?}`` → :class:`ProcessAccepted`
* ``GET /status/{job_id}`` → :class:`StatusView`
* ``GET /results/{job_id}`` → :class:`ResultsView`

With the local backend, the S3 stand-in (:mod:`.routers.storage`) serves
``POST /uploads`` and ``GET /blobs/{key}``. Always: ``/health``, ``/ready``,
``/metrics``, ``/docs``, ``/openapi.json`` and the web page at ``/``
(:mod:`.routers.web`). Every error body is
``{error, message}`` (:mod:`.errors`). Handlers stay thin: they translate HTTP
to service calls and nothing else.
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

import petavatar
from petavatar.config import Settings
from petavatar.entrypoints.http.errors import install_error_handlers
from petavatar.entrypoints.http.routers.jobs import jobs_router
from petavatar.entrypoints.http.routers.ops import ops_router
from petavatar.entrypoints.http.routers.storage import storage_router
from petavatar.entrypoints.http.routers.web import web_router
from petavatar.jobs.service import JobService
from petavatar.observability.metrics import Metrics
from petavatar.ports.blobstore import BlobStore
from petavatar.ports.keystore import KeyStore
from petavatar.security.signing import UrlSigner

DESCRIPTION = (
    "Turn a photo of a pet into a professional human persona. "
    "Flow: GET /presigned-url → POST the photo to upload_url with upload_fields → "
    "POST /process → poll GET /status/{job_id} → GET /results/{job_id}."
)


def create_app(
    service: JobService,
    keys: KeyStore,
    *,
    settings: Settings,
    metrics: Metrics,
    blobs: BlobStore,
    signer: UrlSigner | None,
) -> FastAPI:
    """The FastAPI app over an already wired stack (see :mod:`petavatar.bootstrap`).

    ``signer`` is the local URL signer; when given, the S3 stand-in routes are mounted.
    """
    app = FastAPI(title="PetAvatar", version=petavatar.__version__, description=DESCRIPTION)
    app.state.service = service
    app.state.metrics = metrics
    app.state.keys = keys
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
    install_error_handlers(app)
    app.include_router(jobs_router(service))
    if signer is not None:
        app.include_router(
            storage_router(service, settings=settings, metrics=metrics, blobs=blobs, signer=signer)
        )
    app.include_router(ops_router(service, metrics))
    app.include_router(web_router())
    return app
