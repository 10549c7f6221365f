"""The KeyStore contract: every adapter must pass this suite unchanged."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from petavatar.errors import AuthenticationError, NotFoundError
from petavatar.ports.keystore import KEY_PREFIX, hash_key
from tests.ports.conftest import KeyStoreFactory
from tests.support.clock import ManualClock


def test_create_and_verify(
    keystore_factory: KeyStoreFactory, tmp_path: Path, clock: ManualClock
) -> None:
    store = keystore_factory(tmp_path, clock)
    assert store.list() == []
    assert store.active_count() == 0
    key_id, plain = store.create("ci")
    assert plain.startswith(f"{KEY_PREFIX}{key_id}_")
    assert store.verify(plain) == key_id
    [info] = store.list()
    assert (info.key_id, info.label, info.revoked, info.revoked_at) == (key_id, "ci", False, None)
    assert info.created_at.endswith("Z")


def test_only_digests_are_stored(
    keystore_factory: KeyStoreFactory, tmp_path: Path, clock: ManualClock
) -> None:
    store = keystore_factory(tmp_path, clock)
    key_id, plain = store.create("x")
    reader = keystore_factory(tmp_path, clock)
    stored = json.dumps(reader._load())
    assert plain not in stored
    assert plain.split("_", 2)[2] not in stored
    assert hash_key(plain) in stored
    assert key_id in stored


@pytest.mark.parametrize("presented", [None, "", "wrong", "pa_x_y", "é" * 300])
def test_unknown_keys_are_refused(
    keystore_factory: KeyStoreFactory, tmp_path: Path, clock: ManualClock, presented: str | None
) -> None:
    store = keystore_factory(tmp_path, clock)
    with pytest.raises(AuthenticationError):
        store.verify(presented)
    _, plain = store.create()
    for bad in (presented, plain + "x", plain[:-1], plain.upper()):
        with pytest.raises(AuthenticationError):
            store.verify(bad)


def test_revoke_and_list(
    keystore_factory: KeyStoreFactory, tmp_path: Path, clock: ManualClock
) -> None:
    store = keystore_factory(tmp_path, clock)
    a_id, a = store.create("a")
    clock.advance(1)
    b_id, b = store.create("b")
    store.revoke(a_id)
    store.revoke(a_id)  # idempotent
    with pytest.raises(AuthenticationError):
        store.verify(a)
    assert store.verify(b) == b_id
    infos = store.list()
    assert [i.key_id for i in infos] == [a_id, b_id]  # oldest first
    assert infos[0].revoked and infos[0].revoked_at and not infos[1].revoked
    assert store.active_count() == 1
    with pytest.raises(NotFoundError):
        store.revoke("nope")


def test_changes_reach_another_instance_within_its_staleness_bound(
    keystore_factory: KeyStoreFactory, tmp_path: Path, clock: ManualClock
) -> None:
    server = keystore_factory(tmp_path, clock)
    cli = keystore_factory(tmp_path, clock)
    assert server.max_staleness_seconds >= 0
    key_id, plain = cli.create("x")
    clock.advance(server.max_staleness_seconds)
    assert server.verify(plain) == key_id
    cli.revoke(key_id)
    clock.advance(server.max_staleness_seconds)
    with pytest.raises(AuthenticationError):
        server.verify(plain)
    assert [i.revoked for i in server.list()] == [True]


def test_a_key_created_elsewhere_works_at_once(
    keystore_factory: KeyStoreFactory, tmp_path: Path, clock: ManualClock
) -> None:
    server = keystore_factory(tmp_path, clock)
    cli = keystore_factory(tmp_path, clock)
    with pytest.raises(AuthenticationError):
        server.verify("pa_nothing_yet")  # loads (and may cache) the empty list
    clock.advance(1)
    key_id, plain = cli.create("new")
    assert server.verify(plain) == key_id
