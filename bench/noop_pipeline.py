"""A no-op pipeline for ``bench/service_bench.py`` (``petavatar serve --pipeline``).

``noop_pipeline(settings)`` runs the real pipeline ONCE on a small photo (the
CC0 scikit-image cat at 451×300) and returns a :class:`NoopPipeline` that hands
back that same :class:`PersonaResult` for every job, after reporting the same
progress steps as the real pipeline. The worker still reads the upload, writes
the avatar and report card PNGs and completes the job record for real; only the
model work is gone. The result is built once per process and shared by every
embedded worker.

    petavatar serve --pipeline noop_pipeline:noop_pipeline   (with bench/ on sys.path)
"""

from __future__ import annotations

import io
import threading

from PIL import Image

from petavatar.bootstrap import build_pipeline
from petavatar.config import Settings
from petavatar.domain.models import PetHints
from petavatar.jobs.pipeline import (
    STEP_PROGRESS,
    PersonaPipeline,
    PersonaResult,
    ProgressCallback,
)

_lock = threading.Lock()
_result: PersonaResult | None = None


def small_photo() -> bytes:
    """The CC0 scikit-image cat as a small JPEG."""
    from skimage import data

    buffer = io.BytesIO()
    Image.fromarray(data.chelsea()).save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def persona_once(settings: Settings) -> PersonaResult:
    """One real pipeline run, done the first time it is asked for (per process)."""
    global _result
    with _lock:
        if _result is None:
            pipeline = build_pipeline(settings)
            try:
                _result = pipeline.run(small_photo())
            finally:
                pipeline.close()
        return _result


class NoopPipeline:
    """Returns a fixed, real :class:`PersonaResult` without any model work."""

    def __init__(self, result: PersonaResult) -> None:
        self.result = result

    def close(self) -> None:
        """Nothing to release."""

    def run(
        self,
        image_bytes: bytes,
        *,
        hints: PetHints | None = None,
        job_id: str | None = None,
        progress: ProgressCallback | None = None,
    ) -> PersonaResult:
        if progress is not None:
            for step, percent in STEP_PROGRESS.items():
                progress(percent, step)
        return self.result


def noop_pipeline(settings: Settings) -> PersonaPipeline:
    """The ``--pipeline`` factory."""
    return NoopPipeline(persona_once(settings))
