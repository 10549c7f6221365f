"""The composition root: builds the whole stack from one :class:`Settings`.

Every entry point (CLI, HTTP app, workers, and later Lambda handlers and the
agent runtime) gets its wiring here and nowhere else: ``build_stack`` picks the
adapters for ``settings.backend`` and ``build_pipeline`` the provider for
``settings.provider``. Heavy modules (FastAPI, onnxruntime, boto3) are imported
only inside the functions that need them.

Local data directory layout (``settings.data_dir``)::

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

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import httpx

from petavatar.adapters.local.files import FileBlobStore
from petavatar.adapters.local.private import load_or_create_secret, private_dir
from petavatar.adapters.local.sqlite_jobstore import SQLiteJobStore
from petavatar.adapters.local.sqlite_queue import SQLiteJobQueue
from petavatar.clock import Clock, SystemClock
from petavatar.config import Settings
from petavatar.domain.models import PERSONA_PARTS
from petavatar.errors import InvalidInputError
from petavatar.jobs.pipeline import PersonaPipeline, Pipeline
from petavatar.jobs.reconcile import Reconciler
from petavatar.jobs.retry import RetryPolicy
from petavatar.jobs.service import JobService
from petavatar.jobs.webhook import WebhookSender
from petavatar.jobs.worker import Worker
from petavatar.observability.metrics import Metrics
from petavatar.ports.blobstore import BlobStore
from petavatar.ports.jobqueue import JobQueue
from petavatar.ports.jobstore import JobStore
from petavatar.ports.provider import Provider
from petavatar.providers.pricing import PriceTable
from petavatar.security.apikeys import ApiKeyStore
from petavatar.security.signing import UrlSigner
from petavatar.security.webhook_targets import Resolver, WebhookTargets, system_resolver

if TYPE_CHECKING:
    from fastapi import FastAPI

SIGNING_SECRET_FILE = "signing_secret"
WEBHOOK_SECRET_FILE = "webhook_secret"


@dataclass
class Stack:
    """Everything the service needs: the ports' adapters and the use cases over them."""

    settings: Settings
    clock: Clock
    signer: UrlSigner | None
    """The local URL signer (None where the blob store signs its own URLs, as S3 does)."""
    blobs: BlobStore
    jobs: JobStore
    queue: JobQueue
    keys: ApiKeyStore
    service: JobService
    reconciler: Reconciler
    metrics: Metrics
    webhooks: WebhookSender
    pipeline: PersonaPipeline | None = None
    wake: threading.Event = field(default_factory=threading.Event)
    """Set by the service when it queues a job; wakes this stack's idle workers."""

    def app(self) -> FastAPI:
        """The FastAPI app over this stack (FastAPI is imported only when an app is built)."""
        from petavatar.entrypoints.http.app import create_app

        return create_app(
            self.service,
            self.keys,
            settings=self.settings,
            metrics=self.metrics,
            blobs=self.blobs,
            signer=self.signer,
        )

    def worker(self, pipeline: PersonaPipeline | None = None, *, name: str | None = None) -> Worker:
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


def _build_local_stack(
    settings: Settings,
    clock: Clock | None = None,
    pipeline: PersonaPipeline | None = None,
    *,
    webhook_client: httpx.Client | None = None,
    resolver: Resolver | None = None,
) -> Stack:
    """Wire FileBlobStore, SQLite job store and queue, API keys and secrets in the data dir."""
    clock = clock or SystemClock()
    data_dir = private_dir(Path(settings.data_dir))
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
    targets = WebhookTargets(
        allow_private=settings.webhook_allow_private,
        allow_loopback=settings.webhook_allow_loopback,
        resolver=resolver or system_resolver,
    )
    service = JobService(
        blobs,
        jobs,
        queue,
        settings=settings,
        clock=clock,
        webhook_targets=targets,
        on_enqueue=wake.set,
    )
    reconciler = Reconciler(jobs, queue, settings=settings, clock=clock, on_enqueue=wake.set)
    webhooks = WebhookSender(
        load_or_create_secret(data_dir / WEBHOOK_SECRET_FILE),
        clock,
        targets=targets,
        client=webhook_client,
        base_delay=settings.retry_base_delay,
        retries=settings.max_retries,
    )
    return Stack(
        settings=settings,
        clock=clock,
        signer=signer,
        blobs=blobs,
        jobs=jobs,
        queue=queue,
        keys=keys,
        service=service,
        reconciler=reconciler,
        metrics=Metrics(),
        webhooks=webhooks,
        pipeline=pipeline,
        wake=wake,
    )


