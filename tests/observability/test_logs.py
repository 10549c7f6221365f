"""Logging never fails the work it describes, even when its stream is gone."""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from petavatar.errors import UnsupportedImageError
from petavatar.observability.logs import configure_logging, get_logger, log_error
from tests.support.fake_pipeline import FakePipeline, tiny_jpeg
from tests.support.stack import make_env


@pytest.fixture
def closed_stream() -> Iterator[io.StringIO]:
    stream = io.StringIO()
    configure_logging("INFO", stream=stream)
    stream.close()  # stderr closed, a pipe whose reader left
    yield stream
    configure_logging("WARNING", stream=sys.stderr)


def test_a_closed_log_stream_drops_lines_instead_of_raising(closed_stream: io.StringIO) -> None:
    log = get_logger("test")
    log.info("still fine")
    log_error(log, "op", UnsupportedImageError("bad photo"))


class _BadPhotoPipeline(FakePipeline):
    def before_steps(self, job_id: str | None) -> None:
        log_error(get_logger("pipeline"), "decode", UnsupportedImageError("bad"))
        raise UnsupportedImageError("the JPEG file is damaged; re-upload it")


def test_a_job_fails_for_its_own_reason_when_logging_is_broken(
    tmp_path: Path, closed_stream: io.StringIO
) -> None:
    env = make_env(tmp_path, pipeline=_BadPhotoPipeline())
    job_id = env.presign()["job_id"]
    env.stack.blobs.put_bytes(f"uploads/{job_id}/original.jpg", tiny_jpeg(), "image/jpeg")
    env.stack.service.object_created(f"uploads/{job_id}/original.jpg")
    assert env.worker.run_once()
    record = env.stack.jobs.get(job_id)
    assert record.status == "failed"
    assert record.error_code == "unsupported_image"
