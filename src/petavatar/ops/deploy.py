"""``petavatar deploy|destroy --stage NAME``: ship the built artefacts to a stage.

Deploy checks credentials and region, uploads ``dist/`` to the stage's artefact bucket,
creates or updates the CloudFormation stack from ``infra/template.yaml`` and the three
AgentCore runtimes (``bedrock-agentcore-control``), waits for them, and smoke-tests the
test-agent. Every change is recorded; when a step fails the recorded changes are undone in
reverse order. Everything deploy creates carries the ``managed-by`` tag, and destroy
removes only resources with it.
"""

from __future__ import annotations

import json
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from petavatar.adapters.aws.naming import stage_names
from petavatar.adapters.aws.session import AwsClients
from petavatar.entrypoints.cli.agent import AGENTS
from petavatar.errors import InvalidInputError, PetAvatarError

ROOT = Path(__file__).resolve().parents[3]
TEMPLATE = ROOT / "infra" / "template.yaml"

SMOKE_AGENT = "test-agent"
ARTEFACTS = ("api", "events", "worker", "agent")
MANAGED_BY = "petavatar-deploy"
STAGE_SETTINGS: dict[str, dict[str, int]] = {
    "test": {"memory_mb": 512, "timeout_s": 30, "concurrency": 10, "log_retention_days": 7},
    "prod": {"memory_mb": 1024, "timeout_s": 60, "concurrency": 100, "log_retention_days": 30},
}
"""What the template's ``StageConfig`` mapping picks per stage (shown in the plan)."""
_TRUST = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": {"Service": "bedrock-agentcore.amazonaws.com"},
            "Action": "sts:AssumeRole",
        }
    ],
}


class DeployError(PetAvatarError):
    """A deploy or destroy step failed (the message names the step)."""

    status_code = 500
    code = "deploy_failed"


@dataclass(frozen=True)
class Target:
    """Where a stage goes: names derived from the stage, account and region."""

    stage: str
    account: str
    region: str
    version: str
    cost_center: str = "petavatar"

    @property
    def stack(self) -> str:
        return f"petavatar-{self.stage}"

    @property
    def bucket(self) -> str:
        return f"petavatar-artifacts-{self.account}-{self.region}-{self.stage}"

    @property
    def role(self) -> str:
        return f"petavatar-{self.stage}-agentcore-runtime"

    def runtime_name(self, agent: str) -> str:
        return f"petavatar_{self.stage}_{agent.replace('-', '_')}"

    def key(self, artefact: str) -> str:
        return f"{self.version}/{artefact}.zip"

    def tags(self) -> dict[str, str]:
        return {
            "project": "petavatar",
            "stage": self.stage,
            "cost-center": self.cost_center,
            "managed-by": MANAGED_BY,
            "petavatar-version": self.version,
        }

    def tag_list(self) -> list[dict[str, str]]:
        return [{"Key": k, "Value": v} for k, v in self.tags().items()]

    @property
    def policy_name(self) -> str:
        return "petavatar-runtime-access"


RUNTIME_DATA_DIR = "/tmp/petavatar"  # the runtime's only writable place
RUNTIME_CACHE_DIR = "/tmp/petavatar-cache"


def runtime_environment(target: Target) -> dict[str, str]:
    """What every runtime is started with: the stage's AWS backend, as the functions are."""
    return {
        "PETAVATAR_BACKEND": "aws",
        "PETAVATAR_STAGE": target.stage,
        "PETAVATAR_AWS_BUCKET_SUFFIX": target.account,
        "PETAVATAR_AWS_COST_CENTER": target.cost_center,
        "PETAVATAR_DATA_DIR": RUNTIME_DATA_DIR,
        "PETAVATAR_CACHE_DIR": RUNTIME_CACHE_DIR,
        "PETAVATAR_VERSION": target.version,
    }


