"""The BlobStore contract: every adapter must pass this suite unchanged.

Signed URLs are exercised the way an anonymous client uses them, through the backend's
``fetch_signed`` / ``post_signed`` helpers (see ``conftest.BlobBackend``).
"""

from __future__ import annotations

import base64
import io
import json
from pathlib import Path
from typing import BinaryIO, cast

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from petavatar.adapters.local.files import FileBlobStore
from petavatar.errors import (
    AuthenticationError,
    ConflictError,
    ForbiddenError,
    InvalidInputError,
    NotFoundError,
    PayloadTooLargeError,
)
from petavatar.ports.blobstore import BlobStore, PresignedPost, validate_key
from petavatar.security.signing import UrlSigner
from tests.ports.conftest import TEST_BUCKET, TEST_SECRET, BlobBackend
from tests.support.clock import ManualClock

JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 100


class _ExplodingStream:
    """Yields ``good`` bytes, then raises: a client that disconnects mid-upload."""

    def __init__(self, good: int) -> None:
        self.left = good

    def read(self, size: int = -1) -> bytes:
        if self.left <= 0:
            raise ConnectionResetError("client went away")
        n = min(self.left, size if size > 0 else self.left)
        self.left -= n
        return b"x" * n


def _leftovers(store: BlobStore) -> list[str]:
    """Every file under a local store's folder (temp files included); [] for other stores."""
    if not isinstance(store, FileBlobStore):
        return []
    base = store.root / store.bucket
    return sorted(p.relative_to(base).as_posix() for p in base.rglob("*") if p.is_file())


# ---------------------------------------------------------------- put / get


def test_put_get_head_delete(blobstore: BlobStore, clock: ManualClock) -> None:
    info = blobstore.put_bytes("uploads/j1/original.jpg", JPEG, "image/jpeg")
    assert (info.key, info.size, info.content_type) == (
        "uploads/j1/original.jpg",
        len(JPEG),
        "image/jpeg",
    )
    assert blobstore.get_bytes("uploads/j1/original.jpg") == JPEG
    assert blobstore.read_head("uploads/j1/original.jpg", 3) == JPEG[:3]
    assert blobstore.read_head("uploads/j1/original.jpg", 10_000) == JPEG
    head = blobstore.head("uploads/j1/original.jpg")
    assert head is not None
    assert (head.size, head.content_type) == (len(JPEG), "image/jpeg")
    assert head.last_modified > 0
    assert blobstore.exists("uploads/j1/original.jpg")
    blobstore.delete("uploads/j1/original.jpg")
    assert blobstore.head("uploads/j1/original.jpg") is None
    blobstore.delete("uploads/j1/original.jpg")  # missing is fine
    with pytest.raises(NotFoundError):
        blobstore.get_bytes("uploads/j1/original.jpg")
    with pytest.raises(NotFoundError):
        blobstore.read_head("uploads/j1/original.jpg", 4)


def test_overwrite_replaces_content_and_type(blobstore: BlobStore) -> None:
    blobstore.put_bytes("generated/j1/avatar.png", b"old", "image/jpeg")
    blobstore.put_bytes("generated/j1/avatar.png", b"new!", "image/png")
    assert blobstore.get_bytes("generated/j1/avatar.png") == b"new!"
    head = blobstore.head("generated/j1/avatar.png")
    assert head is not None
    assert (head.size, head.content_type) == (4, "image/png")
    assert blobstore.list_keys("generated/") == ["generated/j1/avatar.png"]


def test_empty_object(blobstore: BlobStore) -> None:
    blobstore.put_bytes("a/empty", b"", "application/octet-stream")
    assert blobstore.get_bytes("a/empty") == b""


def test_put_stream_in_chunks(blobstore: BlobStore) -> None:
    data = bytes(range(256)) * 10_000  # 2.5 MB, several chunks
    info = blobstore.put_stream("uploads/j1/big.png", io.BytesIO(data), "image/png", len(data))
    assert info.size == len(data)
    assert blobstore.get_bytes("uploads/j1/big.png") == data


def test_put_stream_over_limit_leaves_nothing(blobstore: BlobStore) -> None:
    data = b"y" * (3 * 1024 * 1024)
    with pytest.raises(PayloadTooLargeError):
        blobstore.put_stream("uploads/j1/x.jpg", io.BytesIO(data), "image/jpeg", len(data) - 1)
    assert blobstore.head("uploads/j1/x.jpg") is None
    assert blobstore.list_keys("") == []
    assert _leftovers(blobstore) == []


