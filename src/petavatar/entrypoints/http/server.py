"""``petavatar serve``: the HTTP API with embedded workers and the retention sweeper."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from typing import TextIO

from petavatar.bootstrap import Stack, build_stack, describe_backend
from petavatar.config import Settings
from petavatar.jobs.pipeline import PersonaPipeline
from petavatar.jobs.worker import Worker, WorkerPool
from petavatar.observability.logs import get_logger, log_error
from petavatar.ports.keystore import KeyStore

SWEEP_INTERVAL_SECONDS = 3600.0

_log = get_logger("server")


def ensure_api_key(keys: KeyStore, out: TextIO) -> str | None:
    """Create and print a first key when none is active; returns it (or None)."""
    if keys.active_count() > 0:
        return None
    key_id, plain = keys.create("default (created by serve)")
    print(f"Created API key {key_id} (shown once; keep it safe): {plain}", file=out)
    return plain


def housekeeping(stack: Stack, stop: threading.Event) -> None:
    """Reconcile every ``reconcile_interval_seconds`` and sweep expired jobs hourly."""
    interval = stack.settings.reconcile_interval_seconds
    last_sweep = stack.clock.monotonic()
    while True:
        try:
            stack.reconciler.run()
        except Exception as exc:
            log_error(_log, "reconcile", exc)
        if stop.wait(interval):
            return
        if stack.clock.monotonic() - last_sweep >= SWEEP_INTERVAL_SECONDS:
            last_sweep = stack.clock.monotonic()
            try:
                stack.service.sweep_expired(1000)
            except Exception as exc:
                log_error(_log, "sweep", exc)


def serve(
    settings: Settings,
    pipeline_factory: Callable[[], PersonaPipeline] | None,
    *,
    out: TextIO | None = None,
) -> int:
    """Run the API with uvicorn and ``settings.workers`` embedded worker threads.

    uvicorn handles SIGINT/SIGTERM; on shutdown the workers finish their current
    job before the process exits.
    """
    import uvicorn

    out = out or sys.stdout
    stack = build_stack(settings)
    print(f"PetAvatar on {describe_backend(settings)}", file=out)
    ensure_api_key(stack.keys, out)
    workers: list[Worker] = []
    pipeline: PersonaPipeline | None = None
    if settings.workers > 0:
        if pipeline_factory is None:
            raise ValueError("serve needs a pipeline factory when workers > 0")
        pipeline = pipeline_factory()
        workers = [
            stack.worker(pipeline, name=f"serve-worker-{i}") for i in range(settings.workers)
        ]
    pool = WorkerPool([*workers, *stack.event_loops])
    sweeper_stop = threading.Event()
    sweeper = threading.Thread(
        target=housekeeping, args=(stack, sweeper_stop), name="housekeeping", daemon=True
    )
    print(f"Serving on {settings.base_url} (docs at {settings.base_url}/docs)", file=out)
    out.flush()
    config = uvicorn.Config(
        stack.app(),
        host=settings.host,
        port=settings.port,
        log_level=settings.log_level.lower(),
        access_log=False,
        timeout_graceful_shutdown=30,
    )
    server = uvicorn.Server(config)
    pool.start()
    sweeper.start()
    try:
        server.run()
    finally:
        sweeper_stop.set()
        stopped = pool.stop(timeout=60.0)
        if not stopped:
            _log.warning("workers still busy at shutdown", operation="serve")
        stack.webhooks.close()
        if pipeline is not None:
            pipeline.close()
    return 0