def runtime_policy(target: Target) -> dict[str, Any]:
    """The runtimes' least-privilege access: the stage's tables, buckets and key secret,
    their own log groups, and Bedrock model calls (for ``agent_model=bedrock``)."""
    names = stage_names(target.stage, target.account)
    region, account = target.region, target.account
    tables = [
        f"arn:aws:dynamodb:{region}:{account}:table/{table}"
        for table in (names.table, names.coach_sessions)
    ]
    buckets = [f"arn:aws:s3:::{b}" for b in (names.uploads_bucket, names.generated_bucket)]
    item_actions = ["GetItem", "PutItem", "UpdateItem", "DeleteItem", "Query", "DescribeTable"]
    statements = [
        ("Tables", [f"dynamodb:{a}" for a in item_actions], tables),
        (
            "Objects",
            ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
            [f"{b}/*" for b in buckets],
        ),
        ("Buckets", ["s3:ListBucket"], buckets),
        (
            "ApiKeys",
            ["secretsmanager:GetSecretValue"],
            [f"arn:aws:secretsmanager:{region}:{account}:secret:{names.secret}-*"],
        ),
        (
            "Logs",
            ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
            [f"arn:aws:logs:{region}:{account}:log-group:/aws/bedrock-agentcore/runtimes/*"],
        ),
        (
            "Models",
            ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"],
            [
                f"arn:aws:bedrock:{region}::foundation-model/*",
                f"arn:aws:bedrock:{region}:{account}:inference-profile/*",
            ],
        ),
    ]
    return {
        "Version": "2012-10-17",
        "Statement": [
            {"Sid": sid, "Effect": "Allow", "Action": actions, "Resource": resources}
            for sid, actions, resources in statements
        ],
    }


@dataclass
class Change:
    """One thing deploy changed, and how to undo it."""

    what: str
    name: str
    action: str
    undo: Callable[[], None] | None = None
    detail: str = ""


@dataclass
class Outcome:
    """The final table's rows plus the smoke verdict."""

    target: Target
    changes: list[Change] = field(default_factory=list)
    urls: dict[str, str] = field(default_factory=dict)
    smoke: str = "not run"
    seconds: float = 0.0


Printer = Callable[[str], None]


def artefact_version(out: Path) -> str:
    """The version tag all of ``out``'s artefacts share (one clear error otherwise)."""
    versions = set()
    for name in ARTEFACTS:
        path = out / f"{name}.zip"
        if not path.is_file():
            raise InvalidInputError(f"{path} is missing: run `petavatar build --out {out}` first")
        with zipfile.ZipFile(path) as zf:
            versions.add(zf.read("VERSION").decode().strip())
    if len(versions) != 1:
        raise InvalidInputError(
            f"artefacts in {out} come from different builds: {sorted(versions)}"
        )
    return versions.pop()


def preflight(clients: AwsClients) -> tuple[str, str]:
    """``(account, region)`` from ``sts get-caller-identity``, or one clear error."""
    from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError

    try:
        region = clients.region
    except Exception as exc:
        raise DeployError(f"no AWS region: set AWS_DEFAULT_REGION ({exc})") from exc
    if not region:
        raise DeployError("no AWS region: set AWS_DEFAULT_REGION or a profile region")
    try:
        identity = clients.client("sts").get_caller_identity()
    except NoCredentialsError as exc:
        raise DeployError("no AWS credentials: configure a profile or AWS_ACCESS_KEY_ID") from exc
    except (ClientError, BotoCoreError) as exc:
        raise DeployError(f"AWS credentials rejected in {region}: {exc}") from exc
    return str(identity["Account"]), region


def plan_lines(target: Target, out: Path) -> list[str]:
    """What a deploy of ``target`` would do (the ``--dry-run`` output)."""
    settings = STAGE_SETTINGS[target.stage]
    lines = [
        f"deploy {target.version} to stage {target.stage!r} "
        f"(account {target.account}, {target.region})",
        f"  stage settings: {', '.join(f'{k} {v}' for k, v in settings.items())}",
        f"  upload {', '.join(f'{a}.zip' for a in ARTEFACTS)} from {out} "
        f"to s3://{target.bucket}/{target.version}/",
        f"  create or update CloudFormation stack {target.stack} from {TEMPLATE.name}",
        f"  create or update IAM role {target.role} (only if deploy created it)",
    ]
    lines += [f"  create or update AgentCore runtime {target.runtime_name(a)}" for a in AGENTS]
    lines.append(f"  smoke-test {target.runtime_name(SMOKE_AGENT)}")
    return lines


