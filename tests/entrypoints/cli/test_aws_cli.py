"""The AWS CLI paths on a moto server: provision/destroy, keys, and one-line failures."""

from __future__ import annotations

import pytest

from petavatar.entrypoints.cli.main import main
from tests.support import moto


@pytest.fixture
def aws_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in moto.moto_env().items():
        monkeypatch.setenv(name, value)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _one_line_error(err: str) -> str:
    lines = [line for line in err.splitlines() if not line.startswith("{")]  # JSON logs
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


def test_provision_keys_destroy(aws_env: None, capsys: pytest.CaptureFixture[str]) -> None:
    stage = moto.unique("cli")[:20]
    code, out, _ = _run(capsys, "aws", "provision", "--stage", stage)
    assert code == 0 and out.count("created") == 10
    code, out, _ = _run(capsys, "keys", "create", "--backend", "aws", "--stage", stage)
    assert code == 0
    key_id = out.split("key id: ")[1].split()[0]
    code, out, _ = _run(capsys, "keys", "revoke", key_id, "--backend", "aws", "--stage", stage)
    assert code == 0
    code, out, _ = _run(capsys, "keys", "list", "--backend", "aws", "--stage", stage)
    assert key_id in out and "revoked" in out
    args = ("keys", "webhook-secret", "--backend", "aws", "--stage", stage)
    code, out, _ = _run(capsys, *args)
    assert code == 0 and len(bytes.fromhex(out.strip())) == 32
    assert _run(capsys, *args)[1] == out
    for command in ("list", "reconcile", "redrive"):
        code, _, err = _run(capsys, "jobs", command, "--backend", "aws", "--stage", stage)
        assert code == 0, err
    code, _, err = _run(capsys, "aws", "destroy", "--stage", stage)
    assert code == 2 and "--yes" in _one_line_error(err)
    code, out, _ = _run(capsys, "aws", "destroy", "--stage", stage, "--yes")
    assert code == 0 and out.count("deleted") == 10


def test_a_stage_that_was_never_provisioned(
    aws_env: None, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _run(capsys, "keys", "list", "--backend", "aws", "--stage", "never")
    assert code != 0
    assert "aws provision" in _one_line_error(err)
    code, _, err = _run(capsys, "worker", "--backend", "aws", "--stage", "never")
    assert code != 0
    assert "not provisioned" in _one_line_error(err)


def test_no_stage(aws_env: None, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "keys", "list", "--backend", "aws")
    assert code != 0 and "--stage" in _one_line_error(err)
    code, _, err = _run(capsys, "aws", "provision")
    assert code != 0 and "--stage" in _one_line_error(err)


def test_unreachable_endpoint(
    aws_env: None, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:9")
    code, _, err = _run(capsys, "aws", "provision", "--stage", "dev")
    assert code != 0 and "cannot reach" in _one_line_error(err)


def test_missing_credentials(
    aws_env: None,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: object,
) -> None:
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/credentials")
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent/config")
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    code, _, err = _run(capsys, "keys", "list", "--backend", "aws", "--stage", "dev")
    assert code != 0 and "credentials" in _one_line_error(err)
