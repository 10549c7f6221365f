"""The web page: ``GET /`` and its script and style sheet under ``/static/``.

The page is static HTML, CSS and vanilla JavaScript shipped as package data
(``entrypoints/http/static/``) and read with importlib.resources; it uses only
the public API (presign → upload → status → results) with the key the user
pastes, so it works against this server or any other PetAvatar API. Nothing is
fetched from elsewhere: no CDN, no web fonts.
"""

from __future__ import annotations

from importlib.resources import files
from typing import Final

from fastapi import APIRouter
from fastapi.responses import Response

from petavatar.errors import NotFoundError

STATIC_PACKAGE: Final[str] = "petavatar.entrypoints.http"
STATIC_DIR: Final[str] = "static"
PAGE: Final[str] = "index.html"

MEDIA_TYPES: Final[dict[str, str]] = {
    "index.html": "text/html; charset=utf-8",
    "app.js": "text/javascript; charset=utf-8",
    "app.css": "text/css; charset=utf-8",
}
"""Every file the page is made of, and how it is served."""

CONTENT_SECURITY_POLICY: Final[str] = (
    "default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src * data: blob:; connect-src *; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
"""Own scripts and styles only; images and API calls may go to another API host."""


def static_bytes(name: str) -> bytes:
    """The bytes of one of the page's files (see :data:`MEDIA_TYPES`)."""
    return (files(STATIC_PACKAGE) / STATIC_DIR / name).read_bytes()


def web_router() -> APIRouter:
    """``GET /`` (the page) and ``GET /static/{name}`` (its script and styles)."""
    router = APIRouter(tags=["web"], include_in_schema=False)
    assets = {name: static_bytes(name) for name in MEDIA_TYPES}
    headers = {
        "Content-Security-Policy": CONTENT_SECURITY_POLICY,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "Cache-Control": "no-cache",
    }

    def serve(name: str) -> Response:
        return Response(assets[name], media_type=MEDIA_TYPES[name], headers=headers)

    @router.get("/")
    def page() -> Response:
        return serve(PAGE)

    @router.get("/static/{name}")
    def static(name: str) -> Response:
        if name == PAGE or name not in assets:
            raise NotFoundError(f"no such file: /static/{name[:80]}")
        return serve(name)

    return router