def _bucket_exists(s3: Any, bucket: str) -> bool:
    from botocore.exceptions import ClientError

    try:
        s3.head_bucket(Bucket=bucket)
    except ClientError:
        return False
    return True


def empty_bucket(s3: Any, bucket: str) -> None:
    """Delete every object version in ``bucket``."""
    for page in s3.get_paginator("list_object_versions").paginate(Bucket=bucket):
        items = page.get("Versions", []) + page.get("DeleteMarkers", [])
        for item in items:
            s3.delete_object(Bucket=bucket, Key=item["Key"], VersionId=item["VersionId"])


def upload(clients: AwsClients, target: Target, out: Path, outcome: Outcome) -> None:
    """Create the artefact bucket if needed, then upload the zips."""
    s3 = clients.client("s3")
    if not _bucket_exists(s3, target.bucket):
        kwargs: dict[str, Any] = {"Bucket": target.bucket}
        if target.region != "us-east-1":
            kwargs["CreateBucketConfiguration"] = {"LocationConstraint": target.region}
        s3.create_bucket(**kwargs)
        s3.put_bucket_tagging(Bucket=target.bucket, Tagging={"TagSet": target.tag_list()})

        def drop_bucket() -> None:
            empty_bucket(s3, target.bucket)
            s3.delete_bucket(Bucket=target.bucket)

        outcome.changes.append(Change("bucket", target.bucket, "created", drop_bucket))
    for name in ARTEFACTS:
        key = target.key(name)
        s3.upload_file(str(out / f"{name}.zip"), target.bucket, key)
        outcome.changes.append(
            Change(
                "artefact",
                f"s3://{target.bucket}/{key}",
                "uploaded",
                partial(s3.delete_object, Bucket=target.bucket, Key=key),
            )
        )


def _stack(cfn: Any, name: str) -> dict[str, Any] | None:
    from botocore.exceptions import ClientError

    try:
        stacks = cfn.describe_stacks(StackName=name)["Stacks"]
    except ClientError:
        return None
    live = [s for s in stacks if s["StackStatus"] != "DELETE_COMPLETE"]
    return live[0] if live else None


def stack_parameters(target: Target) -> list[dict[str, str]]:
    """The template's parameters for ``target`` (the stage picks memory, timeouts…)."""
    values = {
        "Stage": target.stage,
        "CostCenter": target.cost_center,
        "CodeBucket": target.bucket,
        "ApiCodeKey": target.key("api"),
        "WorkerCodeKey": target.key("worker"),
    }
    return [{"ParameterKey": k, "ParameterValue": v} for k, v in values.items()]


def _wait(cfn: Any, waiter: str, stack: str, poll: float) -> None:
    from botocore.exceptions import WaiterError

    try:
        cfn.get_waiter(waiter).wait(
            StackName=stack, WaiterConfig={"Delay": poll, "MaxAttempts": 720}
        )
    except WaiterError as exc:
        raise DeployError(f"stack {stack}: {waiter.replace('_', ' ')} failed: {exc}") from exc


def _apply_stack(cfn: Any, target: Target, body: str, params: list[dict[str, str]]) -> bool:
    """Update the stack; False when CloudFormation reports nothing to update."""
    from botocore.exceptions import ClientError

    try:
        cfn.update_stack(
            StackName=target.stack,
            TemplateBody=body,
            Parameters=params,
            Capabilities=["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM"],
            Tags=target.tag_list(),
        )
    except ClientError as exc:
        if "No updates are to be performed" in str(exc):
            return False
        raise
    return True


