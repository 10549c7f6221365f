"""ops audit against moto: the template's stage passes, a deliberately broken one fails."""

from __future__ import annotations

import json
import time

from petavatar.ops.audit import render_checks, run_audit, wildcards
from petavatar.ops.resources import stage_resources
from tests.support.deployed import MOTO_STACK_MARKS, deploy_stage

pytestmark = MOTO_STACK_MARKS


def test_the_templates_stage_passes_every_check() -> None:
    deployed = deploy_stage("prod")
    res = stage_resources("prod", deployed.account)
    started = time.perf_counter()
    checks = run_audit(deployed.clients, res)
    elapsed = time.perf_counter() - started
    failed = [c for c in checks if not c.passed]
    assert not failed, "\n".join(render_checks(failed))
    kinds = {c.check for c in checks}
    assert kinds == {
        "bucket encryption",
        "public access blocked",
        "TLS-only policy",
        "table encryption",
        "point-in-time recovery",
        "secret rotation",
        "IAM least privilege",
        "log retention",
        "alarm present",
    }
    assert len([c for c in checks if c.check == "log retention"]) == 5
    assert elapsed < 30


def test_a_broken_stage_fails_each_broken_check() -> None:
    deployed = deploy_stage("test")
    res = stage_resources("test", deployed.account)
    names, aws = res.names, deployed.clients
    s3 = aws.client("s3")
    s3.delete_bucket_encryption(Bucket=names.uploads_bucket)
    s3.delete_public_access_block(Bucket=names.generated_bucket)
    s3.delete_bucket_policy(Bucket=names.uploads_bucket)
    aws.client("dynamodb").update_continuous_backups(
        TableName=names.table,
        PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": False},
    )
    aws.client("secretsmanager").untag_resource(SecretId=names.secret, TagKeys=["rotation"])
    aws.client("iam").put_role_policy(
        RoleName=res.functions["worker"],
        PolicyName="too-broad",
        PolicyDocument=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}],
            }
        ),
    )
    aws.client("logs").delete_retention_policy(logGroupName=f"/aws/lambda/{res.functions['api']}")
    aws.client("cloudwatch").delete_alarms(AlarmNames=[f"{res.prefix}throttles"])

    checks = run_audit(aws, res)

    failed = {(c.check, c.resource) for c in checks if not c.passed}
    assert failed == {
        ("bucket encryption", names.uploads_bucket),
        ("public access blocked", names.generated_bucket),
        ("TLS-only policy", names.uploads_bucket),
        ("point-in-time recovery", names.table),
        ("secret rotation", names.secret),
        ("IAM least privilege", res.functions["worker"]),
        ("log retention", f"/aws/lambda/{res.functions['api']}"),
        ("alarm present", f"{res.prefix}throttles"),
    }
    assert "0 passed" not in render_checks(checks)[-1]


def test_wildcards_finds_star_actions_and_resources_only_in_allows() -> None:
    document = {
        "Statement": [
            {
                "Effect": "Allow",
                "Action": ["s3:GetObject", "sqs:*"],
                "Resource": "arn:aws:s3:::b/*",
            },
            {"Effect": "Allow", "Action": "*", "Resource": ["*"]},
            {"Effect": "Deny", "Action": "*", "Resource": "*"},
        ]
    }
    assert wildcards(document) == ["action sqs:*", "action *", "resource *"]
