"""The composition root: builds the whole stack from one :class:`Settings`.

Every entry point (CLI, HTTP app, workers, and later Lambda handlers and the
agent runtime) gets its wiring here and nowhere else: ``build_stack`` picks the
adapters for ``settings.backend`` and ``build_pipeline`` the provider for
``settings.provider``. Heavy modules (FastAPI, onnxruntime, boto3) are imported
only inside the functions that need them, and so are the service's adapters and
use cases, so that ``petavatar generate`` (a pipeline alone) does not load them,
and the pipeline, so that a Lambda API handler (a stack alone) does not load numpy,
PIL or onnxruntime.

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
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from petavatar.clock import Clock, SystemClock
from petavatar.config import Settings
from petavatar.domain.models import PERSONA_PARTS
from petavatar.errors import InvalidInputError, NotFoundError
from petavatar.jobs.keys import GENERATED_PREFIX, META_PREFIX, UPLOADS_PREFIX
from petavatar.security.webhook_targets import Resolver, WebhookTargets, system_resolver

if TYPE_CHECKING:
    import httpx
    from fastapi import FastAPI

    from petavatar.adapters.aws.session import AwsClients
    from petavatar.jobs.pipeline import PersonaPipeline, Pipeline
    from petavatar.jobs.reconcile import Reconciler
    from petavatar.jobs.service import JobService
    from petavatar.jobs.webhook import WebhookSender
    from petavatar.jobs.worker import Loop, Worker
    from petavatar.observability.metrics import Metrics
    from petavatar.ports.blobstore import BlobStore
    from petavatar.ports.jobqueue import JobQueue
    from petavatar.ports.jobstore import JobStore
    from petavatar.ports.keystore import KeyStore
    from petavatar.ports.provider import Provider
    from petavatar.security.signing import UrlSigner

SIGNING_SECRET_FILE = "signing_secret"
DURABLE_PREFIXES = (UPLOADS_PREFIX, META_PREFIX)
"""Blobs fsynced when written: the photo and the presign ticket (owner); generated
outputs are re-created from the photo (see :mod:`petavatar.adapters.local.files`)."""
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
    keys: KeyStore
    service: JobService
    reconciler: Reconciler
    metrics: Metrics
    webhooks: WebhookSender
    pipeline: PersonaPipeline | None = None
    wake: threading.Event = field(default_factory=threading.Event)
    """Set by the service when it queues a job; wakes this stack's idle workers."""
    event_loops: list[Loop] = field(default_factory=list)
    """Loops that feed the service (AWS: the S3 upload-event consumer); serve and worker
    run them beside the workers."""

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
        from petavatar.jobs.worker import Worker

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


def _webhook_targets(settings: Settings, resolver: Resolver | None) -> WebhookTargets:
    return WebhookTargets(
        allow_private=settings.webhook_allow_private,
        allow_loopback=settings.webhook_allow_loopback,
        resolver=resolver or system_resolver,
    )


def webhook_secret(settings: Settings, *, clients: AwsClients | None = None) -> bytes:
    """The webhook HMAC key: a 0600 file in the data directory (created on first use)
    locally; the stage's Secrets Manager secret on AWS (created by provision or the stack)."""
    if settings.backend == "aws":
        from petavatar.adapters.aws.naming import stage_names
        from petavatar.adapters.aws.secrets import read_webhook_secret

        names = stage_names(settings.stage, settings.aws_bucket_suffix)
        sm = _aws_clients(clients).client("secretsmanager")
        return read_webhook_secret(sm, names.webhook_secret)
    from petavatar.adapters.local.private import load_or_create_secret, private_dir

    return load_or_create_secret(private_dir(Path(settings.data_dir)) / WEBHOOK_SECRET_FILE)


def _webhooks(
    settings: Settings,
    clock: Clock,
    client: httpx.Client | None,
    targets: WebhookTargets,
    clients: AwsClients | None,
) -> WebhookSender:
    """The webhook sender; its key (:func:`webhook_secret`) is read on the first delivery."""
    from petavatar.jobs.webhook import WebhookSender

    return WebhookSender(
        lambda: webhook_secret(settings, clients=clients),
        clock,
        targets=targets,
        client=client,
        base_delay=settings.retry_base_delay,
        retries=settings.max_retries,
    )


@dataclass(frozen=True)
class _Ports:
    """A backend's adapters, before the use cases are wired over them."""

    signer: UrlSigner | None
    blobs: BlobStore
    jobs: JobStore
    queue: JobQueue
    keys: KeyStore
    clients: AwsClients | None = None


