"""The job API: presign, process, status, results (``x-api-key`` on every route)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi import Path as PathParam
from fastapi.concurrency import run_in_threadpool
from fastapi.security import APIKeyHeader

from petavatar.domain.models import Species
from petavatar.entrypoints.http.errors import error_responses
from petavatar.jobs.keys import JOB_ID_PATTERN
from petavatar.jobs.service import JobService
from petavatar.jobs.views import (
    ProcessAccepted,
    ProcessRequest,
    ResultsView,
    StatusView,
    UploadTicket,
    hints_from_query,
)
from petavatar.ports.keystore import KeyStore

API_KEY_HEADER = APIKeyHeader(
    name="x-api-key", auto_error=False, description="Your PetAvatar API key."
)

API_KEY_SCHEME = "APIKeyHeader"
"""The OpenAPI security scheme of :data:`API_KEY_HEADER` (routes that read the key
themselves declare it by this name)."""

JobIdPath = Annotated[
    str,
    PathParam(
        pattern=JOB_ID_PATTERN,
        description="The job id from GET /presigned-url (a lowercase UUID).",
        examples=["0b7e3a52-4d7c-4a43-9a54-5b0f7b1e2f10"],
    ),
]


async def api_key_id(request: Request, key: Annotated[str | None, Depends(API_KEY_HEADER)]) -> str:
    """The id of the caller's valid API key (401 otherwise), from ``app.state.keys``.

    ``async`` on purpose: verify is a SHA-256 and a few compares, far cheaper than the
    thread-pool hop a sync dependency costs on every request.
    """
    keys: KeyStore = request.app.state.keys
    if request.app.state.service.settings.backend != "local":  # a refresh is a network call
        return await run_in_threadpool(keys.verify, key)
    return keys.verify(key)


KeyId = Annotated[str, Depends(api_key_id)]
"""A route parameter holding the caller's key id (module level: FastAPI resolves it here)."""


def jobs_router(service: JobService) -> APIRouter:
    """The four contract routes over ``service``; each job is visible to its own key only."""
    router = APIRouter(tags=["jobs"])

    @router.get(
        "/presigned-url",
        response_model=UploadTicket,
        responses=error_responses(400, 401),
        summary="Get a presigned upload form for a new job",
    )
    def presigned_url(
        key_id: KeyId,
        species: Annotated[Species | None, Query()] = None,
        breed: Annotated[str | None, Query(max_length=80)] = None,
        pet_name: Annotated[str | None, Query(max_length=60)] = None,
    ) -> UploadTicket:
        return service.create_upload(hints_from_query(species, breed, pet_name), owner=key_id)

    @router.post(
        "/process",
        response_model=ProcessAccepted,
        status_code=202,
        responses=error_responses(400, 401, 404, 409, 413),
        summary="Start processing an uploaded photo",
    )
    def process(body: ProcessRequest, key_id: KeyId) -> ProcessAccepted:
        return service.start_processing(body.s3_uri, body.webhook_url, owner=key_id)

    @router.get(
        "/status/{job_id}",
        response_model=StatusView,
        responses=error_responses(400, 401, 404),
        summary="Status and progress of a job",
        openapi_extra={"security": [{API_KEY_SCHEME: []}]},
    )
    async def status(job_id: JobIdPath, request: Request) -> Response:
        # The hottest route (clients poll it): one primary-key read that a local WAL
        # reader never waits for, so on the local backend it runs on the event loop, not
        # the thread pool (a network store, DynamoDB, would block the loop: there it runs
        # in the thread pool). The key is read here rather than through the KeyId
        # dependency, and the view is serialised once rather than re-validated against
        # response_model: together they were most of the route's own time.
        presented = request.headers.get(API_KEY_HEADER.model.name)
        if service.settings.backend == "local":
            view = service.get_status(job_id, owner=request.app.state.keys.verify(presented))
        else:
            key_id = await run_in_threadpool(request.app.state.keys.verify, presented)
            view = await run_in_threadpool(service.get_status, job_id, owner=key_id)
        return Response(view.model_dump_json(), media_type="application/json")

    @router.get(
        "/results/{job_id}",
        response_model=ResultsView,
        responses=error_responses(400, 401, 404, 409),
        summary="The persona of a completed job",
    )
    def results(job_id: JobIdPath, key_id: KeyId) -> ResultsView:
        return service.get_results(job_id, owner=key_id)

    return router
