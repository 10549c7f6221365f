"""End-to-end flows through the HTTP API with real local adapters and a fake pipeline."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.support.fake_pipeline import FakePipeline, NoPetPipeline, tiny_jpeg, tiny_png
from tests.support.stack import Env, make_env


@pytest.fixture
def env(tmp_path: Path) -> Env:
    return make_env(tmp_path)


def _download_path(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


def test_presigned_url_flow_end_to_end(env: Env) -> None:
    ticket = env.presign()
    job_id = ticket["job_id"]
    assert ticket["expires_in"] == 900
    assert ticket["upload_fields"]["key"].startswith(f"uploads/{job_id}/")

    upload = env.upload(ticket, tiny_jpeg())
    assert upload.status_code == 204, upload.text

    processed = env.process(env.uri(job_id))
    assert processed.status_code == 202, processed.text
    assert processed.json()["job_id"] == job_id
    assert processed.json()["status"] == "queued"

    status = env.client.get(f"/status/{job_id}", headers=env.headers).json()
    assert status == {**status, "status": "queued", "progress": 0}

    assert env.worker.run_once() is True
    assert env.worker.run_once() is False

    status = env.client.get(f"/status/{job_id}", headers=env.headers).json()
    assert status["status"] == "completed"
    assert status["progress"] == 100
    assert status["error"] is None

    results = env.client.get(f"/results/{job_id}", headers=env.headers)
    assert results.status_code == 200, results.text
    body = results.json()
    assert body["job_id"] == job_id
    identity = body["identity"]
    for field in (
        "human_name",
        "job_title",
        "seniority",
        "bio",
        "skills",
        "career_trajectory",
        "similarity_score",
    ):
        assert field in identity
    assert set(identity["career_trajectory"]) == {"past", "present", "future"}
    assert body["pet_analysis"]["species"] == "cat"
    assert body["pet_analysis"]["personality_traits"] == ["independent", "strategic", "aloof"]
    assert len(body["pet_analysis"]["personality_dimensions"]) == 47
    assert body["career"]["job_title"] == "Chief Financial Officer"
    assert body["expires_in"] == 3600

    avatar = env.client.get(_download_path(body["avatar_url"]))
    assert avatar.status_code == 200
    assert avatar.content == tiny_png()
    assert avatar.headers["content-type"] == "image/png"
    card = env.client.get(_download_path(body["report_card_url"]))
    assert card.status_code == 200
    assert card.content.startswith(b"\x89PNG")
    og = env.client.get(_download_path(body["report_card_og_url"]))
    assert og.status_code == 200
    assert og.content == tiny_png((30, 20, 10))
    assert f"generated/{job_id}/report-card-og.png" in body["report_card_og_url"]
    assert isinstance(env.pipeline, FakePipeline)
    assert env.pipeline.calls == [job_id]


def test_upload_alone_starts_processing(env: Env) -> None:
    ticket = env.presign()
    assert env.upload(ticket, tiny_jpeg()).status_code == 204
    status = env.client.get(f"/status/{ticket['job_id']}", headers=env.headers).json()
    assert status["status"] == "queued"
    assert env.worker.run_once()
    status = env.client.get(f"/status/{ticket['job_id']}", headers=env.headers).json()
    assert status["status"] == "completed"


def test_upload_and_process_together_process_once(env: Env) -> None:
    ticket = env.presign()
    job_id = ticket["job_id"]
    assert env.upload(ticket, tiny_jpeg()).status_code == 204
    for _ in range(3):
        response = env.process(env.uri(job_id))
        assert response.status_code == 202
    assert env.stack.queue.depth() == 1
    while env.worker.run_once():
        pass
    assert isinstance(env.pipeline, FakePipeline)
    assert env.pipeline.calls == [job_id]
    env.clock.advance(2000)  # nothing comes back after any visibility timeout
    assert not env.worker.run_once()
    assert env.pipeline.calls == [job_id]


def test_hints_from_presign_reach_the_pipeline(env: Env) -> None:
    ticket = env.presign(species="dog", breed="Beagle", pet_name="Rex")
    env.upload(ticket, tiny_jpeg())
    env.worker.run_once()
    assert isinstance(env.pipeline, FakePipeline)
    hints = env.pipeline.hints_seen[0]
    assert hints is not None and hints.species == "dog" and hints.pet_name == "Rex"
    body = env.client.get(f"/results/{ticket['job_id']}", headers=env.headers).json()
    assert body["pet_analysis"]["breed"] == "Beagle"


def test_results_before_completion_is_409(env: Env) -> None:
    ticket = env.presign()
    env.upload(ticket, tiny_jpeg())
    response = env.client.get(f"/results/{ticket['job_id']}", headers=env.headers)
    assert response.status_code == 409
    assert response.json()["error"] == "conflict"


def test_failed_job_reports_descriptive_error(tmp_path: Path) -> None:
    env = make_env(tmp_path, pipeline=NoPetPipeline())
    ticket = env.presign()
    env.upload(ticket, tiny_jpeg())
    env.worker.run_once()
    status = env.client.get(f"/status/{ticket['job_id']}", headers=env.headers).json()
    assert status["status"] == "failed"
    assert status["error_code"] == "no_pet_found"
    assert "no animal" in status["error"]
    results = env.client.get(f"/results/{ticket['job_id']}", headers=env.headers)
    assert results.status_code == 409
    assert "no animal" in results.json()["message"]


def test_unknown_job_is_404_and_presigned_only_is_404(env: Env) -> None:
    ticket = env.presign()
    for path in (f"/status/{ticket['job_id']}", f"/results/{ticket['job_id']}"):
        response = env.client.get(path, headers=env.headers)
        assert response.status_code == 404
        assert response.json()["error"] == "not_found"


@pytest.mark.parametrize("job_id", ["nope", "123", "../../etc", "0" * 36, "A" * 300])
def test_malformed_job_id_is_400(env: Env, job_id: str) -> None:
    for route in ("status", "results"):
        response = env.client.get(f"/{route}/{job_id}", headers=env.headers)
        assert response.status_code in (400, 404), response.text
        assert set(response.json()) == {"error", "message"}
        if "/" not in job_id:
            assert response.status_code == 400


def test_download_url_expires_after_exactly_one_hour(env: Env) -> None:
    ticket = env.presign()
    env.upload(ticket, tiny_jpeg())
    env.worker.run_once()
    body = env.client.get(f"/results/{ticket['job_id']}", headers=env.headers).json()
    query = parse_qs(urlsplit(body["avatar_url"]).query)
    assert int(query["expires"][0]) == int(env.clock.now()) + 3600
    env.clock.advance(3600)
    assert env.client.get(_download_path(body["avatar_url"])).status_code == 200
    env.clock.advance(1)
    expired = env.client.get(_download_path(body["avatar_url"]))
    assert expired.status_code == 403
    assert "expired" in expired.json()["message"]


def test_tampered_download_signature_is_403(env: Env) -> None:
    ticket = env.presign()
    env.upload(ticket, tiny_jpeg())
    env.worker.run_once()
    body = env.client.get(f"/results/{ticket['job_id']}", headers=env.headers).json()
    url = body["avatar_url"].replace("avatar.png", "report-card.png")
    assert env.client.get(_download_path(url)).status_code == 403
    sig = parse_qs(urlsplit(body["avatar_url"]).query)["signature"][0]
    bad = body["avatar_url"].replace(sig, ("0" if sig[0] != "0" else "1") + sig[1:])
    assert env.client.get(_download_path(bad)).status_code == 403


@pytest.mark.parametrize(
    "path", ["/blobs/%2e%2e/%2e%2e/etc/passwd", "/blobs/uploads/%2e%2e/x", "/blobs//etc/passwd"]
)
def test_path_traversal_in_blobs_refused(env: Env, path: str) -> None:
    response = env.client.get(path, params={"expires": "9999999999", "signature": "x"})
    assert response.status_code in (400, 403, 404)
    assert set(response.json()) == {"error", "message"}


def test_health_ready_metrics_docs(env: Env) -> None:
    assert env.client.get("/health").json()["status"] == "ok"
    ready = env.client.get("/ready")
    assert ready.status_code == 200 and ready.json()["ready"] is True
    ticket = env.presign()
    env.upload(ticket, tiny_jpeg())
    metrics = env.client.get("/metrics").text
    assert "petavatar_uploads_total 1.0" in metrics
    assert "petavatar_queue_depth 1.0" in metrics
    env.worker.run_once()
    metrics = env.client.get("/metrics").text
    assert 'petavatar_jobs_processed_total{outcome="completed"} 1.0' in metrics
    assert 'petavatar_step_duration_seconds_count{step="render"} 1.0' in metrics
    assert "petavatar_job_completion_seconds_count 1.0" in metrics
    assert "petavatar_dead_letter_depth 0.0" in metrics
    assert env.client.get("/openapi.json").status_code == 200
    assert env.client.get("/docs").status_code == 200


def test_ready_is_503_when_a_backend_is_down(env: Env, monkeypatch: pytest.MonkeyPatch) -> None:
    from petavatar.errors import StorageError

    def down() -> None:
        raise StorageError("queue database is gone")

    monkeypatch.setattr(env.stack.queue, "ping", down)
    response = env.client.get("/ready")
    assert response.status_code == 503
    assert response.json()["checks"]["queue"] is False


def test_unknown_exception_is_500_json_without_traceback(
    env: Env, monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(job_id: str) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(env.stack.service, "get_status", explode)
    response = env.client.get(f"/status/{'0' * 8}-0000-4000-8000-{'0' * 12}", headers=env.headers)
    assert response.status_code == 500
    assert response.json() == {
        "error": "internal_error",
        "message": "internal server error; please retry",
    }


def test_unknown_route_is_json_404(env: Env) -> None:
    response = env.client.get("/nope")
    assert response.status_code == 404
    assert set(response.json()) == {"error", "message"}


def test_cors_headers_when_configured(tmp_path: Path) -> None:
    env = make_env(tmp_path, cors_origins=["https://app.example"])
    response = env.client.options(
        "/status/x",
        headers={"Origin": "https://app.example", "Access-Control-Request-Method": "GET"},
    )
    assert response.headers["access-control-allow-origin"] == "https://app.example"
