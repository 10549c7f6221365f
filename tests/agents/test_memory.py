"""The coach memory contract, over every adapter: SQLite, and DynamoDB on a moto server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto.server import ThreadedMotoServer

from petavatar.adapters.local.files import FileBlobStore
from petavatar.agents.memory import (
    CoachMemory,
    CoachSession,
    DynamoCoachMemory,
    SQLiteCoachMemory,
    coach_avatar_key,
)
from petavatar.agents.runtime import AgentLimits
from petavatar.errors import SessionExpiredError
from petavatar.security.signing import UrlSigner
from tests.support.clock import ManualClock

LIMITS = AgentLimits(session_idle_seconds=60, session_max_seconds=600)
PNG = b"\x89PNG\r\n\x1a\n" + b"1" * 32


@pytest.fixture(scope="module")
def moto_endpoint() -> Iterator[str]:
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def blobs(tmp_path: Path, clock: ManualClock) -> FileBlobStore:
    signer = UrlSigner(b"k" * 32, clock, bucket="coach-test")
    return FileBlobStore(tmp_path / "blobs", "coach-test", "http://127.0.0.1:1", signer, clock)


@pytest.fixture(params=["sqlite", "dynamodb"])
def memory(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    clock: ManualClock,
    blobs: FileBlobStore,
) -> Iterator[CoachMemory]:
    if request.param == "sqlite":
        store: CoachMemory = SQLiteCoachMemory(tmp_path / "coach.sqlite3", LIMITS, clock)
    else:
        endpoint = request.getfixturevalue("moto_endpoint")
        client = boto3.client(
            "dynamodb",
            endpoint_url=endpoint,
            region_name="us-east-1",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )
        table = f"coach-{tmp_path.name[-20:]}".replace("_", "-")
        client.create_table(
            TableName=table,
            KeySchema=[{"AttributeName": "session_id", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "session_id", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
        )
        store = DynamoCoachMemory(client, table, blobs, LIMITS, clock)
    yield store
    store.close()


def test_a_session_is_created_on_first_touch_and_saved(
    memory: CoachMemory, clock: ManualClock
) -> None:
    memory.touch("s-1")
    fresh = memory.load("s-1")
    assert fresh is not None and fresh.draft is None and fresh.messages == []
    fresh.job_id, fresh.draft, fresh.avatar_png = "job-1", {"career": {"id": "x"}}, PNG
    tracked: Any = {"role": "user", "content": [{"text": "hi"}], "tracking_id": "t"}
    fresh.messages = [tracked]
    clock.advance(5)
    memory.save(fresh)
    loaded = memory.load("s-1")
    assert loaded is not None
    assert (loaded.job_id, loaded.draft, loaded.avatar_png) == (
        "job-1",
        {"career": {"id": "x"}},
        PNG,
    )
    assert loaded.messages == [{"role": "user", "content": [{"text": "hi"}]}]
    assert loaded.last_seen == fresh.created_at + 5
    assert memory.load("unknown") is None


def test_idle_and_old_sessions_are_closed_for_good(memory: CoachMemory, clock: ManualClock) -> None:
    memory.touch("idle")
    clock.advance(LIMITS.session_idle_seconds + 1)
    with pytest.raises(SessionExpiredError):
        memory.touch("idle")
    assert memory.load("idle") is None
    with pytest.raises(SessionExpiredError):
        memory.touch("idle")

    memory.touch("old")
    for _ in range(LIMITS.session_max_seconds // 50):
        clock.advance(50)
        memory.touch("old")
    clock.advance(50)
    with pytest.raises(SessionExpiredError, match="older than"):
        memory.touch("old")


@pytest.mark.parametrize("memory", ["dynamodb"], indirect=True)
def test_dynamo_keeps_avatars_beside_the_table(memory: CoachMemory, blobs: FileBlobStore) -> None:
    memory.save(CoachSession("s-2", 0.0, 0.0, avatar_png=PNG))
    assert blobs.get_bytes(coach_avatar_key("s-2")) == PNG


def test_on_aws_the_coach_uses_its_stages_table(
    moto_endpoint: str, monkeypatch: pytest.MonkeyPatch, blobs: FileBlobStore, clock: ManualClock
) -> None:
    from petavatar.adapters.aws.naming import stage_names
    from petavatar.agents.hosting import build_coach_memory
    from petavatar.config import Settings

    for name, value in {
        "AWS_ENDPOINT_URL": moto_endpoint,
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
    }.items():
        monkeypatch.setenv(name, value)
    settings = Settings(backend="aws", stage="coachst", aws_bucket_suffix="123")
    memory = build_coach_memory(settings, blobs, LIMITS, clock)
    assert isinstance(memory, DynamoCoachMemory)
    expected = stage_names("coachst", "123").coach_sessions
    assert memory.table == expected == "petavatar-coachst-coach-sessions"
    named = build_coach_memory(
        settings.model_copy(update={"agent_memory_table": "other"}), blobs, LIMITS, clock
    )
    assert isinstance(named, DynamoCoachMemory) and named.table == "other"
