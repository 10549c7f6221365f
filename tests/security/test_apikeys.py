"""API keys: the key file is private, and every API route answers 401 without a valid key.

The key store behaviour itself (hashing, revocation, staleness) is the KeyStore contract in
tests/ports/test_keystore_contract.py."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from petavatar.adapters.local.keyfile import FileKeyStore
from petavatar.errors import AuthenticationError
from tests.support.stack import Env, make_env


def test_keys_are_hashed_at_rest(tmp_path: Path) -> None:
    store = FileKeyStore.in_data_dir(tmp_path)
    key_id, plain = store.create("ci")
    text = store.path.read_text()
    assert plain not in text
    assert plain.split("_", 2)[2] not in text
    assert key_id in text
    assert stat.S_IMODE(os.stat(store.path).st_mode) == 0o600
    assert store.verify(plain) == key_id


def test_missing_and_wrong_keys_are_401_on_every_api_route(tmp_path: Path) -> None:
    env = make_env(tmp_path)
    job = "0b7e3a52-4d7c-4a43-9a54-5b0f7b1e2f10"
    routes = [
        ("GET", "/presigned-url", None),
        ("POST", "/process", {"s3_uri": f"s3://petavatar-local/uploads/{job}/x.jpg"}),
        ("GET", f"/status/{job}", None),
        ("GET", f"/results/{job}", None),
    ]
    for headers in (
        {},
        {"x-api-key": ""},
        {"x-api-key": "wrong"},
        {"x-api-key": env.api_key + "x"},
    ):
        for method, path, body in routes:
            response = env.client.request(method, path, headers=headers, json=body)
            assert response.status_code == 401, (path, headers)
            assert set(response.json()) == {"error", "message"}


@pytest.fixture(scope="module")
def shared_env(tmp_path_factory: pytest.TempPathFactory) -> Env:
    return make_env(tmp_path_factory.mktemp("auth"))


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(presented=st.text(min_size=0, max_size=300))
def test_any_key_not_in_the_set_is_401(shared_env: Env, presented: str) -> None:
    if presented == shared_env.api_key:
        return
    try:
        presented.encode("latin-1")
    except UnicodeEncodeError:
        # Not sendable as an HTTP header; check the store directly instead.
        with pytest.raises(AuthenticationError):
            shared_env.stack.keys.verify(presented)
        return
    with pytest.raises(AuthenticationError):
        shared_env.stack.keys.verify(presented)
    if presented.strip() == presented and not any(c in presented for c in "\r\n\x00"):
        raw = presented.encode("latin-1")
        response = shared_env.client.get("/presigned-url", headers={"x-api-key": raw})
        assert response.status_code == 401
