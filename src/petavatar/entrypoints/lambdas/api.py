"""The job API on Lambda: API Gateway HTTP API (payload format 2.0) → :class:`JobService`.

The same four routes, status codes, views and ``{error, message}`` bodies as the local
FastAPI app (``entrypoints/http``), over a route table of four entries instead of a web
framework: FastAPI alone takes 250–340 ms to import, and Powertools' resolver package (which
imports every resolver it has) was the largest single part of this module's import time
(``bench/lambda_bench.py``). Nothing here imports FastAPI, numpy, PIL or onnxruntime.
API Gateway routes only these four ``METHOD /path`` keys to the function and answers CORS
itself (``infra/template.yaml``); the table still answers 404/405 for anything else.

``x-api-key`` is checked on every route (401 with ``WWW-Authenticate: ApiKey``) and a job
is visible only to the key that presigned it (404 for any other); anything unexpected is a
logged 500 ``internal_error``.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from pydantic import BaseModel

from petavatar.entrypoints.lambdas.runtime import LambdaRuntime, current
from petavatar.errors import PetAvatarError
from petavatar.jobs.views import hints_from_query, parse_process_request
from petavatar.observability.logs import get_logger, log_error

API_KEY_HEADER = "x-api-key"
JSON = "application/json"

_log = get_logger("lambda_api")


@dataclass(frozen=True)
class ApiRequest:
    """What the routes read from an HTTP API (payload 2.0) event."""

    method: str
    path: str
    headers: Mapping[str, str]
    query: Mapping[str, str]
    body: str | None

    @classmethod
    def from_event(cls, event: Mapping[str, Any]) -> ApiRequest:
        context = event.get("requestContext") or {}
        http = context.get("http") or {}
        path = str(event.get("rawPath") or http.get("path") or "/")
        stage = context.get("stage")
        if stage and stage != "$default" and path.startswith(f"/{stage}/"):
            path = path[len(stage) + 1 :]
        body = event.get("body")
        if body is not None and event.get("isBase64Encoded"):
            body = base64.b64decode(body).decode("utf-8", "replace")
        headers = {str(k).lower(): str(v) for k, v in (event.get("headers") or {}).items()}
        return cls(
            str(http.get("method", "")).upper(),
            path,
            headers,
            dict(event.get("queryStringParameters") or {}),
            body,
        )


Response = dict[str, Any]
Route = Callable[[ApiRequest, str, str], Response]
"""A route: (request, caller's key id, path parameter) → response."""


def _response(status: int, body: str, **headers: str) -> Response:
    return {
        "statusCode": status,
        "headers": {"Content-Type": JSON, **headers},
        "body": body,
        "isBase64Encoded": False,
    }


def _json(status: int, view: BaseModel) -> Response:
    return _response(status, view.model_dump_json())


def _error(status: int, code: str, message: str, **headers: str) -> Response:
    return _response(status, json.dumps({"error": code, "message": message}), **headers)


def build_routes(runtime: LambdaRuntime) -> list[tuple[str, re.Pattern[str], Route]]:
    """The four contract routes over ``runtime``'s stack."""
    service = runtime.stack.service

    def presigned_url(request: ApiRequest, owner: str, _: str) -> Response:
        q = request.query
        hints = hints_from_query(q.get("species"), q.get("breed"), q.get("pet_name"))
        ticket = service.create_upload(hints, owner=owner)
        runtime.correlate(ticket.job_id)
        return _json(200, ticket)

    def process(request: ApiRequest, owner: str, _: str) -> Response:
        body = parse_process_request(request.body)
        accepted = service.start_processing(body.s3_uri, body.webhook_url, owner=owner)
        runtime.correlate(accepted.job_id)
        return _json(202, accepted)

    def status(request: ApiRequest, owner: str, job_id: str) -> Response:
        runtime.correlate(job_id)
        return _json(200, service.get_status(job_id, owner=owner))

    def results(request: ApiRequest, owner: str, job_id: str) -> Response:
        runtime.correlate(job_id)
        return _json(200, service.get_results(job_id, owner=owner))

    return [
        ("GET", re.compile(r"^/presigned-url$"), presigned_url),
        ("POST", re.compile(r"^/process$"), process),
        ("GET", re.compile(r"^/status/(?P<param>[^/]+)$"), status),
        ("GET", re.compile(r"^/results/(?P<param>[^/]+)$"), results),
    ]


def dispatch(runtime: LambdaRuntime, request: ApiRequest) -> Response:
    """Route ``request``, check its key, call the route; errors become ``{error, message}``."""
    matches = [(m, p.match(request.path), r) for m, p, r in _routes(runtime)]
    found = [(m, r, match) for m, match, r in matches if match]
    if not found:
        return _error(404, "not_found", f"no route {request.method} {request.path}")
    chosen = next(((r, match) for m, r, match in found if m == request.method), None)
    if chosen is None:
        allowed = ", ".join(sorted({m for m, _, _ in found}))
        return _error(405, "method_not_allowed", "Method Not Allowed", Allow=allowed)
    route, match = chosen
    try:
        owner = runtime.stack.keys.verify(request.headers.get(API_KEY_HEADER))
        return route(request, owner, unquote(match.groupdict().get("param") or ""))
    except PetAvatarError as exc:
        if exc.status_code >= 500:
            log_error(_log, request.path, exc, **exc.context)
        headers = {"WWW-Authenticate": "ApiKey"} if exc.status_code == 401 else {}
        return _error(exc.status_code, exc.code, exc.message, **headers)
    except Exception as exc:
        log_error(_log, request.path, exc, exc_info=exc)
        return _error(500, "internal_error", "internal server error; please retry")


_built: list[tuple[LambdaRuntime, list[tuple[str, re.Pattern[str], Route]]]] = []


def _routes(runtime: LambdaRuntime) -> list[tuple[str, re.Pattern[str], Route]]:
    """The route table of ``runtime``, built once."""
    if not _built or _built[0][0] is not runtime:
        _built[:] = [(runtime, build_routes(runtime))]
    return _built[0][1]


def handler(event: dict[str, Any], context: Any) -> Response:
    """Lambda entry point (``petavatar.entrypoints.lambdas.api.handler``)."""
    runtime = current()
    with runtime.invocation(context, "api"):
        request = ApiRequest.from_event(event)
        response = dispatch(runtime, request)
        runtime.logger.info(
            "request", method=request.method, path=request.path, status=response["statusCode"]
        )
        return response
