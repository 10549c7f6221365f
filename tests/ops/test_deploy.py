"""``petavatar deploy|destroy`` end to end against a moto server."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import pytest

from petavatar.adapters.aws.naming import stage_names
from petavatar.adapters.aws.session import AwsClients
from petavatar.ops.build import BundleSpec, build, pip_download
from petavatar.ops.deploy import (
    AGENTS,
    MANAGED_BY,
    DeployError,
    Outcome,
    Target,
    deploy,
    destroy,
    plan,
    render,
)
from tests.ops.test_build import make_wheel
from tests.support import moto
from tests.support.deployed import account_clients


def dist(folder: Path, tag: str) -> Path:
    """Tiny but real artefacts (api, events, worker, agent) carrying ``tag``."""
    make_wheel(folder / "wheels", "tinydist")
    specs = tuple(BundleSpec(n, ("tinydist",)) for n in ("api", "events", "worker", "agent"))
    build(folder / "dist", fetch=pip_download(folder / "wheels"), specs=specs, tag=tag)
    return folder / "dist"


@pytest.fixture
def clients() -> AwsClients:
    """A fresh moto account per test: other suites provision a ``test`` stage on the
    shared server too, and deploy must start from an account that has none."""
    return account_clients(f"{secrets.randbelow(10**11) + 10**11:012d}")


@pytest.fixture
def stage(clients: AwsClients) -> object:
    """A clean slate for the ``test`` stage before and after each test."""
    destroy(clients, "test", poll=0)
    yield "test"
    destroy(clients, "test", poll=0)


def service_progress(_: float) -> None:
    """One poll interval of the service: moto never moves an updated runtime on from
    UPDATING (AgentCore does, to READY), so each wait finishes the in-process server's
    updates as the service would."""
    from moto.bedrockagentcorecontrol.models import bedrockagentcorecontrol_backends

    for regions in bedrockagentcorecontrol_backends.values():
        for backend in regions.values():
            for runtime in backend.agent_runtimes.values():
                if runtime.status == "UPDATING":
                    runtime.status = "READY"


def ship(clients: AwsClients, folder: Path, tag: str, **options: Any) -> Outcome:
    """Deploy tiny artefacts tagged ``tag`` to the test stage (no smoke unless asked)."""
    settings: dict[str, Any] = {"printer": lambda _: None, "run_smoke": False, "poll": 0}
    return deploy(clients, "test", dist(folder, tag), sleep=service_progress, **settings | options)


def target(clients: AwsClients, version: str = "") -> Target:
    account = clients.client("sts").get_caller_identity()["Account"]
    return Target("test", account, moto.REGION, version)


def runtimes(clients: AwsClients) -> dict[str, dict[str, str]]:
    """``{name: tags}`` of the stage's runtimes on the server."""
    control = clients.client("bedrock-agentcore-control")
    found = {}
    for summary in control.list_agent_runtimes()["agentRuntimes"]:
        if summary["agentRuntimeName"].startswith("petavatar_test_"):
            arn = summary["agentRuntimeArn"]
            found[summary["agentRuntimeName"]] = control.list_tags_for_resource(resourceArn=arn)[
                "tags"
            ]
    return found


def stack_status(clients: AwsClients) -> str | None:
    cfn = clients.client("cloudformation")
    stacks = [s for s in cfn.list_stacks()["StackSummaries"] if s["StackName"] == "petavatar-test"]
    live = [s["StackStatus"] for s in stacks if s["StackStatus"] != "DELETE_COMPLETE"]
    return live[0] if live else None


def test_deploy_creates_then_updates_and_destroy_removes_it(
    clients: AwsClients, stage: str, tmp_path: Path
) -> None:
    lines: list[str] = []
    started = time.perf_counter()
    first = ship(clients, tmp_path / "v1", "0.1.0+gaaa", printer=lines.append)
    print(f"deploy on moto: {time.perf_counter() - started:.2f} s")
    assert stack_status(clients) == "CREATE_COMPLETE"
    actions = {(c.what, c.action) for c in first.changes}
    assert {("stack", "created"), ("bucket", "created"), ("role", "created")} <= actions
    tags = runtimes(clients)
    assert sorted(tags) == sorted(f"petavatar_test_{a.replace('-', '_')}" for a in AGENTS)
    assert {t["petavatar-version"] for t in tags.values()} == {"0.1.0+gaaa"}
    assert all(t["managed-by"] == MANAGED_BY for t in tags.values())
    assert set(AGENTS) <= set(first.urls) and "ApiUrl" in first.urls
    table = render(first)
    assert "0.1.0+gaaa" in table and "petavatar_test_test_agent" in table
    assert_runtimes_reach_the_stage(clients)

    second = ship(clients, tmp_path / "v2", "0.1.0+gbbb", printer=lines.append)
    actions = {(c.what, c.action) for c in second.changes}
    assert ("runtime", "updated") in actions and ("runtime", "created") not in actions
    assert ("stack", "updated") in actions and ("role", "created") not in actions
    assert {t["petavatar-version"] for t in runtimes(clients).values()} == {"0.1.0+gbbb"}
    cfn = clients.client("cloudformation")
    params = {
        p["ParameterKey"]: p["ParameterValue"]
        for p in cfn.describe_stacks(StackName="petavatar-test")["Stacks"][0]["Parameters"]
    }
    assert params["ApiCodeKey"] == "0.1.0+gbbb/api.zip"

    with pytest.raises(DeployError):
        ship(
            clients,
            tmp_path / "v3",
            "0.1.0+gccc",
            printer=lines.append,
            smoke_url="http://127.0.0.1:9",
            run_smoke=True,
        )
    assert {t["petavatar-version"] for t in runtimes(clients).values()} == {"0.1.0+gbbb"}
    assert stack_status(clients) is not None

    report = destroy(clients, stage, poll=0)
    assert ("deleted", "stack petavatar-test") in report
    assert ("deleted", "role petavatar-test-agentcore-runtime") in report
    assert runtimes(clients) == {} and stack_status(clients) is None
    s3 = clients.client("s3")
    assert target(clients).bucket not in [b["Name"] for b in s3.list_buckets()["Buckets"]]