def deploy_stack(clients: AwsClients, target: Target, outcome: Outcome, poll: float) -> None:
    """Create the stack, or update it (an update is undone by re-applying the old one)."""
    cfn = clients.client("cloudformation")
    body = TEMPLATE.read_text()
    existing = _stack(cfn, target.stack)
    if existing is None:
        cfn.create_stack(
            StackName=target.stack,
            TemplateBody=body,
            Parameters=stack_parameters(target),
            Capabilities=["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM"],
            Tags=target.tag_list(),
            OnFailure="DELETE",
        )
        _wait(cfn, "stack_create_complete", target.stack, poll)

        def delete() -> None:
            cfn.delete_stack(StackName=target.stack)
            _wait(cfn, "stack_delete_complete", target.stack, poll)

        outcome.changes.append(Change("stack", target.stack, "created", delete))
    else:
        old_body = cfn.get_template(StackName=target.stack)["TemplateBody"]
        old_body = old_body if isinstance(old_body, str) else json.dumps(old_body)
        old_params = existing.get("Parameters", [])
        old_tags = {t["Key"]: t["Value"] for t in existing.get("Tags", [])}
        old_target = Target(
            target.stage,
            target.account,
            target.region,
            old_tags.get("petavatar-version", target.version),
            target.cost_center,
        )
        changed = _apply_stack(cfn, target, body, stack_parameters(target))
        if changed:
            _wait(cfn, "stack_update_complete", target.stack, poll)

        def revert() -> None:
            if _apply_stack(cfn, old_target, old_body, old_params):
                _wait(cfn, "stack_update_complete", target.stack, poll)

        outcome.changes.append(
            Change("stack", target.stack, "updated" if changed else "unchanged", revert)
        )
    outputs = (_stack(cfn, target.stack) or {}).get("Outputs", [])
    outcome.urls.update(
        {o["OutputKey"]: o["OutputValue"] for o in outputs if "Url" in o["OutputKey"]}
    )


def _role_tags(iam: Any, role: str) -> dict[str, str] | None:
    """The role's tags, or None when there is no such role."""
    from botocore.exceptions import ClientError

    try:
        tags = iam.list_role_tags(RoleName=role)["Tags"]
    except ClientError:
        return None
    return {t["Key"]: t["Value"] for t in tags}


def _delete_role(iam: Any, role: str) -> None:
    """Delete ``role`` after its inline policies (IAM refuses a role that still has any)."""
    for policy in iam.list_role_policies(RoleName=role).get("PolicyNames", []):
        iam.delete_role_policy(RoleName=role, PolicyName=policy)
    iam.delete_role(RoleName=role)


def ensure_role(clients: AwsClients, target: Target, outcome: Outcome) -> str:
    """The runtimes' execution role: reused as it is when it exists (its permissions are
    its owner's), else created, tagged and given :func:`runtime_policy`."""
    iam = clients.client("iam")
    if _role_tags(iam, target.role) is None:
        iam.create_role(
            RoleName=target.role,
            AssumeRolePolicyDocument=json.dumps(_TRUST),
            Tags=target.tag_list(),
            Description="Execution role of the PetAvatar AgentCore runtimes",
        )
        iam.put_role_policy(
            RoleName=target.role,
            PolicyName=target.policy_name,
            PolicyDocument=json.dumps(runtime_policy(target)),
        )
        outcome.changes.append(
            Change("role", target.role, "created", lambda: _delete_role(iam, target.role))
        )
    return str(iam.get_role(RoleName=target.role)["Role"]["Arn"])


def artifact(target: Target, agent: str) -> dict[str, Any]:
    """The direct-code-deploy artefact of one agent (the shared agent zip)."""
    return {
        "codeConfiguration": {
            "code": {"s3": {"bucket": target.bucket, "prefix": target.key("agent")}},
            "runtime": "PYTHON_3_13",
            "entryPoint": [f"agentcore_{agent.replace('-', '_')}.py"],
        }
    }


def _runtimes_by_name(control: Any) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for page in control.get_paginator("list_agent_runtimes").paginate():
        for summary in page.get("agentRuntimes", []):
            found[summary["agentRuntimeName"]] = summary
    return found


def _runtime_settings(target: Target, agent: str, role_arn: str) -> dict[str, Any]:
    return {
        "agentRuntimeArtifact": artifact(target, agent),
        "roleArn": role_arn,
        "networkConfiguration": {"networkMode": "PUBLIC"},
        "description": f"PetAvatar {agent} agent {target.version}",
        "environmentVariables": runtime_environment(target),
    }


