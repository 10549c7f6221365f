"""Webhooks never reach loopback, private, link-local or multicast targets by default."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from petavatar.errors import InvalidInputError
from petavatar.jobs.webhook import WebhookSender
from petavatar.security.webhook_targets import WebhookTargets
from tests.support.clock import ManualClock
from tests.support.fake_pipeline import tiny_jpeg
from tests.support.network import fake_resolver
from tests.support.stack import make_env

REFUSED = [
    "http://127.0.0.1:8000/hook",
    "http://127.1/hook",
    "http://0x7f.0.0.1/hook",
    "http://2130706433/hook",
    "http://[::1]/hook",
    "http://localhost/hook",
    "http://169.254.169.254/latest/meta-data/",
    "http://10.0.0.5/hook",
    "http://172.16.3.4/hook",
    "http://192.168.1.10/hook",
    "http://100.64.0.1/hook",
    "http://[fd00::1]/hook",
    "http://[fe80::1]/hook",
    "http://[::ffff:127.0.0.1]/hook",
    "http://224.0.0.1/hook",
    "http://0.0.0.0/hook",
    "http://internal.corp/hook",  # resolves to a private address
    "http://split.example/hook",  # one public and one private address: refused
]
NAMES = {"internal.corp": ["10.1.2.3"], "split.example": ["93.184.216.34", "192.168.0.9"]}


@pytest.mark.parametrize("url", REFUSED)
def test_internal_targets_are_refused(url: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        WebhookTargets(resolver=fake_resolver(NAMES)).check(url)
    assert "public addresses only" in caught.value.message


def test_public_targets_pass() -> None:
    targets = WebhookTargets(resolver=fake_resolver(NAMES))
    targets.check("https://hooks.example/petavatar")
    targets.check("http://93.184.216.34:8080/x")


def test_operator_can_allow_loopback_or_private() -> None:
    loopback = WebhookTargets(allow_loopback=True, resolver=fake_resolver(NAMES))
    loopback.check("http://127.0.0.1:9/hook")
    with pytest.raises(InvalidInputError):
        loopback.check("http://10.0.0.5/hook")
    private = WebhookTargets(allow_private=True, resolver=fake_resolver(NAMES))
    private.check("http://internal.corp/hook")
    private.check("http://169.254.169.254/x")
    with pytest.raises(InvalidInputError):
        private.check("http://224.0.0.1/hook")  # multicast never


def test_unresolvable_host_is_a_clear_400() -> None:
    def broken(host: str, port: int) -> list[str]:
        raise OSError("no such host")

    with pytest.raises(InvalidInputError) as caught:
        WebhookTargets(resolver=broken).check("https://nowhere.invalid/x")
    assert "cannot be resolved" in caught.value.message


def test_process_refuses_an_internal_webhook(tmp_path: Path) -> None:
    env = make_env(tmp_path)
    ticket = env.presign()
    assert env.upload(ticket, tiny_jpeg()).status_code == 204
    response = env.process(env.uri(ticket["job_id"]), webhook_url="http://169.254.169.254/x")
    assert response.status_code == 400
    assert "link-local" in response.json()["message"]
    assert env.stack.jobs.get(ticket["job_id"]).webhook_url is None


def test_delivery_rechecks_the_target_and_never_follows_redirects() -> None:
    """DNS rebinding: the name was public when accepted, private at delivery time."""
    table = {"flip.example": ["93.184.216.34"]}
    calls: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        return httpx.Response(302, headers={"location": "http://127.0.0.1/steal"})

    def resolver(host: str, port: int) -> list[str]:
        return table.get(host, ["93.184.216.34"])

    clock = ManualClock()
    sender = WebhookSender(
        b"k" * 32,
        clock,
        targets=WebhookTargets(resolver=resolver),
        client=httpx.Client(transport=httpx.MockTransport(handler), follow_redirects=False),
    )
    assert not sender.notify("http://flip.example/hook", job_id="j", status="completed")
    assert [str(c.url) for c in calls] == ["http://flip.example/hook"]  # 302 not followed
    table["flip.example"] = ["10.0.0.7"]
    calls.clear()
    assert not sender.notify("http://flip.example/hook", job_id="j", status="completed")
    assert calls == []  # refused before any request, not retried
    assert clock.sleeps == []
