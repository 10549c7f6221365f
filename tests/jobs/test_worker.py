"""Worker failure policy, progress, crash-safety rules and webhooks (ManualClock, no sleeping)."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import httpx

from petavatar.clock import SystemClock
from petavatar.errors import StorageError
from petavatar.jobs.webhook import SIGNATURE_HEADER, WebhookSender, sign_body, verify_signature
from petavatar.jobs.worker import WorkerPool
from petavatar.security.webhook_targets import WebhookTargets
from tests.support.clock import ManualClock
from tests.support.fake_pipeline import (
    CallbackPipeline,
    CrashingPipeline,
    FakePipeline,
    NoPetPipeline,
    TimeoutPipeline,
    TransientPipeline,
    tiny_jpeg,
)
from tests.support.network import fake_resolver
from tests.support.stack import Env, make_env


def _submit(env: Env, **process: str) -> str:
    ticket = env.presign()
    job_id: str = ticket["job_id"]
    assert env.upload(ticket, tiny_jpeg()).status_code == 204
    if process:
        assert env.process(env.uri(job_id), **process).status_code == 202
    return job_id


def _status(env: Env, job_id: str) -> dict[str, object]:
    body: dict[str, object] = env.client.get(f"/status/{job_id}", headers=env.headers).json()
    return body


def test_transient_failure_is_released_and_redelivered(tmp_path: Path) -> None:
    pipeline = TransientPipeline(failures=1)
    env = make_env(tmp_path, pipeline=pipeline)
    job_id = _submit(env)
    assert env.worker.run_once()
    assert env.worker.last_outcome is not None and env.worker.last_outcome.result == "retried"
    assert _status(env, job_id)["status"] == "queued"
    assert not env.worker.run_once()  # hidden for the backoff
    env.clock.advance(env.worker.retry_delay)
    assert env.worker.run_once()
    assert _status(env, job_id)["status"] == "completed"
    assert env.stack.jobs.get(job_id).attempts == 2


def test_three_receives_fail_the_job_and_dead_letter_it(tmp_path: Path) -> None:
    env = make_env(tmp_path, pipeline=TransientPipeline())
    job_id = _submit(env)
    for _ in range(3):
        env.clock.advance(1000)
        assert env.worker.run_once()
    status = _status(env, job_id)
    assert status["status"] == "failed"
    assert status["error_code"] == "provider_unavailable"
    assert "gave up after 3 attempts" in str(status["error"])
    env.clock.advance(1000)
    assert not env.worker.run_once()
    assert env.stack.queue.dead_letter_depth() == 1
    assert env.stack.queue.dead_letters()[0].job_id == job_id
    assert env.stack.queue.depth() == 0
    metrics = env.client.get("/metrics").text
    assert "petavatar_dead_letter_depth 1.0" in metrics
    assert 'petavatar_jobs_processed_total{outcome="retried"} 2.0' in metrics


def test_permanent_failure_fails_immediately_with_message(tmp_path: Path) -> None:
    env = make_env(tmp_path, pipeline=NoPetPipeline())
    job_id = _submit(env)
    assert env.worker.run_once()
    status = _status(env, job_id)
    assert status["status"] == "failed"
    assert status["error_code"] == "no_pet_found"
    assert "no animal found" in str(status["error"])
    assert env.stack.queue.depth() == 0
    assert env.stack.queue.dead_letter_depth() == 0


def test_timeout_is_transient_and_reported(tmp_path: Path) -> None:
    env = make_env(tmp_path, pipeline=TimeoutPipeline())
    job_id = _submit(env)
    for _ in range(3):
        env.clock.advance(1000)
        env.worker.run_once()
    status = _status(env, job_id)
    assert status["status"] == "failed"
    assert status["error_code"] == "timeout"
    assert "took longer" in str(status["error"])


def test_unexpected_exception_never_kills_the_loop(tmp_path: Path) -> None:
    env = make_env(tmp_path, pipeline=CrashingPipeline())
    job_id = _submit(env)
    assert env.worker.run_once()
    assert _status(env, job_id)["status"] == "queued"
    assert env.worker.last_outcome is not None
    assert env.worker.last_outcome.error_code == "internal_error"


def test_progress_is_visible_mid_run(tmp_path: Path) -> None:
    seen: list[dict[str, object]] = []
    holder: list[Env] = []

    def hook(job_id: str | None) -> None:
        env = holder[0]
        seen.append(_status(env, str(job_id)))

    env = make_env(tmp_path, pipeline=CallbackPipeline(hook))
    holder.append(env)
    job_id = _submit(env)
    env.worker.run_once()
    assert seen[0]["status"] == "processing"
    assert _status(env, job_id)["progress"] == 100


def test_results_are_written_before_completion(tmp_path: Path) -> None:
    env = make_env(tmp_path)
    job_id = _submit(env)
    original_complete = env.stack.jobs.complete
    observed: list[bool] = []

    def complete(*args: object, **kwargs: object) -> bool:
        observed.append(env.stack.blobs.exists(f"generated/{job_id}/avatar.png"))
        observed.append(env.stack.blobs.exists(f"generated/{job_id}/report-card.png"))
        return original_complete(*args, **kwargs)  # type: ignore[arg-type]

    env.stack.jobs.complete = complete  # type: ignore[method-assign]
    env.worker.run_once()
    assert observed == [True, True]


def test_storage_failure_while_saving_is_retried(tmp_path: Path) -> None:
    env = make_env(tmp_path)
    job_id = _submit(env)
    original = env.stack.blobs.put_bytes
    calls = [0]

    def flaky(key: str, data: bytes, content_type: str):  # type: ignore[no-untyped-def]
        calls[0] += 1
        if calls[0] == 1:
            raise StorageError("disk full")
        return original(key, data, content_type)

    env.stack.blobs.put_bytes = flaky  # type: ignore[method-assign]
    env.worker.run_once()
    assert _status(env, job_id)["status"] == "queued"
    env.clock.advance(60)
    env.worker.run_once()
    assert _status(env, job_id)["status"] == "completed"


def test_crashed_worker_takeover_completes_once(tmp_path: Path) -> None:
    """A worker that claimed a job and died: the message returns and a new worker finishes."""
    env = make_env(tmp_path)
    job_id = _submit(env)
    received = env.stack.queue.receive()
    assert env.stack.jobs.claim(job_id, "dead-worker") is not None  # then it "dies"
    assert received
    assert not env.worker.run_once()  # still invisible
    env.clock.advance(env.stack.settings.visibility_timeout + 1)
    assert env.worker.run_once()
    assert _status(env, job_id)["status"] == "completed"
    # The dead worker's late completion is refused: exactly one completion.
    assert not env.stack.jobs.complete(
        job_id,
        "dead-worker",
        s3_avatar_key="x",
        s3_report_card_key="y",
        identity_package={},
        pet_analysis={},
        career_profile={},
        usage={},
    )
    assert isinstance(env.pipeline, FakePipeline)
    assert env.pipeline.calls == [job_id]


def test_worker_pool_processes_and_stops(tmp_path: Path) -> None:
    env = make_env(tmp_path)
    job_ids = [_submit(env) for _ in range(4)]
    workers = [env.stack.worker(name=f"w{i}") for i in range(2)]
    for worker in workers:
        worker.poll_interval = 0.01
    pool = WorkerPool(workers)
    pool.start()
    done = threading.Event()
    for _ in range(500):
        if all(_status(env, j)["status"] == "completed" for j in job_ids):
            done.set()
            break
        done.wait(0.01)
    assert pool.stop(timeout=5)
    assert done.is_set()
    assert isinstance(env.pipeline, FakePipeline)
    assert sorted(env.pipeline.calls) == sorted(job_ids)  # type: ignore[type-var]


# -- webhooks ---------------------------------------------------------------------------------


def test_webhook_on_completion_is_signed(tmp_path: Path) -> None:
    env = make_env(tmp_path)
    job_id = _submit(env, webhook_url="https://hooks.example/petavatar")
    env.worker.run_once()
    assert len(env.webhook_calls) == 1
    request = env.webhook_calls[0]
    assert str(request.url) == "https://hooks.example/petavatar"
    body = request.content
    assert json.loads(body) == {"job_id": job_id, "status": "completed"}
    secret = bytes.fromhex((env.stack.settings.data_dir / "webhook_secret").read_text())
    assert verify_signature(secret, body, request.headers[SIGNATURE_HEADER])
    assert request.headers[SIGNATURE_HEADER] == sign_body(secret, body)


def test_webhook_on_failure_carries_the_error(tmp_path: Path) -> None:
    env = make_env(tmp_path, pipeline=NoPetPipeline())
    job_id = _submit(env, webhook_url="https://hooks.example/failed")
    env.worker.run_once()
    payload = json.loads(env.webhook_calls[0].content)
    assert payload["job_id"] == job_id and payload["status"] == "failed"
    assert payload["error"]["error"] == "no_pet_found"


def test_webhook_retries_with_backoff_and_never_fails_the_job(tmp_path: Path) -> None:
    env = make_env(tmp_path, webhook_status=503)
    job_id = _submit(env, webhook_url="https://hooks.example/x")
    sleeps_before = list(env.clock.sleeps)
    env.worker.run_once()
    assert len(env.webhook_calls) == 4
    assert env.clock.sleeps[len(sleeps_before) :] == [1.0, 2.0, 4.0]
    assert _status(env, job_id)["status"] == "completed"


def test_webhook_sender_gives_up_on_4xx_and_survives_network_errors() -> None:
    clock = ManualClock()
    attempts: list[int] = []

    def not_found(request: httpx.Request) -> httpx.Response:
        attempts.append(1)
        return httpx.Response(404)

    targets = WebhookTargets(resolver=fake_resolver())
    sender = WebhookSender(
        b"k" * 32,
        clock,
        targets=targets,
        client=httpx.Client(transport=httpx.MockTransport(not_found)),
    )
    assert not sender.notify("https://x.example", job_id="j", status="completed")
    assert attempts == [1] and clock.sleeps == []

    def refused(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused")

    sender = WebhookSender(
        b"k" * 32,
        clock,
        targets=targets,
        client=httpx.Client(transport=httpx.MockTransport(refused)),
    )
    assert not sender.notify("https://x.example", job_id="j", status="failed")
    assert clock.sleeps == [1.0, 2.0, 4.0]


def test_webhook_sender_real_clock_type() -> None:
    sender = WebhookSender(b"k" * 32, SystemClock(), targets=WebhookTargets())
    sender.close()


def test_webhook_key_is_loaded_once_on_first_delivery_and_a_failing_load_is_no_crash() -> None:
    calls: list[int] = []
    seen: list[str] = []

    def load() -> bytes:
        calls.append(1)
        return b"s" * 32

    def ok(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers[SIGNATURE_HEADER])
        return httpx.Response(204)

    targets = WebhookTargets(resolver=fake_resolver())
    client = httpx.Client(transport=httpx.MockTransport(ok))
    sender = WebhookSender(load, ManualClock(), targets=targets, client=client)
    assert calls == []
    assert sender.notify("https://x.example", job_id="j", status="completed")
    assert sender.notify("https://x.example", job_id="k", status="completed")
    assert calls == [1]
    body = b'{"job_id":"k","status":"completed"}'
    assert seen[-1] == sign_body(b"s" * 32, body)

    def broken() -> bytes:
        raise StorageError("secrets manager is down")

    failing = WebhookSender(broken, ManualClock(), targets=targets, client=client)
    assert not failing.notify("https://x.example", job_id="j", status="failed")
    assert len(seen) == 2
