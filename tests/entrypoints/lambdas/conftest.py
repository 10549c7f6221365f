"""A Lambda runtime per test over a real stack, and helpers that invoke the handlers.

The handlers are called directly with the JSON fixtures in ``events/`` (moto's Lambda
does not run our code). ``lambda_env`` is parametrized over the backends: ``local`` (files
and SQLite in a temp dir) and ``aws`` (a fresh stage on the session's moto server).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from tests.support import moto
from tests.support.clock import ManualClock
from tests.support.fake_pipeline import FakePipeline, tiny_jpeg
from tests.support.lambda_events import FakeLambdaContext, api_event, load_event, sqs_event

from petavatar.config import Settings
from petavatar.entrypoints.lambdas import api, events, maintenance, worker
from petavatar.entrypoints.lambdas.runtime import LambdaRuntime, configure
from petavatar.jobs.pipeline import Pipeline

BASE_URL = "http://testserver"


@dataclass
class ApiResponse:
    status: int
    body: dict[str, Any]
    headers: dict[str, str]


@dataclass
class LambdaEnv:
    """A configured runtime, an API key and shortcuts to every handler."""

    runtime: LambdaRuntime
    clock: ManualClock
    api_key: str
    backend: str

    @property
    def stack(self) -> Any:
        return self.runtime.stack

    def api(self, route: str, *, key: str | None = "", **kwargs: Any) -> ApiResponse:
        event = api_event(route, self.api_key if key == "" else key, **kwargs)
        raw = api.handler(event, FakeLambdaContext())
        return ApiResponse(raw["statusCode"], json.loads(raw["body"]), dict(raw["headers"]))

    def upload(self, job_id: str, name: str = "image.jpg", data: bytes | None = None) -> str:
        """Store a photo under ``uploads/{job_id}/{name}`` as the presigned POST would."""
        key = f"uploads/{job_id}/{name}"
        self.stack.blobs.put_bytes(key, tiny_jpeg() if data is None else data, "image/jpeg")
        return key

    def s3_event(self, key: str, size: int = 100, bucket: str | None = None) -> dict[str, Any]:
        """The S3 notification for ``key`` (URL-encoded as S3 sends it)."""
        from urllib.parse import quote_plus

        return load_event(
            "s3_object_created",
            bucket=bucket or self.stack.blobs.bucket,
            key=quote_plus(key, safe="/"),
            size=size,
        )

    def on_event(self, event: dict[str, Any]) -> Any:
        return events.handler(event, FakeLambdaContext(function_name="petavatar-test-events"))

    def queued_event(self, max_messages: int = 10) -> dict[str, Any]:
        """The SQS event Lambda would deliver: the job queue's visible messages, received."""
        received = self.stack.queue.receive(max_messages=max_messages)
        return sqs_event(
            *(
                {
                    "body": r.message.to_json(),
                    "receipt_handle": r.receipt_handle,
                    "receive_count": str(r.receive_count),
                }
                for r in received
            )
        )

    def work(self, event: dict[str, Any]) -> dict[str, Any]:
        response: dict[str, Any] = worker.handler(
            event, FakeLambdaContext(function_name="petavatar-test-worker")
        )
        return response

    def maintain(self) -> Any:
        return maintenance.handler(
            load_event("eventbridge_schedule"),
            FakeLambdaContext(function_name="petavatar-test-maintenance"),
        )


StackFactory = Callable[[Path, ManualClock, Pipeline], LambdaRuntime]


def _local(tmp_path: Path, clock: ManualClock, pipeline: Pipeline) -> LambdaRuntime:
    settings = Settings(data_dir=tmp_path / "data", public_base_url=BASE_URL, workers=0)
    return configure(settings, clock=clock, pipeline=pipeline)


def _aws(tmp_path: Path, clock: ManualClock, pipeline: Pipeline) -> LambdaRuntime:
    from petavatar.adapters.aws.naming import stage_names
    from petavatar.adapters.aws.provision import StageSpec, provision

    stage = moto.unique("lam")[:20]
    clients = moto.clients()
    provision(clients, StageSpec(names=stage_names(stage), cost_center="test"))
    settings = Settings(
        backend="aws", stage=stage, data_dir=tmp_path / "data", aws_receive_wait_seconds=0
    )
    return configure(settings, clock=clock, pipeline=pipeline, clients=clients)


BACKENDS: dict[str, StackFactory] = {"local": _local, "aws": _aws}


@pytest.fixture
def pipeline() -> Pipeline:
    """The pipeline the worker handler runs (override in a test module for failures)."""
    return FakePipeline()


@pytest.fixture(params=sorted(BACKENDS))
def lambda_env(
    request: pytest.FixtureRequest, tmp_path: Path, pipeline: Pipeline
) -> Iterator[LambdaEnv]:
    clock = ManualClock()
    runtime = BACKENDS[request.param](tmp_path, clock, pipeline)
    _, key = runtime.stack.keys.create("lambda-tests")
    yield LambdaEnv(runtime, clock, key, request.param)
