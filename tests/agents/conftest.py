"""Fixtures for the agent tests: settings over a temp data dir, photos, a finished job."""

from __future__ import annotations

import base64
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from skimage import data

from petavatar.bootstrap import Stack, build_pipeline, build_stack
from petavatar.config import Settings
from petavatar.jobs.keys import upload_prefix
from petavatar.jobs.pipeline import Pipeline
from tests.support.clock import ManualClock


def jpeg(pixels: Any) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(pixels).convert("RGB").save(buffer, format="JPEG", quality=92)
    return buffer.getvalue()


@pytest.fixture(scope="session")
def cat_photo() -> bytes:
    return jpeg(data.chelsea())  # type: ignore[no-untyped-call]


@pytest.fixture(scope="session")
def rocket_photo() -> bytes:
    return jpeg(data.rocket())  # type: ignore[no-untyped-call]


@pytest.fixture
def cat_b64(cat_photo: bytes) -> str:
    return base64.b64encode(cat_photo).decode()


@pytest.fixture
def settings(tmp_path: Path, model_cache_dir: Path) -> Settings:
    return Settings(
        data_dir=tmp_path / "data",
        cache_dir=model_cache_dir,
        agent_invocation_timeout_seconds=60.0,
        retry_base_delay=0.0,
    )


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def pipeline(settings: Settings) -> Iterator[Pipeline]:
    built = build_pipeline(settings)
    yield built
    built.close()


@pytest.fixture
def stack(settings: Settings, clock: ManualClock, pipeline: Pipeline) -> Stack:
    return build_stack(settings, clock, pipeline)


@pytest.fixture
def finished_job(stack: Stack, cat_photo: bytes) -> str:
    """A job that went through upload → process → worker → completed, with the real pipeline."""
    ticket = stack.service.create_upload()
    key = f"{upload_prefix(ticket.job_id)}image.jpg"
    stack.blobs.put_bytes(key, cat_photo, "image/jpeg")
    stack.service.start_processing(stack.blobs.uri(key))
    worker = stack.worker()
    assert worker.run_once()
    assert stack.jobs.get(ticket.job_id).status == "completed"
    return ticket.job_id
