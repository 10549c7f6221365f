"""JobService use cases and their properties, with real local adapters and a ManualClock."""

from __future__ import annotations

import base64
import json
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from petavatar.entrypoints.http.client import PetAvatarClient
from petavatar.errors import ConflictError, InvalidInputError, NotFoundError
from petavatar.jobs.keys import parse_upload_key, validate_job_id
from petavatar.jobs.service import JobService
from tests.support.fake_pipeline import NoPetPipeline, TransientPipeline, tiny_jpeg
from tests.support.stack import Env, make_env

STATUSES = {"queued", "processing", "completed", "failed"}


@pytest.fixture
def env(tmp_path: Path) -> Env:
    return make_env(tmp_path)


def _put_upload(env: Env, job_id: str) -> str:
    key = f"uploads/{job_id}/image.jpg"
    env.stack.blobs.put_bytes(key, tiny_jpeg(), "image/jpeg")
    return key


def test_presigned_constraints(env: Env) -> None:
    ticket = env.stack.service.create_upload()
    validate_job_id(ticket.job_id)
    assert ticket.expires_in == 900
    assert ticket.upload_url.endswith("/uploads")
    policy = json.loads(base64.b64decode(ticket.upload_fields["policy"]))
    conditions = policy["conditions"]
    assert ["starts-with", "$key", f"uploads/{ticket.job_id}/"] in conditions
    assert ["content-length-range", 1, 50 * 1024 * 1024] in conditions
    assert ["in", "$Content-Type", ["image/heic", "image/jpeg", "image/png"]] in conditions
    assert policy["expiration"].startswith("2023-11-14T22:28:20")  # ManualClock start + 900 s
    with pytest.raises(NotFoundError):  # no record until an upload lands
        env.stack.service.get_status(ticket.job_id)


def test_racing_process_and_event_enqueue_once(env: Env) -> None:
    service: JobService = env.stack.service
    for _ in range(5):
        job_id = service.create_upload().job_id
        key = _put_upload(env, job_id)
        barrier = threading.Barrier(6)
        errors: list[BaseException] = []

        def run(
            kind: int,
            key: str = key,
            barrier: threading.Barrier = barrier,
            errors: list[BaseException] = errors,
        ) -> None:
            try:
                barrier.wait()
                if kind % 2:
                    service.object_created(key, 10)
                else:
                    service.start_processing(f"s3://{env.stack.settings.bucket}/{key}")
            except BaseException as exc:  # pragma: no cover - reported below
                errors.append(exc)

        threads = [threading.Thread(target=run, args=(i,)) for i in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
    assert env.stack.queue.depth() == 5


def test_webhook_attached_by_a_later_process_call(env: Env) -> None:
    job_id = env.stack.service.create_upload().job_id
    key = _put_upload(env, job_id)
    env.stack.service.object_created(key, 10)
    accepted = env.stack.service.start_processing(
        f"s3://{env.stack.settings.bucket}/{key}", "https://hooks.example/a"
    )
    assert accepted.status == "queued"
    assert env.stack.jobs.get(job_id).webhook_url == "https://hooks.example/a"


def test_results_conflict_and_not_found(env: Env) -> None:
    with pytest.raises(InvalidInputError):
        env.stack.service.get_results("nope")
    with pytest.raises(NotFoundError):
        env.stack.service.get_results("0b7e3a52-4d7c-4a43-9a54-5b0f7b1e2f10")
    job_id = env.stack.service.create_upload().job_id
    env.stack.service.object_created(_put_upload(env, job_id), 10)
    with pytest.raises(ConflictError):
        env.stack.service.get_results(job_id)


def test_sweep_removes_expired_jobs_and_blobs(env: Env) -> None:
    ticket = env.presign(species="cat")
    env.upload(ticket, tiny_jpeg())
    env.worker.run_once()
    job_id = ticket["job_id"]
    assert env.stack.blobs.list_keys(f"generated/{job_id}/")
    env.clock.advance(6 * 24 * 3600)
    assert env.stack.service.sweep_expired() == 0
    env.clock.advance(24 * 3600 + 1)
    assert env.stack.service.sweep_expired() == 1
    for prefix in ("uploads/", "generated/", "meta/"):
        assert env.stack.blobs.list_keys(prefix) == []
    with pytest.raises(NotFoundError):
        env.stack.service.get_status(job_id)


def test_parse_upload_key() -> None:
    job = "0b7e3a52-4d7c-4a43-9a54-5b0f7b1e2f10"
    assert parse_upload_key(f"uploads/{job}/image.jpg") == (job, "image.jpg")
    for bad in (
        f"uploads/{job}/",
        f"uploads/{job}/a/b.jpg",
        f"uploads/{job}/..",
        f"uploads/{job.upper()}/x.jpg",
        "uploads/x/y.jpg",
        f"generated/{job}/avatar.png",
    ):
        assert parse_upload_key(bad) is None


@settings(max_examples=50, deadline=None)
@given(job_id=st.text(max_size=60))
def test_malformed_ids_are_invalid_input_not_crashes(job_id: str) -> None:
    try:
        validate_job_id(job_id)
    except InvalidInputError as exc:
        assert exc.status_code == 400
    else:
        assert parse_upload_key(f"uploads/{job_id}/x.jpg") == (job_id, "x.jpg")


@pytest.fixture(scope="module")
def lifecycle_env(tmp_path_factory: pytest.TempPathFactory) -> Env:
    return make_env(tmp_path_factory.mktemp("lifecycle"))


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=st.lists(st.sampled_from(["upload", "work", "tick", "fail_next"]), max_size=12))
def test_status_always_valid(lifecycle_env: Env, steps: list[str]) -> None:
    """Whatever happens, every known job reports one of the 4 statuses and progress 0-100."""
    env = lifecycle_env
    jobs: list[str] = []
    for step in steps:
        if step == "upload":
            ticket = env.presign()
            env.upload(ticket, tiny_jpeg())
            jobs.append(ticket["job_id"])
        elif step == "work":
            env.worker.run_once()
        elif step == "tick":
            env.clock.advance(300)
        else:
            env.worker.pipeline = NoPetPipeline()
            env.worker.run_once()
            env.worker.pipeline = env.pipeline
        for job_id in jobs:
            status = env.stack.service.get_status(job_id)
            assert status.status in STATUSES
            assert 0 <= status.progress <= 100
            if status.status == "failed":
                assert status.error and status.error_code
            if status.status == "completed":
                assert status.progress == 100
                assert env.stack.service.get_results(job_id).avatar_url


