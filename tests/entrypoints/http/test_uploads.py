"""The S3-style POST /uploads endpoint enforces its signed policy, and /process validates."""

from __future__ import annotations

import asyncio
import base64
import json
import tracemalloc
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from tests.support.fake_pipeline import tiny_jpeg, tiny_png
from tests.support.stack import Env, make_env

HEIC_HEAD = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64


@pytest.fixture
def env(tmp_path: Path) -> Env:
    return make_env(tmp_path, max_upload_bytes=4096)


def _stored(env: Env) -> list[str]:
    return env.stack.blobs.list_keys("uploads/")


def test_text_file_renamed_jpg_is_refused(env: Env) -> None:
    ticket = env.presign()
    response = env.upload(ticket, b"hello, I am not a photo" * 10, filename="cat.jpg")
    assert response.status_code == 400
    assert response.json()["error"] == "unsupported_image"
    assert _stored(env) == []
    assert env.stack.queue.depth() == 0


def test_declared_type_must_match_magic_bytes(env: Env) -> None:
    ticket = env.presign()
    response = env.upload(ticket, tiny_png(), content_type="image/jpeg", filename="x.jpg")
    assert response.status_code == 400
    assert "image/png" in response.json()["message"]
    assert _stored(env) == []


def test_png_and_heic_are_accepted(env: Env) -> None:
    ticket = env.presign()
    assert (
        env.upload(ticket, tiny_png(), content_type="image/png", filename="a.png").status_code
        == 204
    )
    ticket = env.presign()
    response = env.upload(ticket, HEIC_HEAD, content_type="image/heic", filename="a.heic")
    assert response.status_code == 204


def test_disallowed_content_type_is_refused(env: Env) -> None:
    ticket = env.presign()
    response = env.upload(ticket, b"GIF89a" + b"\x00" * 20, content_type="image/gif")
    assert response.status_code == 400
    assert _stored(env) == []


def test_too_large_upload_is_413_and_leaves_nothing(env: Env) -> None:
    ticket = env.presign()
    data = tiny_jpeg() + b"\x00" * 5000
    response = env.upload(ticket, data)
    assert response.status_code == 413
    assert response.json()["error"] == "payload_too_large"
    assert _stored(env) == []
    assert list((env.stack.settings.data_dir / "tmp").iterdir()) == []


def test_expired_policy_is_refused(env: Env) -> None:
    ticket = env.presign()
    env.clock.advance(900)
    assert env.upload(ticket, tiny_jpeg()).status_code == 204
    ticket = env.presign()
    env.clock.advance(901)
    response = env.upload(ticket, tiny_jpeg())
    assert response.status_code == 403
    assert "expired" in response.json()["message"]


def test_tampered_signature_is_refused(env: Env) -> None:
    ticket = env.presign()
    sig = ticket["upload_fields"]["x-amz-signature"]
    bad = ("0" if sig[0] != "0" else "1") + sig[1:]
    response = env.upload(ticket, tiny_jpeg(), fields={"x-amz-signature": bad})
    assert response.status_code == 403


def test_tampered_policy_is_refused(env: Env) -> None:
    ticket = env.presign()
    doc = json.loads(base64.b64decode(ticket["upload_fields"]["policy"]))
    for cond in doc["conditions"]:
        if isinstance(cond, list) and cond[0] == "content-length-range":
            cond[2] = 10**9
    forged = base64.b64encode(json.dumps(doc).encode()).decode()
    response = env.upload(ticket, tiny_jpeg(), fields={"policy": forged})
    assert response.status_code == 403


def test_key_outside_the_job_prefix_is_refused(env: Env) -> None:
    ticket = env.presign()
    other = env.presign()
    for key in (
        f"uploads/{other['job_id']}/image.jpg",
        "generated/x/avatar.png",
        f"uploads/{ticket['job_id']}/../../generated/x/avatar.png",
    ):
        response = env.upload(ticket, tiny_jpeg(), fields={"key": key})
        assert response.status_code in (400, 403), key
    assert _stored(env) == []


def test_traversal_in_filename_is_neutralised(env: Env) -> None:
    ticket = env.presign()
    response = env.upload(ticket, tiny_jpeg(), filename="../../../etc/evil.jpg")
    assert response.status_code == 204
    assert _stored(env) == [f"uploads/{ticket['job_id']}/original.jpg"]


def test_missing_file_part_is_400(env: Env) -> None:
    ticket = env.presign()
    response = env.client.post(
        "/uploads", data={**ticket["upload_fields"], "Content-Type": "image/jpeg"}
    )
    assert response.status_code == 400


