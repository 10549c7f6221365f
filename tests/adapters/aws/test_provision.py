"""``aws provision``/``destroy`` on a moto server: every setting, idempotency, only our own."""

from __future__ import annotations

import json

import pytest

from petavatar.adapters.aws.naming import stage_names
from petavatar.adapters.aws.provision import StageSpec, destroy, provision
from petavatar.bootstrap import webhook_secret
from petavatar.config import Settings
from petavatar.errors import ConflictError, InvalidInputError
from tests.support import moto


def _spec(stage: str) -> StageSpec:
    return StageSpec(names=stage_names(stage), cost_center="cc-test")


@pytest.fixture
def stage() -> str:
    return moto.unique("st")[:20]


def test_provision_creates_everything_configured(stage: str) -> None:
    clients = moto.clients()
    spec = _spec(stage)
    names = spec.names
    report = provision(clients, spec)
    assert [a for a, _ in report] == ["created"] * 8 + ["configured", "created", "created"]
    s3, sqs = clients.client("s3"), clients.client("sqs")
    for bucket in (names.uploads_bucket, names.generated_bucket):
        tags = {t["Key"]: t["Value"] for t in s3.get_bucket_tagging(Bucket=bucket)["TagSet"]}
        assert tags == {"project": "petavatar", "stage": stage, "cost-center": "cc-test"}
        block = s3.get_public_access_block(Bucket=bucket)["PublicAccessBlockConfiguration"]
        assert all(block.values()) and len(block) == 4
        rule = s3.get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"]
        assert rule["Rules"][0]["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"] == "AES256"
        [life] = s3.get_bucket_lifecycle_configuration(Bucket=bucket)["Rules"]
        assert life["Expiration"]["Days"] == 7 and life["Status"] == "Enabled"
        [cors] = s3.get_bucket_cors(Bucket=bucket)["CORSRules"]
        assert "POST" in cors["AllowedMethods"]
    [notify] = s3.get_bucket_notification_configuration(Bucket=names.uploads_bucket)[
        "QueueConfigurations"
    ]
    assert notify["Events"] == ["s3:ObjectCreated:*"]
    assert notify["Filter"]["Key"]["FilterRules"] == [{"Name": "prefix", "Value": "uploads/"}]
    assert notify["QueueArn"].endswith(f":{names.events_queue}")
    url = sqs.get_queue_url(QueueName=names.queue)["QueueUrl"]
    attrs = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
    assert attrs["VisibilityTimeout"] == "900"
    redrive = json.loads(attrs["RedrivePolicy"])
    assert redrive["maxReceiveCount"] == 3
    assert redrive["deadLetterTargetArn"].endswith(f":{names.dlq}")
    ddb = clients.client("dynamodb")
    for name, key in ((names.table, "job_id"), (names.coach_sessions, "session_id")):
        table = ddb.describe_table(TableName=name)["Table"]
        assert table["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
        assert table["KeySchema"] == [{"AttributeName": key, "KeyType": "HASH"}]
        ttl = ddb.describe_time_to_live(TableName=name)["TimeToLiveDescription"]
        assert (ttl["TimeToLiveStatus"], ttl["AttributeName"]) == ("ENABLED", "ttl")
        backups = ddb.describe_continuous_backups(TableName=name)
        pitr = backups["ContinuousBackupsDescription"]["PointInTimeRecoveryDescription"]
        assert pitr["PointInTimeRecoveryStatus"] == "ENABLED"
    secret = clients.client("secretsmanager").get_secret_value(SecretId=names.secret)
    assert json.loads(secret["SecretString"]) == {"version": 1, "keys": []}
    settings = Settings(backend="aws", stage=stage)
    key = webhook_secret(settings, clients=clients)
    assert len(key) == 32 and webhook_secret(settings, clients=clients) == key
    other = _spec(moto.unique("st")[:20])
    provision(clients, other)
    assert webhook_secret(Settings(backend="aws", stage=other.names.stage), clients=clients) != key
    destroy(clients, other.names)
    destroy(clients, names)


def test_provision_and_destroy_are_idempotent(stage: str) -> None:
    clients = moto.clients()
    spec = _spec(stage)
    provision(clients, spec)
    again = provision(clients, spec)
    assert {a for a, _ in again} == {"exists", "configured"}
    first = destroy(clients, spec.names)
    assert [a for a, _ in first] == ["deleted"] * 10
    second = destroy(clients, spec.names)
    assert [a for a, _ in second] == ["absent"] * 10
    assert next(a for a, _ in provision(clients, spec)) == "created"  # a stage can come back
    destroy(clients, spec.names)


def test_destroy_removes_only_what_carries_the_stage_tags(stage: str) -> None:
    clients = moto.clients()
    names = stage_names(stage)
    s3, sqs = clients.client("s3"), clients.client("sqs")
    s3.create_bucket(Bucket=names.uploads_bucket)  # same name, not ours: untagged
    sqs.create_queue(QueueName=names.queue, tags={"project": "petavatar", "stage": "other"})
    s3.put_object(Bucket=names.uploads_bucket, Key="precious.txt", Body=b"keep me")
    report = dict((r, a) for a, r in destroy(clients, names))
    assert report[f"s3 bucket {names.uploads_bucket}"].startswith("left alone")
    assert report[f"sqs queue {names.queue}"].startswith("left alone")
    assert report[f"dynamodb table {names.table}"] == "absent"
    assert s3.get_object(Bucket=names.uploads_bucket, Key="precious.txt")["Body"].read()
    assert sqs.get_queue_url(QueueName=names.queue)["QueueUrl"]
    with pytest.raises(ConflictError, match="not tagged"):
        provision(clients, _spec(stage))  # and provision will not adopt them either


def test_destroy_empties_buckets_first(stage: str) -> None:
    clients = moto.clients()
    spec = _spec(stage)
    provision(clients, spec)
    s3 = clients.client("s3")
    for i in range(3):
        s3.put_object(Bucket=spec.names.generated_bucket, Key=f"generated/j{i}/a.png", Body=b"x")
    s3.create_multipart_upload(Bucket=spec.names.uploads_bucket, Key="uploads/j/x.jpg")
    assert all(a == "deleted" for a, _ in destroy(clients, spec.names))
    assert spec.names.generated_bucket not in {
        b["Name"] for b in s3.list_buckets().get("Buckets", [])
    }


@pytest.mark.parametrize("bad", ["", "Dev", "1dev", "dev_1", "a" * 21])
def test_stage_names_are_validated(bad: str) -> None:
    with pytest.raises(InvalidInputError):
        stage_names(bad)


def test_names_derive_from_the_stage_in_one_place() -> None:
    names = stage_names("dev", "123456789012")
    assert names.uploads_bucket == "petavatar-dev-uploads-123456789012"
    assert names.generated_bucket == "petavatar-dev-generated-123456789012"
    assert (names.table, names.queue, names.dlq) == (
        "petavatar-dev-jobs",
        "petavatar-dev-jobs",
        "petavatar-dev-jobs-dlq",
    )
    assert names.secret == "petavatar/dev/api-keys"
