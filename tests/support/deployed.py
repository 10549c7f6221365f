"""infra/template.yaml deployed to the moto server, in a fresh moto account per call.

moto's CloudFormation skips some resource types of the template (alarms, bucket and
queue policies, the secret, budgets, the HTTP API). :func:`deploy_stage` creates the
alarms, bucket policies and the secret itself through their APIs from the template's own
properties (a small resolver for Ref/Sub/GetAtt), and re-puts the roles' inline
policies as JSON (moto's CloudFormation stores them as Python reprs), so the stage on
moto has what a real deploy makes for everything the operations commands read. The
budgets and the HTTP API stay missing: moto has no CloudFormation (or, for API stages,
update) support for them.
It also sets what moto's CloudFormation ignores on buckets (public access block) and the
table (point-in-time recovery, encryption).
"""

from __future__ import annotations

import io
import json
import random
import re
import secrets
import string
import zipfile
from dataclasses import dataclass
from typing import Any

import boto3
import pytest
from cfnlint.decode import decode

from petavatar.adapters.aws.session import AwsClients
from tests.conftest import PROJECT_ROOT
from tests.support import moto

MOTO_STACK_MARKS = [
    pytest.mark.integration,
    pytest.mark.filterwarnings("ignore:Tried to parse AWS:UserWarning"),
]
"""``pytestmark`` of a test module that deploys the template to moto."""

TEMPLATE = PROJECT_ROOT / "infra" / "template.yaml"
APPLIED = (
    "AWS::S3::BucketPolicy",
    "AWS::CloudWatch::Alarm",
    "AWS::SecretsManager::Secret",
    "AWS::IAM::Role",
)


def account_clients(account: str) -> AwsClients:
    """Clients on the moto server that act in moto account ``account``."""
    session = boto3.session.Session(
        aws_access_key_id=moto.ACCESS_KEY,
        aws_secret_access_key=moto.SECRET_KEY,
        region_name=moto.REGION,
    )

    def tag_account(request: Any, **_: Any) -> None:
        request.headers["x-moto-account-id"] = account

    session.events.register("before-send.*.*", tag_account)
    return AwsClients(endpoint_url=moto.endpoint_url(), session=session)


@dataclass
class DeployedStage:
    stage: str
    account: str
    clients: AwsClients
    template: dict[str, Any]


class _Resolver:
    def __init__(
        self, params: dict[str, str], physical: dict[str, str], types: dict[str, str], region: str
    ) -> None:
        self.params, self.physical, self.types, self.region = params, physical, types, region

    def get_att(self, logical: str, attribute: str) -> str:
        physical = self.physical[logical]
        if attribute == "QueueName":
            return physical.rsplit("/", 1)[-1]
        if attribute == "Arn" and physical.startswith("http"):
            name = physical.rsplit("/", 1)[-1]
            return f"arn:aws:sqs:{self.region}:{self.params['AWS::AccountId']}:{name}"
        if attribute == "Arn" and not physical.startswith("arn:"):
            where = f"{self.region}:{self.params['AWS::AccountId']}"
            return {
                "AWS::S3::Bucket": f"arn:aws:s3:::{physical}",
                "AWS::DynamoDB::Table": f"arn:aws:dynamodb:{where}:table/{physical}",
                "AWS::Logs::LogGroup": f"arn:aws:logs:{where}:log-group:{physical}:*",
            }.get(self.types[logical], physical)
        return physical

    def ref(self, name: str) -> str:
        return self.params[name] if name in self.params else self.physical[name]

    def sub(self, text: str, extra: dict[str, Any]) -> str:
        def one(match: re.Match[str]) -> str:
            name = match.group(1)
            if name in extra:
                return str(self(extra[name]))
            if "." in name and not name.startswith("AWS::"):
                return self.get_att(*name.split(".", 1))
            return self.ref(name)

        return re.sub(r"\$\{([^}!]+)\}", one, text)

    def __call__(self, value: Any) -> Any:
        if isinstance(value, list):
            return [self(v) for v in value]
        if not isinstance(value, dict):
            return value
        if set(value) == {"Ref"}:
            return self.ref(value["Ref"])
        if set(value) == {"Fn::GetAtt"}:
            return self.get_att(*value["Fn::GetAtt"])
        if set(value) == {"Fn::Sub"}:
            body = value["Fn::Sub"]
            text, extra = (body, {}) if isinstance(body, str) else body
            return self.sub(text, extra)
        return {k: self(v) for k, v in value.items()}


def generated_secret(spec: dict[str, Any]) -> str:
    """A random value as CloudFormation's ``GenerateSecretString`` makes one from ``spec``."""
    alphabet = string.ascii_lowercase + string.ascii_uppercase + string.digits
    if not spec.get("ExcludePunctuation"):
        alphabet += string.punctuation
    if spec.get("ExcludeUppercase"):
        alphabet = "".join(c for c in alphabet if c not in string.ascii_uppercase)
    if spec.get("ExcludeLowercase"):
        alphabet = "".join(c for c in alphabet if c not in string.ascii_lowercase)
    if spec.get("ExcludeNumbers"):
        alphabet = "".join(c for c in alphabet if c not in string.digits)
    alphabet = "".join(c for c in alphabet if c not in spec.get("ExcludeCharacters", ""))
    return "".join(secrets.choice(alphabet) for _ in range(int(spec.get("PasswordLength", 32))))