def deploy_runtimes(
    clients: AwsClients, target: Target, role_arn: str, outcome: Outcome
) -> dict[str, str]:
    """Create or update the three runtimes, tagged with the version; ``{agent: id}``."""
    control = clients.client("bedrock-agentcore-control")
    existing = _runtimes_by_name(control)
    ids: dict[str, str] = {}
    for agent in AGENTS:
        name = target.runtime_name(agent)
        settings = _runtime_settings(target, agent, role_arn)
        if name in existing:
            runtime_id = existing[name]["agentRuntimeId"]
            old = control.get_agent_runtime(agentRuntimeId=runtime_id)
            old_tags = control.list_tags_for_resource(resourceArn=old["agentRuntimeArn"])["tags"]
            control.update_agent_runtime(agentRuntimeId=runtime_id, **settings)
            _retag(control, runtime_id, target.tags())
            outcome.changes.append(
                Change("runtime", name, "updated", _runtime_revert(control, old, old_tags))
            )
        else:
            created = control.create_agent_runtime(
                agentRuntimeName=name, tags=target.tags(), **settings
            )
            runtime_id = created["agentRuntimeId"]
            outcome.changes.append(
                Change(
                    "runtime",
                    name,
                    "created",
                    partial(control.delete_agent_runtime, agentRuntimeId=runtime_id),
                )
            )
        ids[agent] = runtime_id
    return ids


def _retag(control: Any, runtime_id: str, tags: dict[str, str]) -> None:
    """Tag the runtime's current ARN (an update may give it a new one)."""
    arn = control.get_agent_runtime(agentRuntimeId=runtime_id)["agentRuntimeArn"]
    control.tag_resource(resourceArn=arn, tags=tags)


def _runtime_revert(
    control: Any, old: dict[str, Any], old_tags: dict[str, str]
) -> Callable[[], None]:
    def revert() -> None:
        control.update_agent_runtime(
            agentRuntimeId=old["agentRuntimeId"],
            agentRuntimeArtifact=old["agentRuntimeArtifact"],
            roleArn=old["roleArn"],
            networkConfiguration=old["networkConfiguration"],
            environmentVariables=old.get("environmentVariables") or {},
        )
        if old_tags:
            _retag(control, old["agentRuntimeId"], old_tags)

    return revert


def wait_ready(
    clients: AwsClients,
    ids: dict[str, str],
    outcome: Outcome,
    *,
    poll: float,
    timeout: float,
    sleep: Callable[[float], None] = time.sleep,
) -> None:
    """Poll each runtime until READY; a FAILED one or the timeout is a DeployError."""
    control = clients.client("bedrock-agentcore-control")
    attempts = max(1, int(timeout / poll)) if poll > 0 else 1000
    for agent, runtime_id in ids.items():
        for attempt in range(attempts + 1):
            runtime = control.get_agent_runtime(agentRuntimeId=runtime_id)
            status = runtime["status"]
            if status == "READY":
                break
            if status.endswith("FAILED") or attempt == attempts:
                reason = runtime.get("failureReason", f"still {status} after {timeout:.0f} s")
                raise DeployError(f"runtime {agent} is not ready: {reason}")
            sleep(poll)
        for change in outcome.changes:
            if change.what == "runtime" and change.name.endswith(agent.replace("-", "_")):
                change.detail = f"v{runtime['agentRuntimeVersion']} {status}"
        outcome.urls[agent] = invocation_url(clients.region, runtime["agentRuntimeArn"])


def invocation_url(region: str, arn: str) -> str:
    """The runtime's InvokeAgentRuntime URL (SigV4-signed on AWS)."""
    from urllib.parse import quote

    return (
        f"https://bedrock-agentcore.{region}.amazonaws.com/runtimes/"
        f"{quote(arn, safe='')}/invocations?qualifier=DEFAULT"
    )


