"""The job API on Lambda: API Gateway HTTP API (payload format 2.0) → :class:`JobService`.

The same four routes, status codes, views and ``{error, message}`` bodies as the local
FastAPI app (``entrypoints/http/app.py``), routed by Powertools' ``APIGatewayHttpResolver``
instead of FastAPI: FastAPI alone takes 250–340 ms to import, this whole module (with the
stack's modules) stays near the 300 ms cold-start budget measured by
``bench/lambda_bench.py``. Nothing here imports FastAPI, numpy, PIL or onnxruntime.

``x-api-key`` is checked on every route (401 with ``WWW-Authenticate: ApiKey``) and a job
is visible only to the key that presigned it (404 for any other); unknown routes are 404
and anything unexpected is a logged 500 ``internal_error``.
"""

from __future__ import annotations

import json
from typing import Any

from aws_lambda_powertools.event_handler.api_gateway import (
    APIGatewayHttpResolver,
    CORSConfig,
    Response,
)
from pydantic import BaseModel

from petavatar.entrypoints.lambdas.runtime import LambdaRuntime, current
from petavatar.errors import PetAvatarError
from petavatar.jobs.views import hints_from_query, parse_process_request
from petavatar.observability.logs import get_logger, log_error

API_KEY_HEADER = "x-api-key"
JSON = "application/json"

_log = get_logger("lambda_api")
_built: list[tuple[LambdaRuntime, APIGatewayHttpResolver]] = []


def _json(status: int, view: BaseModel) -> Response[str]:
    return Response(status_code=status, content_type=JSON, body=view.model_dump_json())


def _error(status: int, code: str, message: str, **headers: str) -> Response[str]:
    body = json.dumps({"error": code, "message": message})
    return Response(status_code=status, content_type=JSON, body=body, headers=headers)


def _cors(origins: list[str]) -> CORSConfig | None:
    if not origins:
        return None
    return CORSConfig(
        allow_origin=origins[0], extra_origins=origins[1:], allow_headers=[API_KEY_HEADER]
    )


def build_resolver(runtime: LambdaRuntime) -> APIGatewayHttpResolver:
    """The routes over ``runtime``'s stack."""
    app = APIGatewayHttpResolver(cors=_cors(runtime.settings.cors_origins))
    service, keys = runtime.stack.service, runtime.stack.keys

    def authenticate() -> str:
        """The caller's key id; every job belongs to the key that presigned it."""
        return keys.verify(app.current_event.headers.get(API_KEY_HEADER))

    @app.get("/presigned-url")
    def presigned_url() -> Response[str]:
        owner = authenticate()
        query = app.current_event.query_string_parameters or {}
        hints = hints_from_query(query.get("species"), query.get("breed"), query.get("pet_name"))
        ticket = service.create_upload(hints, owner=owner)
        runtime.correlate(ticket.job_id)
        return _json(200, ticket)

    @app.post("/process")
    def process() -> Response[str]:
        owner = authenticate()
        request = parse_process_request(app.current_event.decoded_body)
        accepted = service.start_processing(request.s3_uri, request.webhook_url, owner=owner)
        runtime.correlate(accepted.job_id)
        return _json(202, accepted)

    @app.get("/status/<job_id>")
    def status(job_id: str) -> Response[str]:
        owner = authenticate()
        runtime.correlate(job_id)
        return _json(200, service.get_status(job_id, owner=owner))

    @app.get("/results/<job_id>")
    def results(job_id: str) -> Response[str]:
        owner = authenticate()
        runtime.correlate(job_id)
        return _json(200, service.get_results(job_id, owner=owner))

    @app.exception_handler(PetAvatarError)  # type: ignore[untyped-decorator]
    def petavatar_error(exc: PetAvatarError) -> Response[str]:
        if exc.status_code >= 500:
            log_error(_log, app.current_event.path, exc, **exc.context)
        headers = {"WWW-Authenticate": "ApiKey"} if exc.status_code == 401 else {}
        return _error(exc.status_code, exc.code, exc.message, **headers)

    @app.not_found
    def not_found(exc: Exception) -> Response[str]:
        event = app.current_event
        return _error(404, "not_found", f"no route {event.http_method} {event.path}")

    @app.exception_handler(Exception)  # type: ignore[untyped-decorator]
    def unexpected(exc: Exception) -> Response[str]:
        log_error(_log, app.current_event.path, exc, exc_info=exc)
        return _error(500, "internal_error", "internal server error; please retry")

    return app


def resolver(runtime: LambdaRuntime) -> APIGatewayHttpResolver:
    """The resolver of ``runtime``, built once."""
    if not _built or _built[0][0] is not runtime:
        _built[:] = [(runtime, build_resolver(runtime))]
    return _built[0][1]


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Lambda entry point (``petavatar.entrypoints.lambdas.api.handler``)."""
    runtime = current()
    with runtime.invocation(context, "api"):
        response = resolver(runtime).resolve(event, context)
        request = event.get("requestContext", {}).get("http", {})
        runtime.logger.info(
            "request",
            method=request.get("method"),
            path=request.get("path"),
            status=response.get("statusCode"),
        )
        return response