def _apply(clients: AwsClients, kind: str, props: dict[str, Any]) -> str:
    """Create one resource moto's CloudFormation skipped; its physical id (what Ref gives)."""
    if kind == "AWS::S3::BucketPolicy":
        policy = json.dumps(props["PolicyDocument"])
        clients.client("s3").put_bucket_policy(Bucket=props["Bucket"], Policy=policy)
    elif kind == "AWS::CloudWatch::Alarm":
        clients.client("cloudwatch").put_metric_alarm(**props)
    elif kind == "AWS::SecretsManager::Secret":
        if "GenerateSecretString" in props:
            props = dict(props)
            props["SecretString"] = generated_secret(props.pop("GenerateSecretString"))
        return str(clients.client("secretsmanager").create_secret(**props)["ARN"])
    elif kind == "AWS::IAM::Role":  # moto's CloudFormation stores the policies as Python reprs
        for policy in props["Policies"]:
            clients.client("iam").put_role_policy(
                RoleName=props["RoleName"],
                PolicyName=policy["PolicyName"],
                PolicyDocument=json.dumps(policy["PolicyDocument"]),
            )
    return str(props.get("AlarmName") or props.get("RoleName") or "")


def _apply_ignored_properties(clients: AwsClients, kind: str, props: dict[str, Any]) -> None:
    """Set what moto's CloudFormation ignores on resources it does create."""
    if kind == "AWS::S3::Bucket":
        clients.client("s3").put_public_access_block(
            Bucket=props["BucketName"],
            PublicAccessBlockConfiguration=props["PublicAccessBlockConfiguration"],
        )
    elif kind == "AWS::DynamoDB::Table":
        dynamodb, table = clients.client("dynamodb"), props["TableName"]
        dynamodb.delete_table(TableName=table)  # recreated with its encryption (empty yet)
        dynamodb.create_table(
            TableName=table,
            AttributeDefinitions=props["AttributeDefinitions"],
            KeySchema=props["KeySchema"],
            BillingMode=props["BillingMode"],
            SSESpecification={"Enabled": props["SSESpecification"]["SSEEnabled"]},
            Tags=props["Tags"],
        )
        dynamodb.update_time_to_live(
            TableName=table, TimeToLiveSpecification=props["TimeToLiveSpecification"]
        )
        pitr = props["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"]
        dynamodb.update_continuous_backups(
            TableName=table, PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": pitr}
        )


def deploy_stage(stage: str = "test", account: str | None = None) -> DeployedStage:
    """Create the template's stack for ``stage`` in a new moto account (or ``account``)."""
    account = account or str(random.randrange(10**11, 10**12))
    clients = account_clients(account)
    s3, cfn = clients.client("s3"), clients.client("cloudformation")
    code_bucket = moto.unique("artifacts")
    s3.create_bucket(Bucket=code_bucket)
    bundle = io.BytesIO()
    with zipfile.ZipFile(bundle, "w") as archive:
        archive.writestr("petavatar/__init__.py", "")
    for key in ("lambda/api.zip", "lambda/worker.zip"):
        s3.put_object(Bucket=code_bucket, Key=key, Body=bundle.getvalue())
    params = {"Stage": stage, "CodeBucket": code_bucket, "CostCenter": "test"}
    cfn.create_stack(
        StackName=f"petavatar-{stage}",
        TemplateBody=TEMPLATE.read_text(encoding="utf-8"),
        Parameters=[{"ParameterKey": k, "ParameterValue": v} for k, v in params.items()],
        Capabilities=["CAPABILITY_NAMED_IAM"],
    )
    template, _ = decode(str(TEMPLATE))
    assert template is not None
    summaries = cfn.list_stack_resources(StackName=f"petavatar-{stage}")["StackResourceSummaries"]
    physical = {s["LogicalResourceId"]: s["PhysicalResourceId"] for s in summaries}
    pseudo = {"AWS::AccountId": account, "AWS::Region": moto.REGION, "AWS::Partition": "aws"}
    types = {name: r["Type"] for name, r in template["Resources"].items()}
    defaults = {k: str(v.get("Default", "")) for k, v in template["Parameters"].items()}
    resolve = _Resolver({**defaults, **params, **pseudo}, physical, types, moto.REGION)
    for logical, resource in template["Resources"].items():
        if resource["Type"] in ("AWS::S3::Bucket", "AWS::DynamoDB::Table"):
            _apply_ignored_properties(clients, resource["Type"], resolve(resource["Properties"]))
        if resource["Type"] in APPLIED:
            props = resolve(resource["Properties"])
            physical.setdefault(logical, _apply(clients, resource["Type"], props))
    return DeployedStage(stage=stage, account=account, clients=clients, template=dict(template))


def delete_stage(deployed: DeployedStage) -> None:
    """Delete the stack and what :func:`deploy_stage` made outside it (as deleting it would)."""
    clients, stage = deployed.clients, deployed.stage
    clients.client("cloudformation").delete_stack(StackName=f"petavatar-{stage}")
    for secret in ("api-keys", "webhook-signing"):
        clients.client("secretsmanager").delete_secret(
            SecretId=f"petavatar/{stage}/{secret}", ForceDeleteWithoutRecovery=True
        )
    cloudwatch = clients.client("cloudwatch")
    alarms = cloudwatch.describe_alarms(AlarmNamePrefix=f"petavatar-{stage}-")["MetricAlarms"]
    cloudwatch.delete_alarms(AlarmNames=[a["AlarmName"] for a in alarms])