def test_put_stream_over_limit_keeps_previous_object(blobstore: BlobStore) -> None:
    blobstore.put_bytes("uploads/j1/x.jpg", JPEG, "image/jpeg")
    with pytest.raises(PayloadTooLargeError):
        blobstore.put_stream("uploads/j1/x.jpg", io.BytesIO(b"z" * 200), "image/png", 100)
    assert blobstore.get_bytes("uploads/j1/x.jpg") == JPEG
    head = blobstore.head("uploads/j1/x.jpg")
    assert head is not None and head.content_type == "image/jpeg"


def test_put_stream_failure_is_atomic(blobstore: BlobStore) -> None:
    blobstore.put_bytes("uploads/j1/x.jpg", JPEG, "image/jpeg")
    stream = cast(BinaryIO, _ExplodingStream(2 * 1024 * 1024 + 5))
    with pytest.raises(ConnectionResetError):
        blobstore.put_stream("uploads/j1/x.jpg", stream, "image/jpeg", 10 * 1024 * 1024)
    assert blobstore.get_bytes("uploads/j1/x.jpg") == JPEG
    assert _leftovers(blobstore) in (
        [],
        ["uploads/j1/.petavatar-meta-x.jpg.json", "uploads/j1/x.jpg"],
    )


def test_invalid_content_type(blobstore: BlobStore) -> None:
    with pytest.raises(InvalidInputError):
        blobstore.put_bytes("a/b", b"x", "not a type")


# ---------------------------------------------------------------- list / delete_prefix


def test_list_and_delete_prefix(blobstore: BlobStore) -> None:
    keys = [
        "uploads/j1/original.jpg",
        "uploads/j1/thumb.jpg",
        "uploads/j10/original.png",
        "uploads/j2/original.png",
        "generated/j1/avatar.png",
    ]
    for key in keys:
        blobstore.put_bytes(key, b"data", "image/png")
    assert blobstore.list_keys() == sorted(keys)
    assert blobstore.list_keys("uploads/j1/") == ["uploads/j1/original.jpg", "uploads/j1/thumb.jpg"]
    assert blobstore.list_keys("uploads/j1") == [
        "uploads/j1/original.jpg",
        "uploads/j1/thumb.jpg",
        "uploads/j10/original.png",
    ]
    assert blobstore.list_keys("upl") == sorted(k for k in keys if k.startswith("upl"))
    assert blobstore.list_keys("nothing/") == []
    assert blobstore.delete_prefix("uploads/j1/") == 2
    assert blobstore.list_keys("uploads/") == [
        "uploads/j10/original.png",
        "uploads/j2/original.png",
    ]
    assert blobstore.delete_prefix("uploads/") == 2
    assert blobstore.list_keys() == ["generated/j1/avatar.png"]
    with pytest.raises(InvalidInputError):
        blobstore.delete_prefix("")


# ---------------------------------------------------------------- key validation

HOSTILE = [
    "",
    "/etc/passwd",
    "../secret",
    "uploads/../../etc/passwd",
    "uploads/j1/..",
    "uploads/./x",
    "uploads//x",
    "uploads/x/",
    "a\\b",
    "..\\..\\windows",
    "a\x00b",
    "a\nb",
    "a\x7fb",
    "x" * 1025,
    "é" * 513,  # 1026 UTF-8 bytes
    "bad\udcffsurrogate",
]


@pytest.mark.parametrize("key", HOSTILE)
def test_hostile_keys_refused(blobstore: BlobStore, key: str) -> None:
    with pytest.raises(InvalidInputError):
        validate_key(key)
    with pytest.raises(InvalidInputError):
        blobstore.put_bytes(key, b"x", "image/png")
    with pytest.raises(InvalidInputError):
        blobstore.get_bytes(key)
    with pytest.raises(InvalidInputError):
        blobstore.presigned_get_url(key)
    assert _leftovers(blobstore) == []


