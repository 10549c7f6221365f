"""Operations routes: liveness, readiness and Prometheus metrics (no API key)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel

import petavatar
from petavatar.jobs.service import JobService
from petavatar.jobs.views import ReadinessView
from petavatar.observability.metrics import CONTENT_TYPE as METRICS_CONTENT_TYPE
from petavatar.observability.metrics import Metrics


class HealthView(BaseModel):
    status: str
    version: str


def ops_router(service: JobService, metrics: Metrics) -> APIRouter:
    """``/health``, ``/ready`` and ``/metrics``."""
    router = APIRouter(tags=["ops"])

    @router.get("/health", response_model=HealthView, summary="Liveness")
    def health() -> HealthView:
        return HealthView(status="ok", version=petavatar.__version__)

    @router.get(
        "/ready",
        response_model=ReadinessView,
        responses={503: {"model": ReadinessView}},
        summary="Readiness: blob store, job store and queue reachable",
    )
    def ready() -> Any:
        view = service.readiness()
        if not view.ready:
            return JSONResponse(view.model_dump(), status_code=503)
        return view

    @router.get(
        "/metrics",
        response_class=Response,
        responses={200: {"content": {"text/plain": {}}}},
        summary="Prometheus metrics",
    )
    def metrics_endpoint() -> Response:
        return Response(metrics.render(), media_type=METRICS_CONTENT_TYPE)

    return router