def test_client_submit_flow_in_process(env: Env, tmp_path: Path) -> None:
    """PetAvatarClient (as used by `petavatar submit`) against the in-process app."""
    photo = tmp_path / "cat.jpg"
    photo.write_bytes(tiny_jpeg())
    progress: list[tuple[int, str]] = []

    def work(_: float) -> None:
        env.worker.run_once()

    client = PetAvatarClient("http://testserver", env.api_key, client=env.client, sleep=work)
    result = client.submit(
        photo,
        tmp_path / "out",
        hints={"species": "dog"},
        on_progress=lambda p, s: progress.append((p, s)),
        poll_interval=0,
    )
    assert result.avatar_path.read_bytes().startswith(b"\x89PNG")
    assert result.report_card_path.exists()
    assert result.report_card_og_path.read_bytes().startswith(b"\x89PNG")
    identity = json.loads(result.identity_path.read_text())
    assert identity["identity"]["human_name"] == "Margaret Whiskerton"
    assert progress[-1] == (100, "completed")
    assert env.stack.jobs.get(result.job_id).s3_upload_key == (
        f"uploads/{result.job_id}/original.jpg"
    )


def test_client_surfaces_failures(tmp_path: Path) -> None:
    from petavatar.entrypoints.http.client import ApiError

    env = make_env(tmp_path, pipeline=TransientPipeline())
    photo = tmp_path / "x.jpg"
    photo.write_bytes(tiny_jpeg())

    def tick(_: float) -> None:
        env.clock.advance(1000)
        env.worker.run_once()

    client = PetAvatarClient("http://testserver", env.api_key, client=env.client, sleep=tick)
    with pytest.raises(ApiError) as info:
        client.submit(photo, tmp_path / "out", poll_interval=0)
    assert info.value.code == "provider_unavailable"
    text = tmp_path / "t.jpg"
    text.write_text("nope")
    with pytest.raises(ApiError):
        client.submit(text, tmp_path / "out")
    bad = PetAvatarClient("http://testserver", "wrong", client=env.client)
    with pytest.raises(ApiError) as info:
        bad.presign()
    assert info.value.status == 401
