"""Deploy infra/template.yaml to the moto server's CloudFormation and find what it made.

Each deploy runs in a fresh moto account (``x-moto-account-id``), so the stage's fixed
resource names never collide with other tests on the shared server. moto's CloudFormation
does not implement every resource type of the template; those it skips are listed in
``MOTO_SKIPS`` so the test notices when that changes, and moto's S3 ignores a bucket's
lifecycle and notification properties (tests/infra/test_template.py checks all of those
in the template itself, and cfn-lint checks them against the resource schemas).
"""

from __future__ import annotations

import io
import json
import random
import zipfile
from typing import Any

import pytest

from tests.infra.test_template import TEMPLATE
from tests.support import moto
from tests.support.deployed import account_clients

pytestmark = [
    pytest.mark.integration,
    pytest.mark.filterwarnings("ignore:Tried to parse AWS:UserWarning"),
]

MOTO_SKIPS = {
    "AWS::ApiGatewayV2::Api",
    "AWS::ApiGatewayV2::Integration",
    "AWS::ApiGatewayV2::Route",
    "AWS::ApiGatewayV2::Stage",
    "AWS::Budgets::Budget",
    "AWS::CloudWatch::Alarm",
    "AWS::SNS::TopicPolicy",
    "AWS::S3::BucketPolicy",
    "AWS::SQS::QueuePolicy",
    "AWS::SecretsManager::Secret",
}


def _account_clients(account: str) -> dict[str, Any]:
    clients = account_clients(account)
    names = ("cloudformation", "s3", "sqs", "dynamodb", "lambda", "logs", "iam", "events")
    return {n: clients.client(n) for n in names}


@pytest.fixture(scope="module")
def deployed() -> tuple[dict[str, Any], dict[str, Any], str]:
    account = str(random.randrange(10**11, 10**12))
    aws = _account_clients(account)
    code_bucket = moto.unique("artifacts")
    aws["s3"].create_bucket(Bucket=code_bucket)
    bundle = io.BytesIO()
    with zipfile.ZipFile(bundle, "w") as archive:
        archive.writestr("petavatar/__init__.py", "")
    for key in ("lambda/api.zip", "lambda/worker.zip"):
        aws["s3"].put_object(Bucket=code_bucket, Key=key, Body=bundle.getvalue())
    aws["cloudformation"].create_stack(
        StackName="petavatar-test",
        TemplateBody=TEMPLATE.read_text(encoding="utf-8"),
        Parameters=[
            {"ParameterKey": "Stage", "ParameterValue": "test"},
            {"ParameterKey": "CodeBucket", "ParameterValue": code_bucket},
        ],
        Capabilities=["CAPABILITY_NAMED_IAM"],
    )
    stack = aws["cloudformation"].describe_stacks(StackName="petavatar-test")["Stacks"][0]
    return aws, stack, account


def test_stack_completes_with_every_resource(
    deployed: tuple[dict[str, Any], dict[str, Any], str],
) -> None:
    aws, stack, _ = deployed
    assert stack["StackStatus"] == "CREATE_COMPLETE"
    summaries = aws["cloudformation"].list_stack_resources(StackName="petavatar-test")[
        "StackResourceSummaries"
    ]
    made = {s["LogicalResourceId"] for s in summaries if s["ResourceStatus"] == "CREATE_COMPLETE"}
    template_text = TEMPLATE.read_text(encoding="utf-8")
    from cfnlint.decode import decode_str

    template, _ = decode_str(template_text)
    assert template is not None
    expected = {name for name, r in template["Resources"].items() if r["Type"] not in MOTO_SKIPS}
    assert expected <= made, sorted(expected - made)
    assert {r["Type"] for r in template["Resources"].values()} >= MOTO_SKIPS


def test_data_plane_resources_as_declared(
    deployed: tuple[dict[str, Any], dict[str, Any], str],
) -> None:
    aws, stack, account = deployed
    outputs = {o["OutputKey"]: o["OutputValue"] for o in stack["Outputs"]}
    assert outputs["UploadBucketName"] == f"petavatar-test-uploads-{account}"
    assert outputs["GeneratedBucketName"] == f"petavatar-test-generated-{account}"
    assert outputs["ApiUrl"].startswith("https://")
    for bucket in (outputs["UploadBucketName"], outputs["GeneratedBucketName"]):
        rules = aws["s3"].get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"][
            "Rules"
        ]
        assert rules[0]["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"] == "AES256"
    attributes = aws["sqs"].get_queue_attributes(
        QueueUrl=outputs["JobQueueUrl"], AttributeNames=["All"]
    )["Attributes"]
    assert attributes["VisibilityTimeout"] == "900"
    redrive = json.loads(attributes["RedrivePolicy"])
    assert int(redrive["maxReceiveCount"]) == 3
    assert redrive["deadLetterTargetArn"].endswith(":petavatar-test-jobs-dlq")
    table = aws["dynamodb"].describe_table(TableName="petavatar-test-jobs")["Table"]
    assert table["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
    tags = aws["dynamodb"].list_tags_of_resource(ResourceArn=table["TableArn"])["Tags"]
    assert {t["Key"] for t in tags} >= {"project", "stage", "cost-center"}


def test_functions_roles_and_logs_as_declared(
    deployed: tuple[dict[str, Any], dict[str, Any], str],
) -> None:
    aws, _, _ = deployed
    roles = set()
    for part in ("api", "events", "worker", "maintenance"):
        config = aws["lambda"].get_function(FunctionName=f"petavatar-test-{part}")
        function = config["Configuration"]
        assert function["Runtime"] == "python3.13"
        assert function["Handler"] == f"petavatar.entrypoints.lambdas.{part}.handler"
        assert function["Environment"]["Variables"]["PETAVATAR_STAGE"] == "test"
        roles.add(function["Role"])
        group = aws["logs"].describe_log_groups(
            logGroupNamePrefix=f"/aws/lambda/petavatar-test-{part}"
        )["logGroups"][0]
        assert group["retentionInDays"] == 7
    assert len(roles) == 4
    api = aws["lambda"].get_function(FunctionName="petavatar-test-api")["Configuration"]
    assert (api["MemorySize"], api["Timeout"]) == (512, 30)
    mappings = aws["lambda"].list_event_source_mappings(FunctionName="petavatar-test-worker")
    assert mappings["EventSourceMappings"][0]["EventSourceArn"].endswith(":petavatar-test-jobs")
    rule = aws["events"].describe_rule(Name="petavatar-test-maintenance")
    assert rule["ScheduleExpression"].startswith("rate(")
