"""Backend factories for the port contract suites.

Each port's suite is parametrized over a list of ``(name, factory)`` pairs; a factory takes
``tmp_path`` and a :class:`ManualClock` and returns a fresh, empty adapter. The AWS entries
make fresh resources on the session's moto server (tests/support/moto.py explains which
clocks the ManualClock drives there).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import httpx
import pytest

from petavatar.adapters.local.files import FileBlobStore
from petavatar.adapters.local.keyfile import FileKeyStore
from petavatar.adapters.local.sqlite_jobstore import SQLiteJobStore
from petavatar.adapters.local.sqlite_queue import SQLiteJobQueue
from petavatar.errors import AuthenticationError, ForbiddenError, NotFoundError
from petavatar.ports.blobstore import BlobStore, PresignedPost
from petavatar.ports.jobqueue import JobQueue
from petavatar.ports.jobstore import JobStore
from petavatar.ports.keystore import KeyStore
from petavatar.security.signing import UrlSigner
from tests.support import moto
from tests.support.clock import ManualClock
from tests.support.s3_policy import check_post

TEST_BUCKET = "petavatar-test"
TEST_SECRET = b"test-secret-0123456789abcdef"
PUBLIC_BASE_URL = "http://testserver"

JobStoreFactory = Callable[[Path, ManualClock], JobStore]
JobQueueFactory = Callable[[Path, ManualClock], JobQueue]
BlobStoreFactory = Callable[[Path, ManualClock], BlobStore]
KeyStoreFactory = Callable[[Path, ManualClock], KeyStore]
"""Called twice with the same ``tmp_path``, a key store factory returns two instances over
the same storage (a server and an operator's CLI)."""


def make_sqlite_jobstore(tmp_path: Path, clock: ManualClock) -> JobStore:
    return SQLiteJobStore(tmp_path / "jobs.sqlite3", clock=clock)


def make_sqlite_queue(tmp_path: Path, clock: ManualClock) -> JobQueue:
    return SQLiteJobQueue(tmp_path / "queue.sqlite3", clock=clock)


def make_file_blobstore(tmp_path: Path, clock: ManualClock) -> BlobStore:
    signer = UrlSigner(TEST_SECRET, clock, bucket=TEST_BUCKET)
    return FileBlobStore(tmp_path / "blobs", TEST_BUCKET, PUBLIC_BASE_URL, signer, clock)


def make_file_keystore(tmp_path: Path, clock: ManualClock) -> KeyStore:
    return FileKeyStore.in_data_dir(tmp_path / "keys", clock=clock)


def make_secrets_keystore(tmp_path: Path, clock: ManualClock) -> KeyStore:
    import hashlib

    from petavatar.adapters.aws.secrets import SecretsKeyStore

    client = moto.clients().client("secretsmanager")
    name = "keys-" + hashlib.sha256(str(tmp_path).encode()).hexdigest()[:16]
    if not client.list_secrets(Filters=[{"Key": "name", "Values": [name]}])["SecretList"]:
        client.create_secret(Name=name, SecretString='{"version": 1, "keys": []}')
    return SecretsKeyStore(client, name, clock=clock)


def fetch_local_signed(store: BlobStore, url: str) -> bytes:
    """What the local HTTP layer does for ``GET /blobs/{key}?expires&signature``."""
    assert isinstance(store, FileBlobStore)
    parts = urlsplit(url)
    assert url.startswith(f"{PUBLIC_BASE_URL}/blobs/")
    key = unquote(parts.path.removeprefix("/blobs/"))
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    store.signer.verify_get(key, query.get("expires", ""), query.get("signature", ""))
    return store.get_bytes(key)


def post_local_signed(
    store: BlobStore, post: PresignedPost, fields: dict[str, str], filename: str, data: bytes
) -> str:
    """What the local HTTP layer does for ``POST /uploads``; returns the stored key."""
    assert isinstance(store, FileBlobStore)
    assert post.url == f"{PUBLIC_BASE_URL}/uploads"
    policy = store.signer.verify_post(fields)
    if not policy.allows_content_type(fields.get("Content-Type", "")):
        raise ForbiddenError("content type not allowed")
    key = policy.resolve_key(filename)
    if not policy.allows_size(len(data)):
        raise ForbiddenError("size not allowed")
    store.put_stream(key, io.BytesIO(data), fields["Content-Type"], policy.max_bytes)
    return key


@dataclass(frozen=True)
class BlobBackend:
    """A blob store adapter plus how an anonymous client uses its presigned URLs.

    ``fetch_signed`` / ``post_signed`` raise AuthenticationError or ForbiddenError when the
    backend refuses (an S3 entry maps HTTP 403 to those). ``clock_driven`` says whether the
    ManualClock decides expiry (False for a real S3 endpoint, which uses real time).
    ``verifies_signatures`` is False where the endpoint serves a tampered presigned GET
    (moto checks no signatures). ``exact_content_types`` is False where a POST policy can
    only narrow the Content-Type to a prefix (S3 has no "one of" condition; see s3.py).
    """

    name: str
    make: Callable[[Path, ManualClock], BlobStore]
    fetch_signed: Callable[[BlobStore, str], bytes]
    post_signed: Callable[[BlobStore, PresignedPost, dict[str, str], str, bytes], str]
    clock_driven: bool = True
    verifies_signatures: bool = True
    exact_content_types: bool = True


def make_dynamo_jobstore(tmp_path: Path, clock: ManualClock) -> JobStore:
    from petavatar.adapters.aws.dynamodb import DynamoJobStore

    client = moto.clients().client("dynamodb")
    table = moto.unique("jobs")
    client.create_table(
        TableName=table,
        KeySchema=[{"AttributeName": "job_id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "job_id", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    return DynamoJobStore(client, table, clock)


def make_sqs_queue(tmp_path: Path, clock: ManualClock) -> JobQueue:
    import json

    from petavatar.adapters.aws.sqs import SqsJobQueue

    moto.follow_clock(clock)
    client = moto.clients().client("sqs")
    name = moto.unique("jobs")
    dlq_url = client.create_queue(QueueName=f"{name}-dlq")["QueueUrl"]  # found via the policy
    dlq_arn = client.get_queue_attributes(QueueUrl=dlq_url, AttributeNames=["QueueArn"])[
        "Attributes"
    ]["QueueArn"]
    redrive = json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": 3})
    url = client.create_queue(
        QueueName=name,
        Attributes={
            "VisibilityTimeout": "900",
            "MessageRetentionPeriod": "1209600",
            "RedrivePolicy": redrive,
        },
    )["QueueUrl"]
    return SqsJobQueue.from_queue_url(client, url, clock)


def make_s3_blobstore(tmp_path: Path, clock: ManualClock) -> BlobStore:
    from petavatar.adapters.aws.s3 import S3BlobStore

    client = moto.clients().client("s3")
    bucket = moto.unique("blobs")
    client.create_bucket(Bucket=bucket)
    return S3BlobStore(client, bucket, clock=clock)


def _raise_for(response: httpx.Response) -> None:
    if response.status_code in (401, 403):
        raise ForbiddenError(f"S3 refused: {response.status_code} {response.text[:200]}")
    if response.status_code == 404:
        raise NotFoundError("S3: no such object")
    response.raise_for_status()


def fetch_s3_signed(store: BlobStore, url: str) -> bytes:
    """An anonymous GET of a presigned S3 URL."""
    response = httpx.get(url, timeout=30)
    _raise_for(response)
    return response.content


def post_s3_signed(
    store: BlobStore, post: PresignedPost, fields: dict[str, str], filename: str, data: bytes
) -> str:
    """A browser POST to S3: the policy checked as S3 would (moto does not), then stored."""
    try:
        key = check_post(
            fields, filename, len(data), bucket=store.bucket, secret_key=moto.SECRET_KEY
        )
    except AuthenticationError as exc:
        raise ForbiddenError(exc.message) from exc
    content_type = fields.get("Content-Type", "application/octet-stream")
    files = {"file": (filename, data, content_type)}
    response = httpx.post(post.url, data=fields, files=files, timeout=30)
    _raise_for(response)
    return key


JOBSTORE_BACKENDS: list[tuple[str, JobStoreFactory]] = [
    ("sqlite", make_sqlite_jobstore),
    ("dynamodb", make_dynamo_jobstore),
]
JOBQUEUE_BACKENDS: list[tuple[str, JobQueueFactory]] = [
    ("sqlite", make_sqlite_queue),
    ("sqs", make_sqs_queue),
]
KEYSTORE_BACKENDS: list[tuple[str, KeyStoreFactory]] = [
    ("file", make_file_keystore),
    ("secretsmanager", make_secrets_keystore),
]
BLOBSTORE_BACKENDS: list[BlobBackend] = [
    BlobBackend("files", make_file_blobstore, fetch_local_signed, post_local_signed),
    BlobBackend(
        "s3",
        make_s3_blobstore,
        fetch_s3_signed,
        post_s3_signed,
        clock_driven=False,
        verifies_signatures=False,
        exact_content_types=False,
    ),
]


def _close(obj: object) -> None:
    close = getattr(obj, "close", None)
    if callable(close):
        close()


@pytest.fixture
def clock() -> Iterator[ManualClock]:
    yield ManualClock()
    moto.real_time()  # an SQS factory may have pointed moto's clock at this one


@pytest.fixture(params=[f for _, f in JOBSTORE_BACKENDS], ids=[n for n, _ in JOBSTORE_BACKENDS])
def jobstore_factory(request: pytest.FixtureRequest) -> JobStoreFactory:
    factory: JobStoreFactory = request.param
    return factory


@pytest.fixture
def jobstore(
    jobstore_factory: JobStoreFactory, tmp_path: Path, clock: ManualClock
) -> Iterator[JobStore]:
    store = jobstore_factory(tmp_path, clock)
    yield store
    _close(store)


@pytest.fixture(params=[f for _, f in JOBQUEUE_BACKENDS], ids=[n for n, _ in JOBQUEUE_BACKENDS])
def jobqueue_factory(request: pytest.FixtureRequest) -> JobQueueFactory:
    factory: JobQueueFactory = request.param
    return factory


@pytest.fixture
def jobqueue(
    jobqueue_factory: JobQueueFactory, tmp_path: Path, clock: ManualClock
) -> Iterator[JobQueue]:
    queue = jobqueue_factory(tmp_path, clock)
    yield queue
    _close(queue)


@pytest.fixture(params=[f for _, f in KEYSTORE_BACKENDS], ids=[n for n, _ in KEYSTORE_BACKENDS])
def keystore_factory(request: pytest.FixtureRequest) -> KeyStoreFactory:
    factory: KeyStoreFactory = request.param
    return factory


@pytest.fixture(params=BLOBSTORE_BACKENDS, ids=[b.name for b in BLOBSTORE_BACKENDS])
def blob_backend(request: pytest.FixtureRequest) -> BlobBackend:
    backend: BlobBackend = request.param
    return backend


@pytest.fixture
def blobstore(blob_backend: BlobBackend, tmp_path: Path, clock: ManualClock) -> Iterator[BlobStore]:
    store = blob_backend.make(tmp_path, clock)
    yield store
    _close(store)
