"""Least privilege that works: every AWS call a handler makes is granted to its function's role.

Each handler runs on a moto-provisioned stage with boto3 clients that record every
operation they call (from building the stack on a cold start to the last request); each
operation is mapped to the IAM action that authorizes it and looked up in the role the
template gives that function. A call the template forgot fails here, not in production.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from petavatar.adapters.aws.naming import stage_names
from petavatar.adapters.aws.provision import StageSpec, provision
from petavatar.adapters.aws.session import AwsClients
from petavatar.config import Settings
from petavatar.entrypoints.lambdas.runtime import configure
from tests.entrypoints.lambdas.conftest import LambdaEnv
from tests.infra.test_template import TEMPLATE
from tests.support import moto
from tests.support.clock import ManualClock
from tests.support.fake_pipeline import FakePipeline

pytestmark = pytest.mark.integration

#: S3 operations whose IAM action is not ``s3:<Operation>``.
S3_ACTIONS = {
    "HeadObject": "s3:GetObject",
    "HeadBucket": "s3:ListBucket",
    "ListObjectsV2": "s3:ListBucket",
    "ListObjects": "s3:ListBucket",
    "CreateMultipartUpload": "s3:PutObject",
    "UploadPart": "s3:PutObject",
    "CompleteMultipartUpload": "s3:PutObject",
    "DeleteObjects": "s3:DeleteObject",
}


def iam_action(service: str, operation: str) -> str:
    if service == "s3":
        return S3_ACTIONS.get(operation, f"s3:{operation}")
    if service == "sqs" and operation.endswith("Batch"):  # batch calls use the single action
        return f"sqs:{operation.removesuffix('Batch')}"
    return f"{service}:{operation}"


def granted_actions(role: str) -> set[str]:
    from cfnlint.decode import decode

    template, _ = decode(str(TEMPLATE))
    assert template is not None
    actions: set[str] = set()
    for policy in template["Resources"][role]["Properties"]["Policies"]:
        for statement in policy["PolicyDocument"]["Statement"]:
            listed = statement["Action"]
            actions.update([listed] if isinstance(listed, str) else listed)
    return actions


def recording_clients(calls: set[str]) -> AwsClients:
    clients = moto.clients()

    def record(model: Any, **_: Any) -> None:
        calls.add(iam_action(model.service_model.endpoint_prefix, model.name))

    clients.session.events.register("before-call", record)
    return clients


def _env(tmp_path: Path, stage: str, calls: set[str]) -> LambdaEnv:
    settings = Settings(
        backend="aws", stage=stage, data_dir=tmp_path / "data", aws_receive_wait_seconds=0
    )
    clock = ManualClock()
    runtime = configure(
        settings, clock=clock, pipeline=FakePipeline(), clients=recording_clients(calls)
    )
    return LambdaEnv(runtime, clock, "", "aws")


def _queue_job(setup: LambdaEnv) -> str:
    """A queued job, made through the setup stack (whose calls are not recorded)."""
    job_id = str(uuid.uuid4())
    setup.stack.service.object_created(setup.upload(job_id))
    return job_id


def _api(env: LambdaEnv, setup: LambdaEnv) -> None:
    _, env.api_key = setup.stack.keys.create("iam")
    done = _queue_job(setup)
    assert setup.stack.worker(FakePipeline()).run_once()
    env.api("presigned_url", query={"species": "dog"})
    key = setup.upload(str(uuid.uuid4()))
    env.api("process", body={"s3_uri": f"s3://{env.stack.blobs.bucket}/{key}"})
    env.api("status", job_id=done)
    assert env.api("results", job_id=done).status == 200


def _events(env: LambdaEnv, setup: LambdaEnv) -> None:
    assert env.on_event(env.s3_event(setup.upload(str(uuid.uuid4())))) == {"handled": 1}


def _worker(env: LambdaEnv, setup: LambdaEnv) -> None:
    job_id = _queue_job(setup)
    assert env.work(setup.queued_event()) == {"batchItemFailures": []}
    assert setup.stack.jobs.get(job_id).status == "completed"


def _maintenance(env: LambdaEnv, setup: LambdaEnv) -> None:
    dead = _queue_job(setup)
    queue = setup.stack.queue
    for _ in range(queue.max_receives):
        queue.change_visibility(queue.receive()[0].receipt_handle, 0)
    setup.stack.jobs.claim(dead, "crashed-worker")
    assert queue.receive() == []  # dead-lettered by the redrive policy
    assert env.maintain()["dead_lettered_failed"] == 1
    env.clock.advance(setup.runtime.settings.job_ttl_seconds + 60)
    assert env.maintain()["expired_removed"] == 1


SCENARIOS: dict[str, Callable[[LambdaEnv, LambdaEnv], None]] = {
    "ApiRole": _api,
    "EventsRole": _events,
    "WorkerRole": _worker,
    "MaintenanceRole": _maintenance,
}


@pytest.mark.parametrize("role", sorted(SCENARIOS))
def test_role_grants_every_call_its_handler_makes(role: str, tmp_path: Path) -> None:
    stage = moto.unique("iam")[:20]
    provision(moto.clients(), StageSpec(names=stage_names(stage), cost_center="test"))
    setup = _env(tmp_path / "setup", stage, set())
    calls: set[str] = set()
    env = _env(tmp_path / "handler", stage, calls)  # configured last: the handlers use it
    SCENARIOS[role](env, setup)
    assert calls, "no AWS call recorded"
    missing = calls - granted_actions(role)
    assert not missing, f"{role} lacks {sorted(missing)} (calls: {sorted(calls)})"
