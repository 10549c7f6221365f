"""docs/disaster-recovery.md, what moto can run: a PITR restore and a stage rebuilt."""

from __future__ import annotations

from petavatar.adapters.aws.dynamodb import DynamoJobStore
from petavatar.ops.audit import run_audit
from petavatar.ops.resources import stage_resources
from tests.support.deployed import MOTO_STACK_MARKS, delete_stage, deploy_stage

pytestmark = MOTO_STACK_MARKS


def test_restore_the_job_table_from_pitr_and_rebuild_the_stack() -> None:
    deployed = deploy_stage("test")
    res = stage_resources("test", deployed.account)
    dynamodb = deployed.clients.client("dynamodb")
    store = DynamoJobStore(dynamodb, res.names.table)
    store.create("job-before-the-incident")
    restored = f"{res.names.table}-restored"

    dynamodb.restore_table_to_point_in_time(
        SourceTableName=res.names.table,
        TargetTableName=restored,
        UseLatestRestorableTime=True,
    )

    assert DynamoJobStore(dynamodb, restored).find("job-before-the-incident") is not None
    delete_stage(deployed)
    rebuilt = deploy_stage("test", deployed.account)
    stack = rebuilt.clients.client("cloudformation").describe_stacks(StackName="petavatar-test")
    assert stack["Stacks"][0]["StackStatus"] == "CREATE_COMPLETE"
    assert all(c.passed for c in run_audit(rebuilt.clients, res))