def _is_safe(key: str) -> bool:
    try:
        encoded = key.encode("utf-8")
    except UnicodeEncodeError:
        return False
    segments = key.split("/")
    return (
        0 < len(encoded) <= 1024
        and "\\" not in key
        and not any(ord(c) < 32 or ord(c) == 127 for c in key)
        and all(s not in {"", ".", ".."} for s in segments)
    )


_hostile_text = st.text(
    alphabet=st.sampled_from(["a", "/", ".", "\\", "\x00", "\n", "\x7f", "é", "\udcff", "-"]),
    max_size=12,
)


@settings(max_examples=300, deadline=None)
@given(key=_hostile_text)
def test_validate_key_property(key: str) -> None:
    if _is_safe(key):
        assert validate_key(key) == key
    else:
        with pytest.raises(InvalidInputError):
            validate_key(key)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(key=_hostile_text)
def test_hostile_keys_never_escape_the_store(
    blobstore: BlobStore, tmp_path: Path, key: str
) -> None:
    try:
        blobstore.put_bytes(key, b"payload", "text/plain")
    except (InvalidInputError, ConflictError):
        return
    assert _is_safe(key)
    assert blobstore.get_bytes(key) == b"payload"
    if isinstance(blobstore, FileBlobStore):
        base = (blobstore.root / blobstore.bucket).resolve()
        for path in tmp_path.rglob("*"):
            if path.is_file():
                assert path.resolve().is_relative_to(base)
    blobstore.delete(key)


def test_symlink_escape_refused(tmp_path: Path, clock: ManualClock) -> None:
    """Local-only defence in depth: a symlink inside the bucket cannot lead outside it."""
    signer = UrlSigner(TEST_SECRET, clock, bucket=TEST_BUCKET)
    store = FileBlobStore(tmp_path / "blobs", TEST_BUCKET, "http://x", signer, clock)
    outside = tmp_path / "outside"
    outside.mkdir()
    (tmp_path / "blobs" / TEST_BUCKET / "link").symlink_to(outside)
    with pytest.raises(InvalidInputError):
        store.put_bytes("link/evil.txt", b"x", "text/plain")
    assert list(outside.iterdir()) == []
    with pytest.raises(InvalidInputError):
        store.put_bytes("a/.petavatar-meta-x.json", b"x", "text/plain")


# ---------------------------------------------------------------- URIs


def test_uri_round_trip(blobstore: BlobStore) -> None:
    uri = blobstore.uri("uploads/j1/original.jpg")
    assert uri == f"s3://{blobstore.bucket}/uploads/j1/original.jpg"
    assert blobstore.parse_uri(uri) == "uploads/j1/original.jpg"


@pytest.mark.parametrize(
    "uri",
    [
        "",
        "uploads/j1/x.jpg",
        "http://bucket/x",
        "s3://",
        "s3://petavatar-test",
        "s3://petavatar-test/",
        "s3://other-bucket/uploads/j1/x.jpg",
        "s3://petavatar-test/../x",
        "s3://petavatar-test//x",
    ],
)
def test_parse_uri_refuses(blobstore: BlobStore, uri: str) -> None:
    with pytest.raises(InvalidInputError):
        blobstore.parse_uri(uri.replace("petavatar-test", blobstore.bucket))


# ---------------------------------------------------------------- signed GET


def test_signed_get_valid_until_expiry(
    blobstore: BlobStore, blob_backend: BlobBackend, clock: ManualClock
) -> None:
    blobstore.put_bytes("generated/j1/avatar.png", b"PNGDATA", "image/png")
    url = blobstore.presigned_get_url("generated/j1/avatar.png", expires_in=3600)
    assert blob_backend.fetch_signed(blobstore, url) == b"PNGDATA"
    if not blob_backend.clock_driven:
        pytest.skip("expiry of this backend follows real time")
    clock.advance(3599)
    assert blob_backend.fetch_signed(blobstore, url) == b"PNGDATA"
    clock.advance(2)  # +3601
    with pytest.raises(AuthenticationError, match="expired"):
        blob_backend.fetch_signed(blobstore, url)


