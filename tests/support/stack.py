"""A local service stack in a temp dir with a ManualClock, a fake pipeline and a TestClient."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
from fastapi.testclient import TestClient

from petavatar.bootstrap import Stack, build_stack
from petavatar.config import Settings
from petavatar.jobs.pipeline import PersonaPipeline
from petavatar.jobs.worker import Worker
from tests.support.clock import ManualClock
from tests.support.fake_pipeline import FakePipeline
from tests.support.network import fake_resolver

BASE_URL = "http://testserver"


@dataclass
class Env:
    """Everything a service/HTTP test needs."""

    stack: Stack
    clock: ManualClock
    pipeline: PersonaPipeline
    worker: Worker
    client: TestClient
    api_key: str
    webhook_calls: list[httpx.Request]

    @property
    def headers(self) -> dict[str, str]:
        return {"x-api-key": self.api_key}

    def presign(self, **params: str) -> dict[str, Any]:
        response = self.client.get("/presigned-url", headers=self.headers, params=params)
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    def upload(
        self,
        ticket: dict[str, Any],
        data: bytes,
        *,
        content_type: str = "image/jpeg",
        filename: str = "image.jpg",
        fields: dict[str, str] | None = None,
    ) -> httpx.Response:
        form = {**ticket["upload_fields"], "Content-Type": content_type, **(fields or {})}
        path = urlsplit(ticket["upload_url"]).path
        response: httpx.Response = self.client.post(
            path, data=form, files={"file": (filename, data, content_type)}
        )
        return response

    def process(self, s3_uri: str, **extra: Any) -> httpx.Response:
        body = {"s3_uri": s3_uri, **extra}
        response: httpx.Response = self.client.post("/process", headers=self.headers, json=body)
        return response

    def uri(self, job_id: str, name: str = "image.jpg") -> str:
        return f"s3://{self.stack.settings.bucket}/uploads/{job_id}/{name}"


def make_env(
    tmp_path: Path,
    *,
    pipeline: PersonaPipeline | None = None,
    webhook_status: int = 200,
    **overrides: Any,
) -> Env:
    """Build a stack over ``tmp_path`` with fixed settings (override any field)."""
    clock = ManualClock()
    settings = Settings(
        data_dir=tmp_path / "data",
        public_base_url=BASE_URL,
        workers=0,
        **overrides,
    )
    calls: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        return httpx.Response(webhook_status)

    pipe = pipeline or FakePipeline()
    stack = build_stack(
        settings,
        clock,
        pipe,
        webhook_client=httpx.Client(transport=httpx.MockTransport(handler)),
        resolver=fake_resolver(),
    )
    _, key = stack.keys.create("tests")
    client = TestClient(stack.app(), base_url=BASE_URL, raise_server_exceptions=False)
    return Env(stack, clock, pipe, stack.worker(), client, key, calls)
