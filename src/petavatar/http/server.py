"""Wiring for the local (embedded) backends, and ``petavatar serve``.

Data directory layout (``settings.data_dir``)::

    blobs/<bucket>/uploads/{job_id}/…      uploaded photos
    blobs/<bucket>/generated/{job_id}/…    avatar.png, report-card.png
    blobs/<bucket>/meta/{job_id}/…         optional pet hints
    jobs.sqlite3                           job records (WAL)
    queue.sqlite3                          job queue and its dead letters
    api_keys.json                          hashed API keys (0600)
    signing_secret, webhook_secret         HMAC secrets (0600, created on first run)
    tmp/                                   upload spool files
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

import httpx
from fastapi import FastAPI

from petavatar.adapters.local_blobstore import FileBlobStore
from petavatar.adapters.sqlite_jobstore import SQLiteJobStore
from petavatar.adapters.sqlite_queue import SQLiteJobQueue
from petavatar.auth import ApiKeyStore
from petavatar.clock import Clock, SystemClock
from petavatar.config import Settings
from petavatar.http.app import create_app
from petavatar.log import get_logger, log_error
from petavatar.metrics import Metrics
from petavatar.pipeline import Pipeline
from petavatar.service import JobService
from petavatar.signing import UrlSigner
from petavatar.webhook import WEBHOOK_SECRET_FILE, WebhookSender, load_or_create_secret
from petavatar.worker import Worker, WorkerPool

SIGNING_SECRET_FILE = "signing_secret"
SWEEP_INTERVAL_SECONDS = 3600.0

_log = get_logger("server")


@dataclass
class LocalStack:
    """Everything the local service needs, built over one data directory."""

    settings: Settings
    clock: Clock
    signer: UrlSigner
    blobs: FileBlobStore
    jobs: SQLiteJobStore
    queue: SQLiteJobQueue
    keys: ApiKeyStore
    service: JobService
    metrics: Metrics
    webhooks: WebhookSender
    pipeline: Pipeline | None = None
    wake: threading.Event = field(default_factory=threading.Event)
    """Set by the service when it queues a job; wakes this stack's idle workers."""
    _apps: list[FastAPI] = field(default_factory=list)

    def app(self) -> FastAPI:
        """The FastAPI app over this stack."""
        application = create_app(
            self.service,
            self.keys,
            settings=self.settings,
            metrics=self.metrics,
            blobs=self.blobs,
            signer=self.signer,
        )
        self._apps.append(application)
        return application

    def worker(self, pipeline: Pipeline | None = None, *, name: str | None = None) -> Worker:
        """A worker over this stack (``pipeline`` defaults to the stack's)."""
        chosen = pipeline or self.pipeline
        if chosen is None:
            raise ValueError("a pipeline is needed to build a worker")
        return Worker(
            self.blobs,
            self.jobs,
            self.queue,
            chosen,
            settings=self.settings,
            clock=self.clock,
            metrics=self.metrics,
            webhooks=self.webhooks,
            name=name,
            wake=self.wake,
        )


def build_local_stack(
    settings: Settings,
    clock: Clock | None = None,
    pipeline: Pipeline | None = None,
    *,
    webhook_client: httpx.Client | None = None,
) -> LocalStack:
    """Wire FileBlobStore, SQLite job store and queue, API keys and secrets in the data dir."""
    clock = clock or SystemClock()
    data_dir = Path(settings.data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    secret = load_or_create_secret(data_dir / SIGNING_SECRET_FILE)
    signer = UrlSigner(secret, clock, bucket=settings.bucket)
    blobs = FileBlobStore(data_dir / "blobs", settings.bucket, settings.base_url, signer, clock)
    jobs = SQLiteJobStore(data_dir / "jobs.sqlite3", clock, settings.job_ttl_seconds)
    queue = SQLiteJobQueue(
        data_dir / "queue.sqlite3",
        clock,
        visibility_timeout=settings.visibility_timeout,
        max_receives=settings.max_receives,
    )
    keys = ApiKeyStore.in_data_dir(data_dir, clock=clock)
    wake = threading.Event()
    service = JobService(blobs, jobs, queue, settings=settings, clock=clock, on_enqueue=wake.set)
    webhooks = WebhookSender(
        load_or_create_secret(data_dir / WEBHOOK_SECRET_FILE),
        clock,
        client=webhook_client,
        base_delay=settings.retry_base_delay,
        retries=settings.max_retries,
    )
    return LocalStack(
        settings=settings,
        clock=clock,
        signer=signer,
        blobs=blobs,
        jobs=jobs,
        queue=queue,
        keys=keys,
        service=service,
        metrics=Metrics(),
        webhooks=webhooks,
        pipeline=pipeline,
        wake=wake,
    )


def ensure_api_key(keys: ApiKeyStore, out: TextIO) -> str | None:
    """Create and print a first key when none is active; returns it (or None)."""
    if keys.active_count() > 0:
        return None
    key_id, plain = keys.create("default (created by serve)")
    print(f"Created API key {key_id} (shown once; keep it safe): {plain}", file=out)
    return plain


def _sweeper(service: JobService, stop: threading.Event) -> None:
    while not stop.wait(SWEEP_INTERVAL_SECONDS):
        try:
            service.sweep_expired(1000)
        except Exception as exc:
            log_error(_log, "sweep", exc)


def serve(
    settings: Settings,
    pipeline_factory: Callable[[], Pipeline] | None,
    *,
    out: TextIO | None = None,
) -> int:
    """Run the API with uvicorn and ``settings.workers`` embedded worker threads.

    uvicorn handles SIGINT/SIGTERM; on shutdown the workers finish their current
    job before the process exits.
    """
    import uvicorn

    out = out or sys.stdout
    stack = build_local_stack(settings)
    print(f"PetAvatar data directory: {Path(settings.data_dir).resolve()}", file=out)
    ensure_api_key(stack.keys, out)
    workers: list[Worker] = []
    if settings.workers > 0:
        if pipeline_factory is None:
            raise ValueError("serve needs a pipeline factory when workers > 0")
        workers = [
            stack.worker(pipeline_factory(), name=f"serve-worker-{i}")
            for i in range(settings.workers)
        ]
    pool = WorkerPool(workers)
    sweeper_stop = threading.Event()
    sweeper = threading.Thread(
        target=_sweeper, args=(stack.service, sweeper_stop), name="sweeper", daemon=True
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
    return 0