def is_real_aws(clients: AwsClients) -> bool:
    """Whether the clients talk to AWS itself (not a moto server or other stand-in)."""
    endpoint = str(clients.client("sts").meta.endpoint_url)
    return endpoint.startswith("https://") and endpoint.rstrip("/").endswith(".amazonaws.com")


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def local_stand_in(agent: str, *, startup_timeout: float = 120.0) -> tuple[str, Callable[[], None]]:
    """A ``petavatar agent serve AGENT`` process on a free loopback port: ``(url, stop)``."""
    import subprocess
    import sys

    import httpx

    port = _free_port()
    command = [sys.executable, "-m", "petavatar.entrypoints.cli.main", "agent", "serve", agent]
    process = subprocess.Popen(
        [*command, "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )

    def stop() -> None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + startup_timeout
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if httpx.get(f"{url}/ping", timeout=2).status_code == 200:
                return url, stop
        except httpx.HTTPError:
            time.sleep(0.2)
    stop()
    raise DeployError(f"the local {agent} stand-in did not answer /ping")


def smoke(clients: AwsClients, outcome: Outcome, smoke_url: str | None, printer: Printer) -> None:
    """Run the test-agent smoke; a failed check is a DeployError."""
    from petavatar.agents.test_agent import all_passed, render_table, smoke_runtime
    from petavatar.config import Settings

    stop: Callable[[], None] | None = None
    where = smoke_url
    if where is None:
        if is_real_aws(clients):
            outcome.smoke = "skipped: invoke it with SigV4 (`petavatar agent smoke` via a proxy)"
            return
        where, stop = local_stand_in(SMOKE_AGENT)
        printer(f"   no container runs behind this endpoint: smoke on a local stand-in {where}")
    try:
        agent, results = smoke_runtime(where, Settings(), agent=SMOKE_AGENT)
    except Exception as exc:
        raise DeployError(f"smoke against {where} failed: {exc}") from exc
    finally:
        if stop is not None:
            stop()
    printer(render_table(results))
    passed = sum(r.passed for r in results)
    outcome.smoke = f"{passed}/{len(results)} passed ({agent} at {where})"
    if not all_passed(results):
        raise DeployError(f"smoke failed: {outcome.smoke}")


def rollback(outcome: Outcome, printer: Printer) -> None:
    """Undo the recorded changes, newest first; report any that could not be undone."""
    for change in reversed(outcome.changes):
        if change.undo is None:
            continue
        try:
            change.undo()
            printer(f"   rolled back: {change.what} {change.name} ({change.action})")
        except Exception as exc:
            printer(f"   could not roll back {change.what} {change.name}: {exc}")


def deploy(
    clients: AwsClients,
    stage: str,
    out: Path,
    *,
    printer: Printer = print,
    run_smoke: bool = True,
    smoke_url: str | None = None,
    poll: float = 5.0,
    ready_timeout: float = 900.0,
    sleep: Callable[[float], None] = time.sleep,
    cost_center: str = "petavatar",
) -> Outcome:
    """Deploy ``out``'s artefacts to ``stage``; on failure undo every change and raise."""
    started = time.perf_counter()
    if stage not in STAGE_SETTINGS:
        raise InvalidInputError(f"unknown stage {stage!r}: use {' or '.join(STAGE_SETTINGS)}")
    account, region = preflight(clients)
    version = artefact_version(out)
    target = Target(stage, account, region, version, cost_center)
    outcome = Outcome(target)
    state: dict[str, Any] = {}

    def runtimes() -> None:
        state["ids"] = deploy_runtimes(clients, target, state["role"], outcome)

    steps: list[tuple[str, Callable[[], None]]] = [
        ("upload artefacts", lambda: upload(clients, target, out, outcome)),
        ("CloudFormation stack", lambda: deploy_stack(clients, target, outcome, poll)),
        ("runtime role", lambda: state.update(role=ensure_role(clients, target, outcome))),
        ("AgentCore runtimes", runtimes),
        (
            "wait for runtimes",
            lambda: wait_ready(
                clients, state["ids"], outcome, poll=poll, timeout=ready_timeout, sleep=sleep
            ),
        ),
    ]
    if run_smoke:
        steps.append(("smoke test", lambda: smoke(clients, outcome, smoke_url, printer)))
    printer(f"deploying {version} to {stage!r} (account {account}, {region})")
    for name, step in steps:
        printer(f"-> {name}")
        try:
            step()
        except Exception as exc:
            message = exc.message if isinstance(exc, PetAvatarError) else str(exc)
            printer(f"FAILED: {name}: {message}; rolling back")
            rollback(outcome, printer)
            raise DeployError(f"deploy failed at {name}: {message} (changes rolled back)") from exc
    outcome.seconds = time.perf_counter() - started
    return outcome


def render(outcome: Outcome) -> str:
    """The final table: what changed, the version, the URLs and the smoke result."""
    rows = [("what", "name", "change", "detail")]
    rows += [(c.what, c.name, c.action, c.detail) for c in outcome.changes]
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) for row in rows]
    lines.append(f"version: {outcome.target.version}")
    lines += [f"url {name}: {url}" for name, url in sorted(outcome.urls.items())]
    lines.append(f"smoke: {outcome.smoke}")
    lines.append(f"took {outcome.seconds:.1f} s")
    return "\n".join(lines)


