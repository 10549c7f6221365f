"""The S3 presigned POST policy, condition by condition (moto enforces none of it)."""

from __future__ import annotations

import base64
import json
import time
from datetime import datetime

import pytest

from petavatar.adapters.aws.s3 import S3BlobStore
from petavatar.errors import AuthenticationError, ForbiddenError
from petavatar.rendering.formats import MAX_UPLOAD_BYTES, SUPPORTED_MIME_TYPES
from tests.support import moto
from tests.support.s3_policy import check_post


@pytest.fixture(scope="module")
def store() -> S3BlobStore:
    client = moto.clients().client("s3")
    bucket = moto.unique("policy")
    client.create_bucket(Bucket=bucket)
    return S3BlobStore(client, bucket)


def _document(fields: dict[str, str]) -> dict[str, object]:
    decoded: dict[str, object] = json.loads(base64.b64decode(fields["policy"]))
    return decoded


def test_upload_policy_conditions(store: S3BlobStore) -> None:
    post = store.presigned_post("uploads/job-1/")
    fields = post.fields
    doc = _document(fields)
    conditions = doc["conditions"]
    assert isinstance(conditions, list)
    assert {"bucket": store.bucket} in conditions
    assert ["starts-with", "$key", "uploads/job-1/"] in conditions
    assert ["content-length-range", 1, MAX_UPLOAD_BYTES] in conditions
    assert MAX_UPLOAD_BYTES == 50 * 1024 * 1024
    assert ["starts-with", "$Content-Type", "image/"] in conditions
    assert {"x-amz-server-side-encryption": "AES256"} in conditions
    assert {"x-amz-algorithm": "AWS4-HMAC-SHA256"} in conditions
    assert {"x-amz-credential": fields["x-amz-credential"]} in conditions
    assert {"x-amz-date": fields["x-amz-date"]} in conditions
    assert len(conditions) == 8
    expires = datetime.fromisoformat(str(doc["expiration"]).replace("Z", "+00:00"))
    assert expires.timestamp() == pytest.approx(time.time() + 900, abs=5)
    assert fields["key"] == "uploads/job-1/${filename}"
    assert fields["x-amz-algorithm"] == "AWS4-HMAC-SHA256"  # SigV4 (s3v4), not SigV2
    assert post.expires_in == 900
    assert set(SUPPORTED_MIME_TYPES) == {"image/jpeg", "image/png", "image/heic"}


def test_one_content_type_is_an_exact_match(store: S3BlobStore) -> None:
    post = store.presigned_post("uploads/job-1/original.png", content_types=("image/png",))
    conditions = _document(post.fields)["conditions"]
    assert isinstance(conditions, list)
    assert {"Content-Type": "image/png"} in conditions
    assert {"key": "uploads/job-1/original.png"} in conditions
    assert post.fields["Content-Type"] == "image/png"


def _form(store: S3BlobStore) -> dict[str, str]:
    return {**store.presigned_post("uploads/job-1/").fields, "Content-Type": "image/jpeg"}


def _check(store: S3BlobStore, fields: dict[str, str], name: str = "a.jpg", size: int = 10) -> str:
    return check_post(fields, name, size, bucket=store.bucket, secret_key=moto.SECRET_KEY)


def test_the_gate_admits_the_form_and_refuses_each_violation(store: S3BlobStore) -> None:
    assert _check(store, _form(store)) == "uploads/job-1/a.jpg"
    with pytest.raises(ForbiddenError, match="size"):
        _check(store, _form(store), size=MAX_UPLOAD_BYTES + 1)
    with pytest.raises(ForbiddenError, match="size"):
        _check(store, _form(store), size=0)
    with pytest.raises(ForbiddenError):
        _check(store, {**_form(store), "Content-Type": "text/html"})
    with pytest.raises(ForbiddenError):
        _check(store, {**_form(store), "key": "generated/job-1/${filename}"})
    with pytest.raises(ForbiddenError, match="Extra input"):
        _check(store, {**_form(store), "acl": "public-read"})
    with pytest.raises(AuthenticationError):
        _check(store, {**_form(store), "x-amz-signature": "0" * 64})
    with pytest.raises(AuthenticationError):
        check_post(_form(store), "a.jpg", 10, bucket=store.bucket, secret_key="other")
