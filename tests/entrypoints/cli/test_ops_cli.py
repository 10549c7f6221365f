"""``petavatar ops …`` and ``cost report`` on a stage deployed to moto, and one-line failures."""

from __future__ import annotations

import json
import time

import pytest

from petavatar.entrypoints.cli.main import main
from tests.support import moto
from tests.support.deployed import MOTO_STACK_MARKS, DeployedStage, deploy_stage

pytestmark = MOTO_STACK_MARKS
DEFAULT_ACCOUNT = "123456789012"  # moto's account when a request names none


@pytest.fixture(scope="module")
def deployed() -> DeployedStage:
    return deploy_stage("test", DEFAULT_ACCOUNT)


@pytest.fixture
def aws_env(monkeypatch: pytest.MonkeyPatch, deployed: DeployedStage) -> None:
    for name, value in moto.moto_env().items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("PETAVATAR_AWS_BUCKET_SUFFIX", deployed.account)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _one_line_error(err: str) -> str:
    lines = [line for line in err.splitlines() if not line.startswith("{")]
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


def test_status_pause_resume(aws_env: None, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "ops", "status", "--stage", "test")
    assert code == 0 and "stage test: healthy" in out and "alarms in alarm: 0 of 7" in out
    code, out, _ = _run(capsys, "ops", "status", "--stage", "test", "--json")
    assert code == 0 and json.loads(out)["alarms_total"] == 7
    code, out, _ = _run(capsys, "ops", "pause", "--stage", "test")
    assert code == 0 and out.count("-> 0") == 4 and out.count("disabled") == 2
    code, out, _ = _run(capsys, "ops", "pause", "--stage", "test")
    assert code == 0 and "already paused: nothing changed" in out
    code, out, _ = _run(capsys, "ops", "resume", "--stage", "test")
    assert code == 0 and out.count("enabled") == 2
    code, out, _ = _run(capsys, "ops", "resume", "--stage", "test")
    assert code == 0 and "is not paused: nothing changed" in out


def test_audit_passes_then_fails(
    aws_env: None, capsys: pytest.CaptureFixture[str], deployed: DeployedStage
) -> None:
    started = time.perf_counter()
    code, out, _ = _run(capsys, "ops", "audit", "--stage", "test")
    with capsys.disabled():
        print(f"audit on moto: {time.perf_counter() - started:.2f} s")
    assert code == 0, out
    assert out.strip().endswith("0 failed")
    deployed.clients.client("logs").delete_retention_policy(
        logGroupName="/aws/lambda/petavatar-test-worker"
    )
    code, out, _ = _run(capsys, "ops", "audit", "--stage", "test", "--json")
    assert code == 1
    failed = [c for c in json.loads(out) if not c["passed"]]
    assert [c["resource"] for c in failed] == ["/aws/lambda/petavatar-test-worker"]
    deployed.clients.client("logs").put_retention_policy(
        logGroupName="/aws/lambda/petavatar-test-worker", retentionInDays=7
    )


def test_cost_report_formats(aws_env: None, capsys: pytest.CaptureFixture[str]) -> None:
    started = time.perf_counter()
    code, out, _ = _run(capsys, "cost", "report", "--stage", "test", "--days", "3")
    with capsys.disabled():
        print(f"cost report on moto: {time.perf_counter() - started:.2f} s")
    assert code == 0 and "per 1,000 jobs" in out and len(out.splitlines()) == 1 + 1 + 3 + 2
    code, out, _ = _run(capsys, "cost", "report", "--stage", "test", "--json")
    assert code == 0 and len(json.loads(out)["days"]) == 7
    code, out, _ = _run(capsys, "cost", "report", "--stage", "test", "--csv", "--days", "2")
    assert code == 0 and out.splitlines()[0] == "day,source,service,amount,jobs"


def test_unknown_stage_and_missing_credentials(
    aws_env: None, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _, err = _run(capsys, "ops", "status", "--stage", "prod")
    assert code == 1 and "stage 'prod' not found" in _one_line_error(err)
    code, _, err = _run(capsys, "ops", "pause", "--stage", "prod")
    assert code == 1 and "stage 'prod' not found" in _one_line_error(err)
    code, _, err = _run(capsys, "ops", "status", "--stage", "Bad Stage")
    assert code == 1 and "invalid stage" in _one_line_error(err)
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.delenv(name)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent")
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent")
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    code, _, err = _run(capsys, "ops", "audit", "--stage", "test")
    assert code == 1 and "credentials" in _one_line_error(err).lower()
