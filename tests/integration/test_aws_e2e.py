"""End to end over AWS (a moto server): provision → API → browser POST to S3 → S3 event →
worker → status and results → the signed avatar URL downloads a PNG. No ``/process`` call:
the S3 notification alone starts the job. Then the same through real processes:
``petavatar serve --backend aws`` and ``petavatar submit``.
"""

from __future__ import annotations

import io
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from PIL import Image
from skimage import data

from petavatar.adapters.aws.naming import stage_names
from petavatar.adapters.aws.provision import StageSpec, destroy, provision
from petavatar.bootstrap import build_pipeline, build_stack
from petavatar.config import Settings
from tests.support import moto

pytestmark = [pytest.mark.integration, pytest.mark.timeout(300)]


def _photo() -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(data.chelsea()).save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


@pytest.fixture
def stage() -> Iterator[str]:
    name = moto.unique("e2e")[:20]
    clients = moto.clients()
    provision(clients, StageSpec(names=stage_names(name), cost_center="test"))
    yield name
    destroy(clients, stage_names(name))


def test_upload_alone_starts_the_job_and_results_download(
    stage: str, tmp_path: Path, model_cache_dir: Path
) -> None:
    started = time.perf_counter()
    clients = moto.clients()
    names = stage_names(stage)
    settings = Settings(
        backend="aws",
        stage=stage,
        data_dir=tmp_path,
        cache_dir=model_cache_dir,
        aws_receive_wait_seconds=0,
    )
    stack = build_stack(settings, pipeline=build_pipeline(settings), clients=clients)
    _, api_key = stack.keys.create("e2e")
    headers = {"x-api-key": api_key}
    api = TestClient(stack.app())

    ticket = api.get("/presigned-url", headers=headers).json()
    job_id = ticket["job_id"]
    assert ticket["upload_url"].startswith(moto.endpoint_url())
    assert ticket["upload_fields"]["x-amz-algorithm"] == "AWS4-HMAC-SHA256"
    fields = {**ticket["upload_fields"], "Content-Type": "image/jpeg"}
    upload = httpx.post(
        ticket["upload_url"],
        data=fields,
        files={"file": ("my cat.jpg", _photo(), "image/jpeg")},
        timeout=30,
    )
    assert upload.status_code == 204, upload.text
    assert api.get(f"/status/{job_id}", headers=headers).status_code == 404  # not seen yet

    [events] = stack.event_loops
    for _ in range(5):  # the s3:TestEvent from provisioning may come first
        if events.run_once() and stack.jobs.find(job_id) is not None:
            break
    record = stack.jobs.get(job_id)
    # The event's URL-encoded key ("my+cat.jpg") was decoded, found and landed as original.
    assert record.s3_upload_key == f"uploads/{job_id}/original.jpg"
    listed = clients.client("s3").list_objects_v2(
        Bucket=names.uploads_bucket, Prefix=f"uploads/{job_id}/"
    )
    assert [o["Key"] for o in listed["Contents"]] == [record.s3_upload_key]
    assert api.get(f"/status/{job_id}", headers=headers).json()["status"] == "queued"

    worker = stack.worker(name="e2e")
    assert worker.run_once()
    status = api.get(f"/status/{job_id}", headers=headers).json()
    assert (status["status"], status["progress"]) == ("completed", 100)
    results = api.get(f"/results/{job_id}", headers=headers).json()
    assert results["identity"]["human_name"]
    avatar = httpx.get(results["avatar_url"], timeout=30)
    assert avatar.status_code == 200
    image = Image.open(io.BytesIO(avatar.content))
    assert image.format == "PNG" and min(image.size) >= 1024

    s3 = clients.client("s3")
    head = s3.head_object(Bucket=names.generated_bucket, Key=f"generated/{job_id}/avatar.png")
    assert head["ServerSideEncryption"] == "AES256"
    item = clients.client("dynamodb").get_item(
        TableName=names.table, Key={"job_id": {"S": job_id}}
    )["Item"]
    assert item["status"] == {"S": "completed"} and int(item["ttl"]["N"]) > time.time()
    assert stack.queue.depth() == 0
    print(f"\ne2e on moto (in-process API, real POST to S3): {time.perf_counter() - started:.2f}s")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _cli(*args: str, env: dict[str, str], timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "petavatar.entrypoints.cli.main", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def test_serve_backend_aws_and_submit(stage: str, tmp_path: Path, model_cache_dir: Path) -> None:
    env = {
        **os.environ,
        **moto.moto_env(),
        "PETAVATAR_CACHE_DIR": str(model_cache_dir),
        "PETAVATAR_AWS_RECEIVE_WAIT_SECONDS": "0",
    }
    created = _cli("keys", "create", "--backend", "aws", "--stage", stage, env=env)
    assert created.returncode == 0, created.stderr
    api_key = created.stdout.split("(shown once): ")[1].strip()
    port = _free_port()
    server = subprocess.Popen(
        [
            *(sys.executable, "-m", "petavatar.entrypoints.cli.main", "serve"),
            *("--backend", "aws", "--stage", stage, "--port", str(port)),
            *("--data-dir", str(tmp_path / "data")),
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        photo = tmp_path / "chelsea.jpg"
        photo.write_bytes(_photo())
        started = time.perf_counter()
        submitted = _cli(
            "submit", str(photo), "--url", f"http://127.0.0.1:{port}", "--api-key", api_key,
            "--out", str(tmp_path / "out"), "--timeout", "120", env=env,
        )  # fmt: skip
        elapsed = time.perf_counter() - started
        assert submitted.returncode == 0, submitted.stderr + submitted.stdout
        identity = next((tmp_path / "out").glob("*-identity.json"))
        assert json.loads(identity.read_text())["identity"]["human_name"]
        avatar = next((tmp_path / "out").glob("*-avatar.png"))
        assert avatar.read_bytes().startswith(b"\x89PNG")
        print(f"\nsubmit through `petavatar serve --backend aws` on moto: {elapsed:.2f}s")
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=60)
    assert "Traceback" not in output, output[-3000:]