def _assemble(
    settings: Settings,
    clock: Clock,
    ports: _Ports,
    pipeline: PersonaPipeline | None,
    webhook_client: httpx.Client | None,
    resolver: Resolver | None,
    feeders: Callable[[JobService], list[Loop]] | None = None,
) -> Stack:
    """The use cases (service, reconciler, webhooks) over ``ports``: the same for every backend."""
    from petavatar.jobs.reconcile import Reconciler
    from petavatar.jobs.service import JobService
    from petavatar.observability.metrics import Metrics

    wake = threading.Event()
    targets = _webhook_targets(settings, resolver)
    service = JobService(
        ports.blobs,
        ports.jobs,
        ports.queue,
        settings=settings,
        clock=clock,
        webhook_targets=targets,
        on_enqueue=wake.set,
    )
    reconciler = Reconciler(
        ports.jobs, ports.queue, settings=settings, clock=clock, on_enqueue=wake.set
    )
    return Stack(
        settings=settings,
        clock=clock,
        signer=ports.signer,
        blobs=ports.blobs,
        jobs=ports.jobs,
        queue=ports.queue,
        keys=ports.keys,
        service=service,
        reconciler=reconciler,
        metrics=Metrics(),
        webhooks=_webhooks(settings, clock, webhook_client, targets, ports.clients),
        pipeline=pipeline,
        wake=wake,
        event_loops=feeders(service) if feeders else [],
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
    from petavatar.adapters.local.files import FileBlobStore
    from petavatar.adapters.local.keyfile import FileKeyStore
    from petavatar.adapters.local.private import load_or_create_secret, private_dir
    from petavatar.adapters.local.sqlite_jobstore import SQLiteJobStore
    from petavatar.adapters.local.sqlite_queue import SQLiteJobQueue
    from petavatar.security.signing import UrlSigner

    clock = clock or SystemClock()
    data_dir = private_dir(Path(settings.data_dir))
    secret = load_or_create_secret(data_dir / SIGNING_SECRET_FILE)
    signer = UrlSigner(secret, clock, bucket=settings.bucket)
    blobs = FileBlobStore(
        data_dir / "blobs",
        settings.bucket,
        settings.base_url,
        signer,
        clock,
        durable_prefixes=DURABLE_PREFIXES,
    )
    jobs = SQLiteJobStore(data_dir / "jobs.sqlite3", clock, settings.job_ttl_seconds)
    queue = SQLiteJobQueue(
        data_dir / "queue.sqlite3",
        clock,
        visibility_timeout=settings.visibility_timeout,
        max_receives=settings.max_receives,
    )
    keys = FileKeyStore.in_data_dir(data_dir, clock=clock)
    ports = _Ports(signer, blobs, jobs, queue, keys)
    return _assemble(settings, clock, ports, pipeline, webhook_client, resolver)


def _aws_clients(clients: AwsClients | None) -> AwsClients:
    try:
        from petavatar.adapters.aws.session import AwsClients
    except ImportError as exc:
        raise InvalidInputError(
            "backend=aws needs the aws extra: pip install 'petavatar[aws]'"
        ) from exc
    return clients or AwsClients()


def _not_provisioned(stage: str, exc: NotFoundError) -> NotFoundError:
    return NotFoundError(
        f"stage {stage!r} is not provisioned ({exc.message}): "
        f"run `petavatar aws provision --stage {stage}` first"
    )


def _build_aws_stack(
    settings: Settings,
    clock: Clock | None = None,
    pipeline: PersonaPipeline | None = None,
    *,
    webhook_client: httpx.Client | None = None,
    resolver: Resolver | None = None,
    clients: AwsClients | None = None,
) -> Stack:
    """Wire S3, DynamoDB, SQS and Secrets Manager adapters over the stage's resources."""
    clients = _aws_clients(clients)
    from petavatar.adapters.aws.dynamodb import DynamoJobStore
    from petavatar.adapters.aws.events import SqsUploadEvents
    from petavatar.adapters.aws.naming import stage_names
    from petavatar.adapters.aws.s3 import S3BlobStore
    from petavatar.adapters.aws.sqs import SqsJobQueue, lookup_queue_url

    clock = clock or SystemClock()
    names = stage_names(settings.stage, settings.aws_bucket_suffix)
    settings = settings.model_copy(update={"bucket": names.uploads_bucket})
    sqs = clients.client("sqs")
    blobs = S3BlobStore(
        clients.client("s3"),
        names.uploads_bucket,
        routes={GENERATED_PREFIX: names.generated_bucket},
        clock=clock,
    )
    jobs = DynamoJobStore(clients.client("dynamodb"), names.table, clock, settings.job_ttl_seconds)
    try:
        queue = SqsJobQueue.from_queue_url(
            sqs,
            lookup_queue_url(sqs, names.queue),
            clock,
            settings.visibility_timeout,
            wait_seconds=settings.aws_receive_wait_seconds,
        )
        events_url = lookup_queue_url(sqs, names.events_queue)
        blobs.ping()
        jobs.ping()
    except NotFoundError as exc:
        raise _not_provisioned(names.stage, exc) from exc
    keys = build_keystore(settings, clock, clients=clients)

    def upload_events(service: JobService) -> list[Loop]:
        return [
            SqsUploadEvents(
                sqs,
                events_url,
                names.uploads_bucket,
                service.object_created,
                wait_seconds=settings.aws_receive_wait_seconds,
            )
        ]

    ports = _Ports(None, blobs, jobs, queue, keys, clients)
    return _assemble(settings, clock, ports, pipeline, webhook_client, resolver, upload_events)


def build_stack(
    settings: Settings,
    clock: Clock | None = None,
    pipeline: PersonaPipeline | None = None,
    *,
    webhook_client: httpx.Client | None = None,
    resolver: Resolver | None = None,
    clients: AwsClients | None = None,
) -> Stack:
    """The stack for ``settings.backend`` (``webhook_client``, ``resolver`` and the boto3
    ``clients`` for tests)."""
    if settings.backend == "aws":
        return _build_aws_stack(
            settings,
            clock,
            pipeline,
            webhook_client=webhook_client,
            resolver=resolver,
            clients=clients,
        )
    return _build_local_stack(
        settings, clock, pipeline, webhook_client=webhook_client, resolver=resolver
    )


def build_keystore(
    settings: Settings, clock: Clock | None = None, *, clients: AwsClients | None = None
) -> KeyStore:
    """The API key store for ``settings.backend`` (the CLI's ``keys`` commands use it alone)."""
    if settings.backend == "aws":
        clients = _aws_clients(clients)
        from petavatar.adapters.aws.naming import stage_names
        from petavatar.adapters.aws.secrets import SecretsKeyStore

        names = stage_names(settings.stage, settings.aws_bucket_suffix)
        return SecretsKeyStore(
            clients.client("secretsmanager"),
            names.secret,
            clock=clock,
            cache_seconds=settings.aws_key_cache_seconds,
        )
    from petavatar.adapters.local.keyfile import FileKeyStore

    return FileKeyStore.in_data_dir(Path(settings.data_dir), clock=clock)


def describe_backend(settings: Settings) -> str:
    """Where the service keeps its data, in words (for start-up lines)."""
    if settings.backend == "aws":
        return f"AWS stage {settings.stage!r}"
    return f"data directory {Path(settings.data_dir).resolve()}"


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
    from petavatar.jobs.pipeline import Pipeline
    from petavatar.jobs.retry import RetryPolicy
    from petavatar.providers.pricing import PriceTable

    return Pipeline(
        build_provider(settings),
        clock=clock,
        step_timeout=settings.step_timeout_seconds,
        retry=RetryPolicy(max_retries=settings.max_retries, base_delay=settings.retry_base_delay),
        prices=PriceTable.load(settings.price_file),
    )


def build_job_pipeline(settings: Settings, clock: Clock | None = None) -> PersonaPipeline:
    """What the worker runs jobs with: the pipeline, or the agent runtime when
    ``settings.orchestrator`` is ``agent`` (InvokeAgentRuntime when ``agent_runtime_arn``
    is set, else HTTP to ``agent_runtime_url``)."""
    if settings.orchestrator == "pipeline":
        return build_pipeline(settings, clock)
    from petavatar.agents.client import AgentCoreTransport, AgentPipeline, HttpAgentTransport

    timeout = settings.agent_invocation_timeout_seconds + 30.0
    if settings.agent_runtime_arn:
        return AgentPipeline(AgentCoreTransport(settings.agent_runtime_arn, timeout=timeout))
    return AgentPipeline(HttpAgentTransport(settings.agent_runtime_url, timeout=timeout))
