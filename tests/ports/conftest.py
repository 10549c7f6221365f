"""Backend factories for the port contract suites.

Each port's suite is parametrized over a list of ``(name, factory)`` pairs; a factory takes
``tmp_path`` and a :class:`ManualClock` and returns a fresh, empty adapter. Adding an AWS
adapter (S3 / DynamoDB / SQS on a moto server) is one more entry in each list.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from petavatar.adapters.local.files import FileBlobStore
from petavatar.adapters.local.sqlite_jobstore import SQLiteJobStore
from petavatar.adapters.local.sqlite_queue import SQLiteJobQueue
from petavatar.errors import ForbiddenError
from petavatar.ports.blobstore import BlobStore, PresignedPost
from petavatar.ports.jobqueue import JobQueue
from petavatar.ports.jobstore import JobStore
from petavatar.security.signing import UrlSigner
from tests.support.clock import ManualClock

TEST_BUCKET = "petavatar-test"
TEST_SECRET = b"test-secret-0123456789abcdef"
PUBLIC_BASE_URL = "http://testserver"

JobStoreFactory = Callable[[Path, ManualClock], JobStore]
JobQueueFactory = Callable[[Path, ManualClock], JobQueue]
BlobStoreFactory = Callable[[Path, ManualClock], BlobStore]


def make_sqlite_jobstore(tmp_path: Path, clock: ManualClock) -> JobStore:
    return SQLiteJobStore(tmp_path / "jobs.sqlite3", clock=clock)


def make_sqlite_queue(tmp_path: Path, clock: ManualClock) -> JobQueue:
    return SQLiteJobQueue(tmp_path / "queue.sqlite3", clock=clock)


def make_file_blobstore(tmp_path: Path, clock: ManualClock) -> BlobStore:
    signer = UrlSigner(TEST_SECRET, clock, bucket=TEST_BUCKET)
    return FileBlobStore(tmp_path / "blobs", TEST_BUCKET, PUBLIC_BASE_URL, signer, clock)


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
    """

    name: str
    make: Callable[[Path, ManualClock], BlobStore]
    fetch_signed: Callable[[BlobStore, str], bytes]
    post_signed: Callable[[BlobStore, PresignedPost, dict[str, str], str, bytes], str]
    clock_driven: bool = True


JOBSTORE_BACKENDS: list[tuple[str, JobStoreFactory]] = [("sqlite", make_sqlite_jobstore)]
JOBQUEUE_BACKENDS: list[tuple[str, JobQueueFactory]] = [("sqlite", make_sqlite_queue)]
BLOBSTORE_BACKENDS: list[BlobBackend] = [
    BlobBackend("files", make_file_blobstore, fetch_local_signed, post_local_signed)
]


def _close(obj: object) -> None:
    close = getattr(obj, "close", None)
    if callable(close):
        close()


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


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


@pytest.fixture(params=BLOBSTORE_BACKENDS, ids=[b.name for b in BLOBSTORE_BACKENDS])
def blob_backend(request: pytest.FixtureRequest) -> BlobBackend:
    backend: BlobBackend = request.param
    return backend


@pytest.fixture
def blobstore(blob_backend: BlobBackend, tmp_path: Path, clock: ManualClock) -> Iterator[BlobStore]:
    store = blob_backend.make(tmp_path, clock)
    yield store
    _close(store)