def test_a_failing_step_rolls_back_what_deploy_created(
    clients: AwsClients, stage: str, tmp_path: Path
) -> None:
    """Also: a role that existed before deploy is used, and neither rollback nor destroy
    removes it."""
    lines: list[str] = []
    iam = clients.client("iam")
    role = "petavatar-test-agentcore-runtime"
    iam.create_role(RoleName=role, AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17"}))
    try:
        with pytest.raises(DeployError, match="smoke test"):
            ship(
                clients,
                tmp_path,
                "0.1.0+gccc",
                printer=lines.append,
                smoke_url="http://127.0.0.1:9",
                run_smoke=True,
            )
        assert runtimes(clients) == {}
        assert stack_status(clients) is None
        assert iam.get_role(RoleName=role)["Role"]["RoleName"] == role
        assert ("kept", f"role {role} (not created by deploy)") in destroy(clients, stage, poll=0)
    finally:
        iam.delete_role(RoleName=role)
    assert any(line.startswith("FAILED: smoke test") for line in lines)
    assert any("rolled back: stack petavatar-test" in line for line in lines)


def test_dry_run_changes_nothing(clients: AwsClients, stage: str, tmp_path: Path) -> None:
    lines = plan(clients, stage, dist(tmp_path, "0.1.0+gfff"))
    assert lines[-1] == "dry run: nothing changed"
    assert "  stack petavatar-test: create" in lines
    assert "memory_mb 512" in lines[1] and "log_retention_days 7" in lines[1]
    assert runtimes(clients) == {} and stack_status(clients) is None


def test_missing_artefacts_are_one_clear_error(clients: AwsClients, tmp_path: Path) -> None:
    from petavatar.errors import InvalidInputError

    with pytest.raises(InvalidInputError, match="run `petavatar build"):
        deploy(clients, "test", tmp_path / str(uuid.uuid4()), printer=lambda _: None)


def _cli(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "petavatar.entrypoints.cli.main", *args]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)


def test_cli_without_credentials_says_so_in_one_line(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env |= {
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_CONFIG_FILE": str(tmp_path / "none"),
        "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "none"),
        "AWS_EC2_METADATA_DISABLED": "true",
        "AWS_ENDPOINT_URL": moto.endpoint_url(),
    }
    done = _cli(["deploy", "--stage", "test", "--dry-run", "--out", str(tmp_path)], env)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        "petavatar: error: no AWS credentials: configure a profile or AWS_ACCESS_KEY_ID"
    ]


def test_cli_dry_run_prints_the_plan(tmp_path: Path) -> None:
    env = {**os.environ, **moto.moto_env()}
    done = _cli(["deploy", "--stage", "prod", "--dry-run", "--out", str(dist(tmp_path, "v9"))], env)
    assert done.returncode == 0, done.stderr
    assert "memory_mb 1024" in done.stdout and "dry run: nothing changed" in done.stdout


def test_deploy_smokes_a_local_stand_in_on_moto(
    clients: AwsClients, stage: str, tmp_path: Path
) -> None:
    lines: list[str] = []
    outcome = ship(clients, tmp_path, "0.1.0+g222", printer=lines.append, run_smoke=True)
    assert "passed" in outcome.smoke, outcome.smoke
    passed, total = outcome.smoke.split(" ", 1)[0].split("/")
    assert passed == total and "test-agent at http://127.0.0.1:" in outcome.smoke
    assert any("smoke on a local stand-in" in line for line in lines)


def assert_runtimes_reach_the_stage(clients: AwsClients) -> None:
    """The runtimes run on the stage's AWS backend, and their role may touch it (only it)."""
    control = clients.client("bedrock-agentcore-control")
    names = stage_names("test", target(clients).account)
    for summary in control.list_agent_runtimes()["agentRuntimes"]:
        runtime = control.get_agent_runtime(agentRuntimeId=summary["agentRuntimeId"])
        env = runtime["environmentVariables"]
        assert env["PETAVATAR_BACKEND"] == "aws" and env["PETAVATAR_STAGE"] == "test"
        assert env["PETAVATAR_AWS_BUCKET_SUFFIX"] == target(clients).account
    iam = clients.client("iam")
    role = "petavatar-test-agentcore-runtime"
    (policy,) = iam.list_role_policies(RoleName=role)["PolicyNames"]
    document = iam.get_role_policy(RoleName=role, PolicyName=policy)["PolicyDocument"]
    if isinstance(document, str):
        document = json.loads(document)
    resources = [r for st in document["Statement"] for r in st["Resource"]]
    actions = [a for st in document["Statement"] for a in st["Action"]]
    assert not [a for a in actions if "*" in a]
    assert any(r.endswith(f":table/{names.coach_sessions}") for r in resources)
    assert any(r.endswith(f":table/{names.table}") for r in resources)
    assert f"arn:aws:s3:::{names.generated_bucket}/*" in resources
    ddb = clients.client("dynamodb")
    described = ddb.describe_table(TableName=names.coach_sessions)["Table"]
    assert described["KeySchema"] == [{"AttributeName": "session_id", "KeyType": "HASH"}]
