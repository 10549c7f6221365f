"""``petavatar deploy|destroy`` end to end against a moto server."""

from __future__ import annotations

import json
import time
import uuid
from pathlib import Path

import pytest

from petavatar.adapters.aws.session import AwsClients
from petavatar.ops.build import BundleSpec, build, pip_download
from petavatar.ops.deploy import (
    AGENTS,
    MANAGED_BY,
    DeployError,
    Target,
    deploy,
    destroy,
    plan,
    render,
)
from tests.ops.test_build import make_wheel
from tests.support import moto


def dist(folder: Path, tag: str) -> Path:
    """Tiny but real artefacts (api, events, worker, agent) carrying ``tag``."""
    make_wheel(folder / "wheels", "tinydist")
    specs = tuple(BundleSpec(n, ("tinydist",)) for n in ("api", "events", "worker", "agent"))
    build(folder / "dist", fetch=pip_download(folder / "wheels"), specs=specs, tag=tag)
    return folder / "dist"


@pytest.fixture
def clients() -> AwsClients:
    return moto.clients()


@pytest.fixture
def stage(clients: AwsClients) -> object:
    """A clean slate for the ``test`` stage before and after each test."""
    destroy(clients, "test", poll=0)
    yield "test"
    destroy(clients, "test", poll=0)


def target(clients: AwsClients, version: str = "") -> Target:
    return Target("test", "123456789012", moto.REGION, version)


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
    first = deploy(clients, stage, dist(tmp_path / "v1", "0.1.0+gaaa"), printer=lines.append,
                   run_smoke=False, poll=0)
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

    second = deploy(clients, stage, dist(tmp_path / "v2", "0.1.0+gbbb"), printer=lines.append,
                    run_smoke=False, poll=0)
    actions = {(c.what, c.action) for c in second.changes}
    assert ("runtime", "updated") in actions and ("runtime", "created") not in actions
    assert ("stack", "updated") in actions and ("role", "created") not in actions
    assert {t["petavatar-version"] for t in runtimes(clients).values()} == {"0.1.0+gbbb"}
    cfn = clients.client("cloudformation")
    params = {p["ParameterKey"]: p["ParameterValue"]
              for p in cfn.describe_stacks(StackName="petavatar-test")["Stacks"][0]["Parameters"]}
    assert params["ApiCodeKey"] == "0.1.0+gbbb/api.zip"

    report = destroy(clients, stage, poll=0)
    assert ("deleted", "stack petavatar-test") in report
    assert runtimes(clients) == {} and stack_status(clients) is None
    s3 = clients.client("s3")
    assert target(clients).bucket not in [b["Name"] for b in s3.list_buckets()["Buckets"]]


def test_a_failing_step_rolls_back_what_deploy_created(
    clients: AwsClients, stage: str, tmp_path: Path
) -> None:
    lines: list[str] = []
    with pytest.raises(DeployError, match="smoke test"):
        deploy(clients, stage, dist(tmp_path, "0.1.0+gccc"), printer=lines.append,
               smoke_url="http://127.0.0.1:9", poll=0)
    assert runtimes(clients) == {}
    assert stack_status(clients) is None
    iam = clients.client("iam")
    assert "petavatar-test-agentcore-runtime" not in [r["RoleName"] for r in iam.list_roles()["Roles"]]
    assert any(line.startswith("FAILED: smoke test") for line in lines)
    assert any("rolled back: stack petavatar-test" in line for line in lines)


def test_a_failed_update_restores_the_previous_version(
    clients: AwsClients, stage: str, tmp_path: Path
) -> None:
    deploy(clients, stage, dist(tmp_path / "v1", "0.1.0+gddd"), printer=lambda _: None,
           run_smoke=False, poll=0)
    with pytest.raises(DeployError):
        deploy(clients, stage, dist(tmp_path / "v2", "0.1.0+geee"), printer=lambda _: None,
               smoke_url="http://127.0.0.1:9", poll=0)
    assert {t["petavatar-version"] for t in runtimes(clients).values()} == {"0.1.0+gddd"}
    assert stack_status(clients) is not None


def test_dry_run_changes_nothing(clients: AwsClients, stage: str, tmp_path: Path) -> None:
    lines = plan(clients, stage, dist(tmp_path, "0.1.0+gfff"))
    assert lines[-1] == "dry run: nothing changed"
    assert "  stack petavatar-test: create" in lines
    assert "memory_mb 512" in lines[1] and "log_retention_days 7" in lines[1]
    assert runtimes(clients) == {} and stack_status(clients) is None


def test_destroy_keeps_a_pre_existing_role(clients: AwsClients, stage: str, tmp_path: Path) -> None:
    iam = clients.client("iam")
    role = "petavatar-test-agentcore-runtime"
    trust = {"Version": "2012-10-17", "Statement": []}
    iam.create_role(RoleName=role, AssumeRolePolicyDocument=json.dumps(trust))
    try:
        outcome = deploy(clients, stage, dist(tmp_path, "0.1.0+g111"), printer=lambda _: None,
                         run_smoke=False, poll=0)
        assert ("role", "created") not in {(c.what, c.action) for c in outcome.changes}
        report = destroy(clients, stage, poll=0)
        assert ("kept", f"role {role} (not created by deploy)") in report
        assert iam.get_role(RoleName=role)["Role"]["RoleName"] == role
    finally:
        iam.delete_role(RoleName=role)


def test_missing_artefacts_are_one_clear_error(clients: AwsClients, tmp_path: Path) -> None:
    from petavatar.errors import InvalidInputError

    with pytest.raises(InvalidInputError, match="run `petavatar build"):
        deploy(clients, "test", tmp_path / str(uuid.uuid4()), printer=lambda _: None)
