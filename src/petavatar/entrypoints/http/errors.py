"""Error bodies of the HTTP API: every error is ``{error, message}`` with the right status."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from petavatar.errors import PetAvatarError
from petavatar.jobs.views import describe_validation
from petavatar.observability.logs import get_logger, log_error

_log = get_logger("http")

STATUS_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
}
"""Error codes for HTTP errors raised by the framework itself (routing, methods)."""


class ErrorBody(BaseModel):
    """Every error response: a machine-readable code and a message a person can act on."""

    error: str
    message: str


def error_responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` for a route that can answer these error statuses."""
    return {code: {"model": ErrorBody} for code in codes}


def error_response(status: int, code: str, message: str, **headers: str) -> JSONResponse:
    return JSONResponse({"error": code, "message": message}, status_code=status, headers=headers)


async def _petavatar_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, PetAvatarError)
    if exc.status_code >= 500:
        log_error(_log, request.url.path, exc, **exc.context)
    headers = {}
    if exc.status_code == 401:
        headers["WWW-Authenticate"] = "ApiKey"
    if exc.status_code == 413:
        # The rest of the body is never read: the client must not send the next request
        # on this connection (it would be taken for body bytes), so the server closes it.
        headers["Connection"] = "close"
    return error_response(exc.status_code, exc.code, exc.public_message, **headers)


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    return error_response(400, "bad_request", describe_validation(exc.errors()))


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = STATUS_CODES.get(exc.status_code, "http_error")
    return error_response(exc.status_code, code, str(exc.detail), **(exc.headers or {}))


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log_error(_log, request.url.path, exc, method=request.method, exc_info=exc)
    return error_response(500, "internal_error", "internal server error; please retry")


def install_error_handlers(app: FastAPI) -> None:
    """Map PetAvatarError, validation, framework and unexpected errors to ``{error, message}``."""
    app.add_exception_handler(PetAvatarError, _petavatar_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)
