"""The job API: presign, process, status, results (``x-api-key`` on every route)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi import Path as PathParam
from fastapi.concurrency import run_in_threadpool
from fastapi.security import APIKeyHeader
from pydantic import ValidationError

from petavatar.domain.models import PetHints, Species
from petavatar.entrypoints.http.errors import error_responses
from petavatar.errors import InvalidInputError
from petavatar.jobs.keys import JOB_ID_PATTERN
from petavatar.jobs.service import JobService
from petavatar.jobs.views import (
    ProcessAccepted,
    ProcessRequest,
    ResultsView,
    StatusView,
    UploadTicket,
)
from petavatar.ports.keystore import KeyStore

API_KEY_HEADER = APIKeyHeader(
    name="x-api-key", auto_error=False, description="Your PetAvatar API key."
)

JobIdPath = Annotated[
    str,
    PathParam(
        pattern=JOB_ID_PATTERN,
        description="The job id from GET /presigned-url (a lowercase UUID).",
        examples=["0b7e3a52-4d7c-4a43-9a54-5b0f7b1e2f10"],
    ),
]


def parse_hints(species: str | None, breed: str | None, pet_name: str | None) -> PetHints | None:
    """Pet hints from query parameters, or None when none were given (400 when invalid)."""
    if not (species or breed or pet_name):
        return None
    try:
        return PetHints.model_validate({"species": species, "breed": breed, "pet_name": pet_name})
    except ValidationError as exc:
        detail = exc.errors()[0]["msg"] if exc.errors() else str(exc)
        raise InvalidInputError(f"invalid pet hints: {detail}") from exc


async def api_key_id(request: Request, key: Annotated[str | None, Depends(API_KEY_HEADER)]) -> str:
    """The id of the caller's valid API key (401 otherwise), from ``app.state.keys``.

    ``async`` on purpose: verify is a SHA-256 and a few compares, far cheaper than the
    thread-pool hop a sync dependency costs on every request.
    """
    keys: KeyStore = request.app.state.keys
    if keys.max_staleness_seconds > 0:  # a cached remote store may refresh: a network call
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
        return service.create_upload(parse_hints(species, breed, pet_name), owner=key_id)

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
    )
    async def status(job_id: JobIdPath, key_id: KeyId) -> StatusView:
        # The hottest route (clients poll it): one primary-key read that a local WAL
        # reader never waits for, so it runs on the event loop, not the thread pool. A
        # network store (DynamoDB) would block the loop: there it runs in the thread pool.
        if service.settings.backend != "local":
            return await run_in_threadpool(service.get_status, job_id, owner=key_id)
        return service.get_status(job_id, owner=key_id)

    @router.get(
        "/results/{job_id}",
        response_model=ResultsView,
        responses=error_responses(400, 401, 404, 409),
        summary="The persona of a completed job",
    )
    def results(job_id: JobIdPath, key_id: KeyId) -> ResultsView:
        return service.get_results(job_id, owner=key_id)

    return router
