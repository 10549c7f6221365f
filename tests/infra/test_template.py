"""infra/template.yaml: lint-clean, tagged, least privilege, stage settings as promised."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from cfnlint.api import lint_file
from cfnlint.decode import decode
from cfnlint.schema import PROVIDER_SCHEMA_MANAGER

from tests.conftest import PROJECT_ROOT

TEMPLATE = PROJECT_ROOT / "infra" / "template.yaml"
REQUIRED_TAGS = {"project", "stage", "cost-center"}
HANDLER_MODULES = {"api", "events", "worker", "maintenance"}


@pytest.fixture(scope="module")
def template() -> dict[str, Any]:
    decoded, matches = decode(str(TEMPLATE))
    assert not matches, matches
    assert decoded is not None
    return dict(decoded)


def _resources(template: dict[str, Any], kind: str) -> dict[str, dict[str, Any]]:
    return {k: v for k, v in template["Resources"].items() if v["Type"] == kind}


def _tag_keys(tags: Any) -> set[str]:
    if isinstance(tags, dict):
        return set(tags)
    return {tag["Key"] for tag in tags or []}


def test_cfn_lint_passes() -> None:
    matches = lint_file(Path(TEMPLATE))
    assert not matches, "\n".join(str(m) for m in matches)


def test_every_taggable_resource_carries_the_three_tags(template: dict[str, Any]) -> None:
    untagged = []
    taggable = 0
    for name, resource in template["Resources"].items():
        schema = PROVIDER_SCHEMA_MANAGER.get_resource_schema("us-east-1", resource["Type"]).schema
        if not schema.get("tagging", {}).get("taggable", False):
            continue
        taggable += 1
        tag_property = schema["tagging"].get("tagProperty", "/properties/Tags").split("/")[-1]
        missing = REQUIRED_TAGS - _tag_keys(resource.get("Properties", {}).get(tag_property))
        if missing:
            untagged.append(f"{name} ({resource['Type']}): missing {sorted(missing)}")
    assert taggable >= 20
    assert not untagged, untagged


def test_stage_settings(template: dict[str, Any]) -> None:
    stages = template["Mappings"]["StageConfig"]
    expected = {
        "test": {"Memory": 512, "Timeout": 30, "Concurrency": 10, "LogRetention": 7},
        "prod": {"Memory": 1024, "Timeout": 60, "Concurrency": 100, "LogRetention": 30},
    }
    for stage, values in expected.items():
        for key, value in values.items():
            assert stages[stage][key] == value, (stage, key)
    assert template["Parameters"]["Stage"]["AllowedValues"] == ["test", "prod"]
    for group in _resources(template, "AWS::Logs::LogGroup").values():
        assert group["Properties"]["RetentionInDays"] == {
            "Fn::FindInMap": ["StageConfig", {"Ref": "Stage"}, "LogRetention"]
        }


def test_functions_are_arm64_python313_with_their_own_role_and_log_group(
    template: dict[str, Any],
) -> None:
    functions = _resources(template, "AWS::Lambda::Function")
    assert {f["Properties"]["Handler"].split(".")[-2] for f in functions.values()} == (
        HANDLER_MODULES
    )
    roles, groups = set(), set()
    for name, function in functions.items():
        props = function["Properties"]
        assert props["Runtime"] == "python3.13", name
        assert props["Architectures"] == ["arm64"], name
        assert "MemorySize" in props and "Timeout" in props, name
        assert "ReservedConcurrentExecutions" in props, name
        assert props["Environment"]["Variables"]["PETAVATAR_BACKEND"] == "aws"
        roles.add(props["Role"]["Fn::GetAtt"][0])
        groups.add(props["LoggingConfig"]["LogGroup"]["Ref"])
    assert len(roles) == len(functions) == len(groups)


def test_roles_grant_no_wildcard_actions_or_resources(template: dict[str, Any]) -> None:
    offending = []
    for name, role in _resources(template, "AWS::IAM::Role").items():
        assert not role["Properties"].get("ManagedPolicyArns"), name
        for policy in role["Properties"]["Policies"]:
            for statement in policy["PolicyDocument"]["Statement"]:
                assert statement["Effect"] == "Allow"
                actions = statement["Action"]
                for action in [actions] if isinstance(actions, str) else actions:
                    if action == "*" or action.endswith(":*"):
                        offending.append(f"{name}: action {action}")
                resources = statement["Resource"]
                for resource in resources if isinstance(resources, list) else [resources]:
                    if resource == "*":
                        offending.append(f"{name}: resource *")
    assert not offending, offending


def test_queue_table_buckets_and_secret(template: dict[str, Any]) -> None:
    queue = template["Resources"]["JobQueue"]["Properties"]
    assert queue["VisibilityTimeout"] == 900
    assert queue["RedrivePolicy"]["maxReceiveCount"] == 3
    table = template["Resources"]["JobsTable"]["Properties"]
    assert table["BillingMode"] == "PAY_PER_REQUEST"
    assert table["TimeToLiveSpecification"] == {"AttributeName": "ttl", "Enabled": True}
    assert table["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"] is True
    assert table["SSESpecification"]["SSEEnabled"] is True
    buckets = _resources(template, "AWS::S3::Bucket")
    policies = {
        p["Properties"]["Bucket"]["Ref"]: p["Properties"]["PolicyDocument"]
        for p in _resources(template, "AWS::S3::BucketPolicy").values()
    }
    assert set(buckets) == set(policies) == {"UploadBucket", "GeneratedBucket"}
    for name, bucket in buckets.items():
        props = bucket["Properties"]
        assert props["PublicAccessBlockConfiguration"] == dict.fromkeys(
            ("BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets"),
            True,
        )
        rule = props["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]
        assert rule["ServerSideEncryptionByDefault"]["SSEAlgorithm"] in ("AES256", "aws:kms")
        assert props["LifecycleConfiguration"]["Rules"][0]["ExpirationInDays"] == 7
        deny = policies[name]["Statement"][0]
        assert deny["Effect"] == "Deny"
        assert deny["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
    notification = buckets["UploadBucket"]["Properties"]["NotificationConfiguration"]
    config = notification["QueueConfigurations"][0]
    assert config["Event"] == "s3:ObjectCreated:*"
    assert config["Queue"] == {"Fn::GetAtt": ["UploadEventsQueue", "Arn"]}
    assert config["Filter"]["S3Key"]["Rules"] == [{"Name": "prefix", "Value": "uploads/"}]
    assert "KeySecret" in template["Resources"]


def test_api_routes_throttling_and_outputs(template: dict[str, Any]) -> None:
    routes = {
        r["Properties"]["RouteKey"]
        for r in _resources(template, "AWS::ApiGatewayV2::Route").values()
    }
    assert routes == {
        "GET /presigned-url",
        "POST /process",
        "GET /status/{job_id}",
        "GET /results/{job_id}",
    }
    stage = template["Resources"]["ApiStage"]["Properties"]["DefaultRouteSettings"]
    assert {"ThrottlingRateLimit", "ThrottlingBurstLimit"} <= set(stage)
    integration = template["Resources"]["ApiIntegration"]["Properties"]
    assert integration["PayloadFormatVersion"] == "2.0"
    for name in ("WorkerEventSource", "EventsEventSource"):
        mapping = template["Resources"][name]["Properties"]
        assert mapping["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
    assert {"ApiUrl", "UploadBucketName", "GeneratedBucketName"} <= set(template["Outputs"])


def _sub(value: Any, **params: str) -> str:
    """Resolve a ``Fn::Sub`` string of stage and account parameters."""
    text = value["Fn::Sub"] if isinstance(value, dict) else value
    for name, replacement in params.items():
        text = text.replace("${" + name + "}", replacement)
    assert "${" not in text, text
    return str(text)


@pytest.mark.parametrize("stage", ["test", "prod"])
def test_resource_names_are_the_applications_stage_names(
    template: dict[str, Any], stage: str
) -> None:
    """The functions find the stack's resources by ``stage_names(stage, account id)``."""
    from petavatar.adapters.aws.naming import stage_names

    account = "123456789012"
    names = stage_names(stage, account)
    resources = template["Resources"]

    def name_of(logical: str, prop: str) -> str:
        return _sub(
            resources[logical]["Properties"][prop], Stage=stage, **{"AWS::AccountId": account}
        )

    assert name_of("UploadBucket", "BucketName") == names.uploads_bucket
    assert name_of("GeneratedBucket", "BucketName") == names.generated_bucket
    assert name_of("JobsTable", "TableName") == names.table
    assert name_of("JobQueue", "QueueName") == names.queue
    assert name_of("DeadLetterQueue", "QueueName") == names.dlq
    assert name_of("UploadEventsQueue", "QueueName") == names.events_queue
    assert name_of("UploadEventsDeadLetterQueue", "QueueName") == names.events_dlq
    assert name_of("KeySecret", "Name") == names.secret
    for function in _resources(template, "AWS::Lambda::Function").values():
        variables = function["Properties"]["Environment"]["Variables"]
        assert variables["PETAVATAR_STAGE"] == {"Ref": "Stage"}
        assert variables["PETAVATAR_AWS_BUCKET_SUFFIX"] == {"Ref": "AWS::AccountId"}