def test_signed_get_tampering_refused(blobstore: BlobStore, blob_backend: BlobBackend) -> None:
    if not blob_backend.verifies_signatures:
        pytest.skip("this endpoint does not verify presigned GET signatures (moto)")
    blobstore.put_bytes("generated/j1/avatar.png", b"A", "image/png")
    blobstore.put_bytes("generated/j2/avatar.png", b"B", "image/png")
    url = blobstore.presigned_get_url("generated/j1/avatar.png")
    sig_start = url.index("signature=") + len("signature=")
    flipped = url[:sig_start] + ("0" if url[sig_start] != "0" else "1") + url[sig_start + 1 :]
    other_key = url.replace("generated/j1/", "generated/j2/")
    longer = url.replace("expires=", "expires=9")
    for bad in (flipped, other_key, longer):
        with pytest.raises((AuthenticationError, ForbiddenError)):
            blob_backend.fetch_signed(blobstore, bad)


def test_presign_expiry_limits(blobstore: BlobStore) -> None:
    for bad in (0, -5, 7 * 24 * 3600 + 1):
        with pytest.raises(InvalidInputError):
            blobstore.presigned_get_url("a/b", expires_in=bad)


# ---------------------------------------------------------------- presigned POST


def _form(
    blobstore: BlobStore, content_type: str = "image/jpeg", max_bytes: int = 50 * 1024 * 1024
) -> tuple[PresignedPost, dict[str, str]]:
    post = blobstore.presigned_post("uploads/j1/", max_bytes=max_bytes)
    fields = dict(post.fields)
    fields["Content-Type"] = content_type
    return post, fields


def test_presigned_post_round_trip(blobstore: BlobStore, blob_backend: BlobBackend) -> None:
    post, fields = _form(blobstore)
    assert post.expires_in == 900
    assert "policy" in post.fields
    key = blob_backend.post_signed(blobstore, post, fields, "original.jpg", JPEG)
    assert key == "uploads/j1/original.jpg"
    assert blobstore.get_bytes(key) == JPEG
    head = blobstore.head(key)
    assert head is not None and head.content_type == "image/jpeg"


def test_presigned_post_exact_key(blobstore: BlobStore, blob_backend: BlobBackend) -> None:
    post = blobstore.presigned_post("uploads/j1/original.png")
    fields = {**post.fields, "Content-Type": "image/png"}
    assert blob_backend.post_signed(blobstore, post, fields, "whatever.png", b"\x89PNG") == (
        "uploads/j1/original.png"
    )
    moved = {**fields, "key": "uploads/j2/original.png"}
    with pytest.raises((AuthenticationError, ForbiddenError)):
        blob_backend.post_signed(blobstore, post, moved, "x.png", b"\x89PNG")


def test_presigned_post_policy_limits(blobstore: BlobStore, blob_backend: BlobBackend) -> None:
    post, fields = _form(blobstore, max_bytes=10)
    with pytest.raises((ForbiddenError, PayloadTooLargeError)):
        blob_backend.post_signed(blobstore, post, fields, "a.jpg", b"x" * 11)
    post, fields = _form(
        blobstore, content_type="image/gif" if blob_backend.exact_content_types else "text/html"
    )
    with pytest.raises(ForbiddenError):
        blob_backend.post_signed(blobstore, post, fields, "a.gif", b"GIF89a")
    assert blobstore.list_keys("uploads/") == []


def test_presigned_post_key_outside_prefix(blobstore: BlobStore, blob_backend: BlobBackend) -> None:
    post, fields = _form(blobstore)
    fields["key"] = "uploads/j2/${filename}"
    with pytest.raises((AuthenticationError, ForbiddenError)):
        blob_backend.post_signed(blobstore, post, fields, "a.jpg", JPEG)
    assert blobstore.list_keys("uploads/") == []


def test_presigned_post_expired(
    blobstore: BlobStore, blob_backend: BlobBackend, clock: ManualClock
) -> None:
    if not blob_backend.clock_driven:
        pytest.skip("expiry of this backend follows real time")
    post, fields = _form(blobstore)
    clock.advance(899)
    blob_backend.post_signed(blobstore, post, fields, "a.jpg", JPEG)
    clock.advance(2)
    with pytest.raises(AuthenticationError, match="expired"):
        blob_backend.post_signed(blobstore, post, fields, "b.jpg", JPEG)


