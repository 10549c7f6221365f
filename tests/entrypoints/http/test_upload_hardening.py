"""Uploads from hostile clients: odd file names, reused forms, metadata in photos."""

from __future__ import annotations

import io
from pathlib import Path

import httpx
import pytest
from PIL import Image

from tests.support.fake_pipeline import tiny_jpeg
from tests.support.stack import Env, make_env


@pytest.fixture
def env(tmp_path: Path) -> Env:
    return make_env(tmp_path)


def _raw_upload(
    env: Env, ticket: dict[str, object], disposition: bytes, data: bytes
) -> httpx.Response:
    """A multipart body written by hand, so the file part's header bytes are exactly ours."""
    boundary = b"----petavatar-test"
    fields = {**ticket["upload_fields"], "Content-Type": "image/jpeg"}  # type: ignore[dict-item]
    body = b""
    for name, value in fields.items():
        body += b"--" + boundary + b'\r\nContent-Disposition: form-data; name="' + name.encode()
        body += b'"\r\n\r\n' + str(value).encode() + b"\r\n"
    body += b"--" + boundary + b'\r\nContent-Disposition: form-data; name="file"; ' + disposition
    body += b"\r\nContent-Type: image/jpeg\r\n\r\n" + data + b"\r\n--" + boundary + b"--\r\n"
    return env.client.post(
        "/uploads",
        content=body,
        headers={"content-type": "multipart/form-data; boundary=" + boundary.decode()},
    )


def _stored(env: Env) -> list[str]:
    return env.stack.blobs.list_keys("uploads/")


def test_300_character_filename_is_400_and_the_connection_stays_usable(env: Env) -> None:
    ticket = env.presign()
    response = env.upload(ticket, tiny_jpeg(), filename="a" * 296 + ".jpg")
    assert response.status_code == 400
    assert "longer than 255 bytes" in response.json()["message"]
    assert _stored(env) == []
    assert env.client.get("/health").status_code == 200
    assert env.upload(env.presign(), tiny_jpeg()).status_code == 204


@pytest.mark.parametrize("name", ["猫.jpg", "café.jpg", "ペット写真.jpeg", "😺.jpg"])
def test_utf8_filenames_are_accepted_and_stored_under_a_safe_name(env: Env, name: str) -> None:
    ticket = env.presign()
    disposition = b'filename="' + name.encode("utf-8") + b'"'
    response = _raw_upload(env, ticket, disposition, tiny_jpeg())
    assert response.status_code == 204, response.text
    assert _stored(env) == [f"uploads/{ticket['job_id']}/original.jpg"]


@pytest.mark.parametrize(
    "raw", [b"cat\r\n.jpg", b"cat\x00.jpg", b"cat\x1b[31m.jpg", b"\xff\xfe.jpg"]
)
def test_control_characters_and_bad_utf8_are_refused(env: Env, raw: bytes) -> None:
    ticket = env.presign()
    response = _raw_upload(env, ticket, b'filename="' + raw + b'"', tiny_jpeg())
    assert response.status_code == 400
    assert response.json()["error"] == "bad_request"
    assert _stored(env) == []


def test_one_form_admits_one_upload(env: Env) -> None:
    ticket = env.presign()
    assert env.upload(ticket, tiny_jpeg(), filename="first.jpg").status_code == 204
    for name in ("second.jpg", "other.png", "first.jpg"):
        again = env.upload(ticket, tiny_jpeg(), filename=name)
        assert again.status_code == 409
        assert "already used" in again.json()["message"]
    assert _stored(env) == [f"uploads/{ticket['job_id']}/original.jpg"]
    assert env.stack.queue.depth() == 1


@pytest.mark.parametrize("key_suffix", ["sub/x.jpg", "%2e%2e/%2e%2e/x.jpg", "a/b/c.jpg", "./x.jpg"])
def test_subfolders_under_the_prefix_are_refused(env: Env, key_suffix: str) -> None:
    ticket = env.presign()
    fields = {"key": f"uploads/{ticket['job_id']}/{key_suffix}"}
    response = env.upload(ticket, tiny_jpeg(), fields=fields)
    assert response.status_code in (400, 403)
    assert _stored(env) == []
    assert env.stack.jobs.find(ticket["job_id"]) is None


def test_extra_object_beside_a_landed_upload_is_deleted(env: Env) -> None:
    """The S3 path: a reused form puts a second object; its event removes it."""
    ticket = env.presign()
    assert env.upload(ticket, tiny_jpeg()).status_code == 204
    extra = f"uploads/{ticket['job_id']}/again.jpg"
    env.stack.blobs.put_bytes(extra, tiny_jpeg(), "image/jpeg")
    env.stack.service.object_created(extra, 10)
    assert _stored(env) == [f"uploads/{ticket['job_id']}/original.jpg"]
    assert env.stack.queue.depth() == 1


def _gps_jpeg() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "TestCam"
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (48.0, 51.0, 29.0), 3: "E", 4: (2.0, 17.0, 40.0)})
    buffer = io.BytesIO()
    Image.new("RGB", (32, 32), (90, 60, 30)).save(buffer, "JPEG", exif=exif.tobytes())
    return buffer.getvalue()


def test_gps_and_camera_are_gone_from_the_stored_original(env: Env) -> None:
    ticket = env.presign()
    original = _gps_jpeg()
    assert b"TestCam" in original
    assert env.upload(ticket, original).status_code == 204
    key = f"uploads/{ticket['job_id']}/original.jpg"
    stored = env.stack.blobs.get_bytes(key)
    assert b"TestCam" not in stored and b"Exif" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert not image.getexif().get_ifd(0x8825)
    assert env.stack.jobs.get(ticket["job_id"]).s3_upload_key == key


def test_gps_stripped_when_the_object_arrives_by_event(env: Env) -> None:
    job_id = env.stack.service.create_upload().job_id
    key = f"uploads/{job_id}/IMG_0001.JPG"
    env.stack.blobs.put_bytes(key, _gps_jpeg(), "image/jpeg")
    env.stack.service.object_created(key, 100)
    assert _stored(env) == [f"uploads/{job_id}/original.jpg"]
    assert b"TestCam" not in env.stack.blobs.get_bytes(f"uploads/{job_id}/original.jpg")
