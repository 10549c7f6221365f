"""``petavatar ops audit``: is a deployed stage production-ready? A pass/fail table.

Each check reads the live resources (not the template), so drift after deploy shows:
buckets encrypted, public access fully blocked and a TLS-only bucket policy; the job
table encrypted with point-in-time recovery; the key secret either rotated by Secrets
Manager or tagged ``rotation=manual`` (API keys rotate by ``petavatar keys create`` and
``revoke``); the functions' roles with no ``*`` action or resource and no managed
policies; every log group with a retention; every alarm of the template present.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

from botocore.exceptions import ClientError
from pydantic import BaseModel

from petavatar.ops.resources import StageResources

PUBLIC_ACCESS_FLAGS = (
    "BlockPublicAcls",
    "IgnorePublicAcls",
    "BlockPublicPolicy",
    "RestrictPublicBuckets",
)
MANUAL_ROTATION_TAG = ("rotation", "manual")


class Check(BaseModel):
    check: str
    resource: str
    passed: bool
    detail: str = ""


def _error_code(exc: Exception) -> str:
    return str(getattr(exc, "response", {}).get("Error", {}).get("Code", type(exc).__name__))


def bucket_checks(s3: Any, bucket: str) -> Iterator[Check]:
    """Encryption, public-access block and a TLS-only policy of one bucket."""
    try:
        rules = s3.get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"]
        algorithms = [
            r["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"] for r in rules["Rules"]
        ]
        yield Check(
            check="bucket encryption", resource=bucket, passed=True, detail=", ".join(algorithms)
        )
    except ClientError as exc:
        yield Check(
            check="bucket encryption", resource=bucket, passed=False, detail=_error_code(exc)
        )
    try:
        block = s3.get_public_access_block(Bucket=bucket)["PublicAccessBlockConfiguration"]
        off = [flag for flag in PUBLIC_ACCESS_FLAGS if not block.get(flag)]
        yield Check(
            check="public access blocked",
            resource=bucket,
            passed=not off,
            detail=f"off: {', '.join(off)}" if off else "all four flags on",
        )
    except ClientError as exc:
        yield Check(
            check="public access blocked", resource=bucket, passed=False, detail=_error_code(exc)
        )
    yield _tls_only(s3, bucket)


def _denies_plain_http(statement: dict[str, Any]) -> bool:
    condition = statement.get("Condition", {}).get("Bool", {})
    return (
        statement.get("Effect") == "Deny"
        and str(condition.get("aws:SecureTransport", "")).lower() == "false"
    )


def _tls_only(s3: Any, bucket: str) -> Check:
    try:
        policy = json.loads(s3.get_bucket_policy(Bucket=bucket)["Policy"])
    except ClientError as exc:
        return Check(
            check="TLS-only policy", resource=bucket, passed=False, detail=_error_code(exc)
        )
    ok = any(_denies_plain_http(s) for s in policy.get("Statement", []))
    detail = "denies aws:SecureTransport=false" if ok else "no Deny on aws:SecureTransport=false"
    return Check(check="TLS-only policy", resource=bucket, passed=ok, detail=detail)


def table_checks(dynamodb: Any, table: str) -> Iterator[Check]:
    """Encryption at rest and point-in-time recovery of the job table."""
    try:
        description = dynamodb.describe_table(TableName=table)["Table"]
    except ClientError as exc:
        yield Check(check="table encryption", resource=table, passed=False, detail=_error_code(exc))
        return
    sse = description.get("SSEDescription", {})
    yield Check(
        check="table encryption",
        resource=table,
        passed=sse.get("Status") in ("ENABLED", "ENABLING"),
        detail=str(sse.get("SSEType") or "AWS owned key (no SSEDescription)"),
    )
    backups = dynamodb.describe_continuous_backups(TableName=table)["ContinuousBackupsDescription"]
    pitr = backups.get("PointInTimeRecoveryDescription", {}).get("PointInTimeRecoveryStatus")
    yield Check(
        check="point-in-time recovery", resource=table, passed=pitr == "ENABLED", detail=str(pitr)
    )


def secret_checks(secrets: Any, secret: str) -> Iterator[Check]:
    """The key secret rotates (Secrets Manager rotation or the documented manual rotation)."""
    try:
        description = secrets.describe_secret(SecretId=secret)
    except ClientError as exc:
        yield Check(check="secret rotation", resource=secret, passed=False, detail=_error_code(exc))
        return
    tags = {t["Key"]: t["Value"] for t in description.get("Tags", [])}
    if description.get("RotationEnabled"):
        days = description.get("RotationRules", {}).get("AutomaticallyAfterDays")
        yield Check(
            check="secret rotation", resource=secret, passed=True, detail=f"every {days} days"
        )
        return
    key, value = MANUAL_ROTATION_TAG
    manual = tags.get(key) == value
    detail = (
        "manual (petavatar keys create/revoke)"
        if manual
        else "rotation off, no rotation=manual tag"
    )
    yield Check(check="secret rotation", resource=secret, passed=manual, detail=detail)


def wildcards(document: dict[str, Any]) -> list[str]:
    """The ``*`` actions and resources an IAM policy document allows."""
    found = []
    statements = document.get("Statement", [])
    for statement in [statements] if isinstance(statements, dict) else statements:
        if statement.get("Effect") != "Allow":
            continue
        actions, resources = statement.get("Action", []), statement.get("Resource", [])
        for action in [actions] if isinstance(actions, str) else actions:
            if action == "*" or action.endswith(":*"):
                found.append(f"action {action}")
        for resource in [resources] if isinstance(resources, str) else resources:
            if resource == "*":
                found.append("resource *")
    return found


def role_checks(iam: Any, role: str) -> Iterator[Check]:
    """A function role: inline policies only, none of them with a wildcard."""
    try:
        names = iam.list_role_policies(RoleName=role)["PolicyNames"]
        attached = iam.list_attached_role_policies(RoleName=role)["AttachedPolicies"]
    except ClientError as exc:
        yield Check(
            check="IAM least privilege", resource=role, passed=False, detail=_error_code(exc)
        )
        return
    problems = [f"managed policy {p['PolicyName']}" for p in attached]
    for name in names:
        document = iam.get_role_policy(RoleName=role, PolicyName=name)["PolicyDocument"]
        if isinstance(document, str):
            document = json.loads(document)
        problems += [f"{name}: {w}" for w in wildcards(document)]
    detail = "; ".join(problems) or f"{len(names)} inline policies, no wildcards"
    yield Check(check="IAM least privilege", resource=role, passed=not problems, detail=detail)


def log_checks(logs: Any, res: StageResources) -> Iterator[Check]:
    """Every log group of the stage keeps its events for a bounded time."""
    groups = []
    for prefix in res.log_group_prefixes:
        paginator = logs.get_paginator("describe_log_groups")
        for page in paginator.paginate(logGroupNamePrefix=prefix):
            groups.extend(page["logGroups"])
    if not groups:
        yield Check(
            check="log retention",
            resource=res.log_group_prefixes[0],
            passed=False,
            detail="no log groups",
        )
    for group in groups:
        days = group.get("retentionInDays")
        yield Check(
            check="log retention",
            resource=group["logGroupName"],
            passed=days is not None,
            detail=f"{days} days" if days else "never expires",
        )


def alarm_checks(cloudwatch: Any, res: StageResources) -> Iterator[Check]:
    """Every alarm the template declares exists, with an action."""
    found = {}
    for page in cloudwatch.get_paginator("describe_alarms").paginate(AlarmNamePrefix=res.prefix):
        found.update({a["AlarmName"]: a for a in page.get("MetricAlarms", [])})
    for name in res.alarms:
        alarm = found.get(name)
        if alarm is None:
            yield Check(check="alarm present", resource=name, passed=False, detail="missing")
        else:
            actions = alarm.get("AlarmActions", [])
            yield Check(
                check="alarm present",
                resource=name,
                passed=bool(actions),
                detail=f"notifies {len(actions)} target(s)" if actions else "no alarm action",
            )


def run_audit(clients: Any, res: StageResources) -> list[Check]:
    """Every check of the stage, in a fixed order."""
    names = res.names
    groups: list[Callable[[], Iterator[Check]]] = [
        lambda: bucket_checks(clients.client("s3"), names.uploads_bucket),
        lambda: bucket_checks(clients.client("s3"), names.generated_bucket),
        lambda: table_checks(clients.client("dynamodb"), names.table),
        lambda: secret_checks(clients.client("secretsmanager"), names.secret),
        *(lambda role=role: role_checks(clients.client("iam"), role) for role in res.roles),
        lambda: log_checks(clients.client("logs"), res),
        lambda: alarm_checks(clients.client("cloudwatch"), res),
    ]
    return [check for group in groups for check in group()]


def render_checks(checks: list[Check]) -> list[str]:
    """The pass/fail table and a summary line."""
    lines = [f"{'result':<7}{'check':<24}{'resource':<48}detail"]
    lines += [
        f"{'PASS' if c.passed else 'FAIL':<7}{c.check:<24}{c.resource:<48}{c.detail}"
        for c in checks
    ]
    failed = sum(not c.passed for c in checks)
    lines.append(f"{len(checks) - failed} passed, {failed} failed")
    return lines