def test_not_multipart_is_400(env: Env) -> None:
    response = env.client.post("/uploads", content=b"raw", headers={"content-type": "image/jpeg"})
    assert response.status_code == 400


# -- POST /process validation -------------------------------------------------------------


def _put(env: Env, key: str, data: bytes) -> None:
    env.stack.blobs.put_bytes(key, data, "application/octet-stream")


def test_process_validates_uri_object_size_and_format(env: Env) -> None:
    job = "0b7e3a52-4d7c-4a43-9a54-5b0f7b1e2f10"
    bucket = env.stack.settings.bucket
    cases = {
        "not-a-uri": 400,
        "s3://other-bucket/uploads/{job}/image.jpg": 400,
        "s3://{bucket}/generated/{job}/avatar.png": 400,
        "s3://{bucket}/uploads/not-a-uuid/image.jpg": 400,
        "s3://{bucket}/uploads/{job}/../x.jpg": 400,
        "s3://{bucket}/uploads/{job}/missing.jpg": 404,
    }
    for uri, expected in cases.items():
        response = env.process(uri.format(job=job, bucket=bucket))
        assert response.status_code == expected, (uri, response.text)
        assert set(response.json()) == {"error", "message"}
    _put(env, f"uploads/{job}/big.jpg", tiny_jpeg() + b"\x00" * 5000)
    assert env.process(f"s3://{bucket}/uploads/{job}/big.jpg").status_code == 413
    _put(env, f"uploads/{job}/text.jpg", b"just text")
    response = env.process(f"s3://{bucket}/uploads/{job}/text.jpg")
    assert response.status_code == 400
    assert response.json()["error"] == "unsupported_image"
    assert env.stack.queue.depth() == 0
    assert env.client.post("/process", headers=env.headers, json={}).status_code == 400
    bad_hook = env.process(f"s3://{bucket}/uploads/{job}/x.jpg", webhook_url="ftp://x")
    assert bad_hook.status_code == 400


def test_process_before_upload_is_404(env: Env) -> None:
    ticket = env.presign()
    response = env.process(env.uri(ticket["job_id"]))
    assert response.status_code == 404
    assert "upload" in response.json()["message"]


def test_object_created_ignores_other_keys(env: Env) -> None:
    env.stack.service.object_created("generated/abc/avatar.png", 10)
    env.stack.service.object_created("random.txt", 10)
    assert env.stack.queue.depth() == 0


def test_bad_object_via_event_creates_failed_job(env: Env) -> None:
    job = "0b7e3a52-4d7c-4a43-9a54-5b0f7b1e2f10"
    _put(env, f"uploads/{job}/x.jpg", b"not an image at all")
    env.stack.service.object_created(f"uploads/{job}/x.jpg", 19)
    status = env.client.get(f"/status/{job}", headers=env.headers).json()
    assert status["status"] == "failed"
    assert status["error_code"] == "unsupported_image"
    assert env.stack.queue.depth() == 0


# -- streaming: 50 MB + 1 byte never sits in memory -----------------------------------------


def test_fifty_mb_plus_one_streams_with_bounded_memory(tmp_path: Path) -> None:
    env = make_env(tmp_path)  # the real 50 MB limit
    limit = env.stack.settings.max_upload_bytes
    ticket = env.presign()
    boundary = "petavatarboundary"
    head = b"".join(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
        for k, v in {**ticket["upload_fields"], "Content-Type": "image/jpeg"}.items()
    )
    head += (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.jpg"\r\n'
        "Content-Type: image/jpeg\r\n\r\n"
    ).encode()
    tail = f"\r\n--{boundary}--\r\n".encode()
    chunk = b"\x00" * (256 * 1024)
    total = limit + 1
    jpeg = tiny_jpeg()

    consumed = [0]

    async def body() -> AsyncIterator[bytes]:
        yield head
        yield jpeg
        sent = len(jpeg)
        while sent < total:
            part = chunk[: min(len(chunk), total - sent)]
            sent += len(part)
            consumed[0] = sent
            yield part
        yield tail

    async def send() -> httpx.Response:
        transport = httpx.ASGITransport(app=env.client.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            return await client.post(
                "/uploads",
                content=body(),
                headers={"content-type": f"multipart/form-data; boundary={boundary}"},
            )

    tracemalloc.start()
    try:
        response = asyncio.run(send())
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert response.status_code == 413, response.text
    assert "limit" in response.json()["message"]
    assert consumed[0] == total  # the server really read (and discarded) all of it
    assert peak < 20 * 1024 * 1024, peak
    assert env.stack.blobs.list_keys("uploads/") == []