def build_stack(
    settings: Settings,
    clock: Clock | None = None,
    pipeline: PersonaPipeline | None = None,
    *,
    webhook_client: httpx.Client | None = None,
    resolver: Resolver | None = None,
) -> Stack:
    """The stack for ``settings.backend`` (``webhook_client`` and ``resolver`` for tests)."""
    if settings.backend == "local":
        return _build_local_stack(
            settings, clock, pipeline, webhook_client=webhook_client, resolver=resolver
        )
    raise InvalidInputError(
        f"backend {settings.backend!r} is not available in this build; use backend=local"
    )


def build_provider(settings: Settings) -> Provider:
    """The provider for ``settings``: one provider, or a mix when steps choose their own.

    Each provider is built once however many steps use it; cloud providers
    (and so boto3/openai) are imported only when a step asks for them.
    """
    chosen = {part: settings.provider_for(part) for part in PERSONA_PARTS}
    built = {name: _build_named_provider(name, settings) for name in dict.fromkeys(chosen.values())}
    if len(built) == 1:
        return next(iter(built.values()))
    from petavatar.providers.composite import MixedProvider

    return MixedProvider({part: built[name] for part, name in chosen.items()})


def _build_named_provider(name: str, settings: Settings) -> Provider:
    if name == "local":
        from petavatar.providers.local.provider import LocalProvider, LocalProviderConfig

        return LocalProvider(
            LocalProviderConfig(
                cache_dir=settings.cache_dir,
                timeout_seconds=settings.step_timeout_seconds,
                model=settings.classifier_model,
                views=settings.classifier_views,
            )
        )
    if name == "bedrock":
        return _build_bedrock(settings)
    if name == "openai":
        return _build_openai(settings)
    raise InvalidInputError(
        f"provider {name!r} is not available in this build; "
        "use local, bedrock or openai (PETAVATAR_PROVIDER)"
    )


def _missing_extra(exc: ImportError) -> InvalidInputError:
    return InvalidInputError(
        f"this provider needs the 'providers' extra ({exc.name} is not installed); "
        "install it with: pip install 'petavatar[providers]'"
    )


def _build_bedrock(settings: Settings) -> Provider:
    try:
        from petavatar.providers.bedrock.provider import BedrockConfig, BedrockProvider
    except ImportError as exc:
        raise _missing_extra(exc) from exc
    return BedrockProvider(
        BedrockConfig(
            region=settings.bedrock_region,
            text_model_id=settings.bedrock_text_model_id,
            image_model_id=settings.bedrock_image_model_id,
            image_region=settings.bedrock_image_region,
            structured_output=settings.bedrock_structured_output,
            condition_on_photo=settings.bedrock_condition_on_photo,
            max_tokens=settings.bedrock_max_tokens,
            timeout_seconds=settings.provider_request_timeout,
        )
    )


def _build_openai(settings: Settings) -> Provider:
    try:
        from petavatar.providers.openai_compat.provider import OpenAICompatProvider, OpenAIConfig
    except ImportError as exc:
        raise _missing_extra(exc) from exc
    return OpenAICompatProvider(
        OpenAIConfig(
            base_url=settings.openai_base_url,
            api_key=settings.openai_api_key,
            chat_model=settings.openai_chat_model,
            image_model=settings.openai_image_model,
            output_mode=settings.openai_output_mode,
            images=settings.openai_images,
            timeout_seconds=settings.provider_request_timeout,
        )
    )


def build_pipeline(settings: Settings, clock: Clock | None = None) -> Pipeline:
    """The pipeline the CLI, the server and the worker use."""
    return Pipeline(
        build_provider(settings),
        clock=clock,
        step_timeout=settings.step_timeout_seconds,
        retry=RetryPolicy(max_retries=settings.max_retries, base_delay=settings.retry_base_delay),
        prices=PriceTable.load(settings.price_file),
    )
