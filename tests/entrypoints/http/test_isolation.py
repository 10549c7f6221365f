"""Tenant isolation: a job belongs to the key that presigned it; other keys see 404."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support.fake_pipeline import tiny_jpeg
from tests.support.stack import Env, make_env


@pytest.fixture
def env(tmp_path: Path) -> Env:
    return make_env(tmp_path, webhook_allow_loopback=True)


def _other_key(env: Env) -> dict[str, str]:
    _, plain = env.stack.keys.create("tenant B")
    return {"x-api-key": plain}


def _completed_job(env: Env) -> str:
    ticket = env.presign()
    assert env.upload(ticket, tiny_jpeg()).status_code == 204
    assert env.worker.run_once()
    job_id: str = ticket["job_id"]
    return job_id


@pytest.mark.parametrize("route", ["/status/{id}", "/results/{id}"])
def test_other_key_gets_404_like_an_unknown_job(env: Env, route: str) -> None:
    job_id = _completed_job(env)
    mine = env.client.get(route.format(id=job_id), headers=env.headers)
    theirs = env.client.get(route.format(id=job_id), headers=_other_key(env))
    unknown = env.client.get(
        route.format(id="00000000-0000-4000-8000-000000000000"), headers=env.headers
    )
    assert mine.status_code == 200
    assert theirs.status_code == 404
    assert theirs.json()["error"] == unknown.json()["error"] == "not_found"
    assert job_id in theirs.json()["message"]  # same wording as an unknown id


def test_process_on_another_keys_upload_is_404_and_changes_nothing(env: Env) -> None:
    ticket = env.presign()
    assert env.upload(ticket, tiny_jpeg()).status_code == 204
    job_id = ticket["job_id"]
    response = env.client.post(
        "/process",
        headers=_other_key(env),
        json={"s3_uri": env.uri(job_id), "webhook_url": "http://127.0.0.1:9/hook"},
    )
    assert response.status_code == 404
    assert env.stack.jobs.get(job_id).webhook_url is None
    assert env.worker.run_once()
    assert env.webhook_calls == []  # B's listener never hears of A's job


def test_process_before_the_upload_lands_is_404_for_another_key(env: Env) -> None:
    ticket = env.presign()
    env.stack.blobs.put_bytes(f"uploads/{ticket['job_id']}/original.jpg", tiny_jpeg(), "image/jpeg")
    response = env.client.post(
        "/process",
        headers=_other_key(env),
        json={"s3_uri": env.uri(ticket["job_id"], "original.jpg")},
    )
    assert response.status_code == 404
    assert env.stack.jobs.find(ticket["job_id"]) is None


def test_owner_webhook_still_works(env: Env) -> None:
    ticket = env.presign()
    assert env.upload(ticket, tiny_jpeg()).status_code == 204
    job_id = ticket["job_id"]
    hook = "http://127.0.0.1:9/hook"
    assert env.process(env.uri(job_id), webhook_url=hook).status_code == 202
    assert env.worker.run_once()
    assert [str(call.url) for call in env.webhook_calls] == [hook]
    assert json.loads(env.webhook_calls[0].content)["job_id"] == job_id


def test_signed_avatar_url_is_the_only_way_in(env: Env) -> None:
    job_id = _completed_job(env)
    results = env.client.get(f"/results/{job_id}", headers=env.headers).json()
    url = results["avatar_url"]
    path = url.removeprefix("http://testserver")
    assert env.client.get(path).status_code == 200
    unsigned = path.split("?")[0]
    assert env.client.get(unsigned).status_code == 403