def test_presigned_post_tampered_policy(blobstore: BlobStore, blob_backend: BlobBackend) -> None:
    post, fields = _form(blobstore)
    doc = json.loads(base64.b64decode(fields["policy"]))
    for cond in doc["conditions"]:
        if isinstance(cond, list) and cond[0] == "content-length-range":
            cond[2] = 10**12
    fields["policy"] = base64.b64encode(json.dumps(doc).encode()).decode()
    with pytest.raises((AuthenticationError, ForbiddenError)):
        blob_backend.post_signed(blobstore, post, fields, "a.jpg", JPEG)


def test_ping(blobstore: BlobStore) -> None:
    blobstore.ping()


# ---------------------------------------------------------------- the signer itself


def _signer(clock: ManualClock) -> UrlSigner:
    return UrlSigner(TEST_SECRET, clock, bucket=TEST_BUCKET)


def test_signer_get_boundaries(clock: ManualClock) -> None:
    signer = _signer(clock)
    params = signer.sign_get("a/b.png", 3600)
    assert int(params["expires"]) == int(clock.now()) + 3600
    clock.advance(3600)
    signer.verify_get("a/b.png", params["expires"], params["signature"])  # inclusive
    clock.advance(1)
    with pytest.raises(AuthenticationError, match="expired"):
        signer.verify_get("a/b.png", params["expires"], params["signature"])
    with pytest.raises(AuthenticationError, match="Malformed"):
        signer.verify_get("a/b.png", "soon", params["signature"])


def test_signer_is_bound_to_secret_and_bucket(clock: ManualClock) -> None:
    params = _signer(clock).sign_get("a/b.png", 60)
    other_secret = UrlSigner(b"another-secret-0123456789", clock, bucket=TEST_BUCKET)
    other_bucket = _signer(clock).with_bucket("other-bucket")
    for signer in (other_secret, other_bucket):
        with pytest.raises(AuthenticationError, match="does not match"):
            signer.verify_get("a/b.png", params["expires"], params["signature"])
    with pytest.raises(ValueError):
        UrlSigner(b"short", clock)


def test_signer_post_fields_and_policy(clock: ManualClock) -> None:
    signer = _signer(clock)
    fields = signer.post_policy("uploads/j1/", 900, 50 * 1024 * 1024, ["image/png", "image/jpeg"])
    assert set(fields) == {"key", "policy", "x-amz-algorithm", "x-amz-signature"}
    assert fields["key"] == "uploads/j1/${filename}"
    doc = json.loads(base64.b64decode(fields["policy"]))
    assert doc["conditions"] == [
        {"bucket": TEST_BUCKET},
        ["starts-with", "$key", "uploads/j1/"],
        ["content-length-range", 1, 50 * 1024 * 1024],
        ["in", "$Content-Type", ["image/jpeg", "image/png"]],
    ]
    assert doc["expiration"].endswith("Z")
    policy = signer.verify_post(fields)
    assert policy.expires_at == pytest.approx(clock.now() + 900)
    assert policy.max_bytes == 50 * 1024 * 1024
    assert policy.content_types == ("image/jpeg", "image/png")
    assert policy.allows_content_type("IMAGE/PNG; charset=binary")
    assert not policy.allows_content_type("image/gif")
    assert policy.allows_size(1) and not policy.allows_size(0)
    assert policy.resolve_key("original.png") == "uploads/j1/original.png"
    assert policy.resolve_key("C:\\photos\\cat.jpg") == "uploads/j1/cat.jpg"
    assert policy.resolve_key("../../etc/passwd") == "uploads/j1/passwd"
    for bad in ("", "..", None):
        with pytest.raises(InvalidInputError):
            policy.resolve_key(bad)


@pytest.mark.parametrize(
    "change",
    [
        {"x-amz-signature": "0" * 64},
        {"x-amz-signature": ""},
        {"policy": ""},
        {"x-amz-algorithm": "AWS4-HMAC-SHA256"},
    ],
)
def test_signer_post_refuses_bad_forms(clock: ManualClock, change: dict[str, str]) -> None:
    signer = _signer(clock)
    fields = signer.post_policy("uploads/j1/", 900, 100, ["image/png"])
    with pytest.raises(AuthenticationError):
        signer.verify_post({**fields, **change})


def test_signer_post_other_bucket_forbidden(clock: ManualClock) -> None:
    fields = _signer(clock).post_policy("uploads/j1/", 900, 100, ["image/png"])
    with pytest.raises(ForbiddenError, match="bucket"):
        _signer(clock).with_bucket("other-bucket").verify_post(fields)