def _managed(tags: dict[str, str] | None, stage: str) -> bool:
    if not tags:
        return False
    return tags.get("managed-by") == MANAGED_BY and tags.get("stage") == stage


def destroy(clients: AwsClients, stage: str, *, poll: float = 5.0) -> list[tuple[str, str]]:
    """Remove the runtimes, stack, role and bucket deploy created for ``stage``."""
    account, region = preflight(clients)
    target = Target(stage, account, region, "")
    report: list[tuple[str, str]] = []
    control = clients.client("bedrock-agentcore-control")
    names = {target.runtime_name(a) for a in AGENTS}
    for name, summary in sorted(_runtimes_by_name(control).items()):
        tags = control.list_tags_for_resource(resourceArn=summary["agentRuntimeArn"])["tags"]
        if name in names and _managed(tags, stage):
            control.delete_agent_runtime(agentRuntimeId=summary["agentRuntimeId"])
            report.append(("deleted", f"runtime {name}"))
    cfn = clients.client("cloudformation")
    stack = _stack(cfn, target.stack)
    if stack and _managed({t["Key"]: t["Value"] for t in stack.get("Tags", [])}, stage):
        cfn.delete_stack(StackName=target.stack)
        _wait(cfn, "stack_delete_complete", target.stack, poll)
        report.append(("deleted", f"stack {target.stack}"))
    iam = clients.client("iam")
    role_tags = _role_tags(iam, target.role)
    if _managed(role_tags, stage):
        _delete_role(iam, target.role)
        report.append(("deleted", f"role {target.role}"))
    elif role_tags is not None:
        report.append(("kept", f"role {target.role} (not created by deploy)"))
    report += _destroy_bucket(clients.client("s3"), target.bucket, stage)
    return report


def _destroy_bucket(s3: Any, bucket: str, stage: str) -> list[tuple[str, str]]:
    from botocore.exceptions import ClientError

    if not _bucket_exists(s3, bucket):
        return []
    try:
        tag_set = s3.get_bucket_tagging(Bucket=bucket)["TagSet"]
    except ClientError:
        tag_set = []
    if not _managed({t["Key"]: t["Value"] for t in tag_set}, stage):
        return [("kept", f"bucket {bucket} (not created by deploy)")]
    empty_bucket(s3, bucket)
    s3.delete_bucket(Bucket=bucket)
    return [("deleted", f"bucket {bucket}")]


def plan(clients: AwsClients, stage: str, out: Path) -> list[str]:
    """The plan, with what exists already (reads only)."""
    account, region = preflight(clients)
    target = Target(stage, account, region, artefact_version(out))
    lines = plan_lines(target, out)
    exists = _stack(clients.client("cloudformation"), target.stack) is not None
    lines.append(f"  stack {target.stack}: {'update' if exists else 'create'}")
    found = _runtimes_by_name(clients.client("bedrock-agentcore-control"))
    for agent in AGENTS:
        name = target.runtime_name(agent)
        lines.append(f"  runtime {name}: {'update' if name in found else 'create'}")
    lines.append("dry run: nothing changed")
    return lines


def deploy_command(stage: str, out: Path, *, dry_run: bool, smoke: bool) -> int:
    """``petavatar deploy``: print the plan or deploy and print the final table."""
    clients = AwsClients()
    if dry_run:
        print("\n".join(plan(clients, stage, out)))
        return 0
    print(render(deploy(clients, stage, out, run_smoke=smoke)))
    return 0


def destroy_command(stage: str) -> int:
    """``petavatar destroy``: remove what deploy created and say what was kept."""
    for action, resource in destroy(AwsClients(), stage):
        print(f"{action:<8} {resource}")
    return 0
