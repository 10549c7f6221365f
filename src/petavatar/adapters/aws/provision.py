"""Create and remove the data-plane resources of a stage (``petavatar aws provision|destroy``).

A stage is: the upload and generated buckets (AES256 by default, public access blocked,
objects expire after 7 days, incomplete multipart uploads after 1, CORS for the browser
upload), the job table and the coach's session table (on demand, TTL on ``ttl``,
point-in-time recovery), the job queue and its DLQ (visibility 900 s, ``maxReceiveCount``
3), the upload-events queue and its DLQ (the upload bucket notifies it of every object
created under ``uploads/``), the API key secret and the webhook signing secret (a random
256-bit key). Names come from :func:`petavatar.adapters.aws.naming.stage_names`; every
resource is tagged ``project``/``stage``/``cost-center``.

Both directions are idempotent. ``provision`` refuses to adopt an existing resource that
does not carry this stage's tags; ``destroy`` removes only resources that do, and reports
the others as left alone.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from botocore.exceptions import ClientError

from petavatar.adapters.aws.errors import error_code, translated
from petavatar.adapters.aws.naming import PROJECT, PROJECT_TAG, STAGE_TAG, StageNames
from petavatar.adapters.aws.session import AwsClients
from petavatar.errors import ConflictError
from petavatar.ports.jobqueue import DEFAULT_MAX_RECEIVES, DEFAULT_VISIBILITY_TIMEOUT
from petavatar.ports.jobstore import JOB_TTL_SECONDS
from petavatar.ports.keystore import KEY_RECORDS_VERSION

RETENTION_DAYS: Final = JOB_TTL_SECONDS // 86400
DLQ_RETENTION_SECONDS: Final = 14 * 24 * 3600
EVENTS_VISIBILITY_SECONDS: Final = 60
NOTIFICATION_ID: Final = "petavatar-uploads"
UPLOADS_FILTER_PREFIX: Final = "uploads/"
EMPTY_KEYS: Final = json.dumps({"version": KEY_RECORDS_VERSION, "keys": []})


@dataclass
class Report:
    """What provision/destroy did, one ``(action, resource)`` line per resource."""

    lines: list[tuple[str, str]] = field(default_factory=list)

    def add(self, action: str, resource: str) -> None:
        self.lines.append((action, resource))

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(self.lines)


@dataclass(frozen=True)
class StageSpec:
    """A stage to provision: its names, tags and the knobs that shape its resources."""

    names: StageNames
    cost_center: str
    cors_origins: Sequence[str] = ("*",)
    visibility_timeout: int = DEFAULT_VISIBILITY_TIMEOUT
    max_receives: int = DEFAULT_MAX_RECEIVES

    @property
    def tags(self) -> dict[str, str]:
        return self.names.tags(self.cost_center)


def _ours(tags: dict[str, str], names: StageNames) -> bool:
    return tags.get(PROJECT_TAG) == PROJECT and tags.get(STAGE_TAG) == names.stage


def _refuse(kind: str, name: str) -> ConflictError:
    return ConflictError(
        f"{kind} {name} exists but is not tagged as this stage's "
        f"({PROJECT_TAG}={PROJECT}, {STAGE_TAG}=…); refusing to touch it"
    )


# -- queues --------------------------------------------------------------------------


def _queue_url(sqs: Any, name: str) -> str | None:
    try:
        return str(sqs.get_queue_url(QueueName=name)["QueueUrl"])
    except ClientError as exc:
        if "NonExistentQueue" in error_code(exc) or error_code(exc) == "QueueDoesNotExist":
            return None
        raise


def _queue_arn(sqs: Any, url: str) -> str:
    attrs = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]
    return str(attrs["QueueArn"])


def _ensure_queue(
    sqs: Any, name: str, attributes: dict[str, str], spec: StageSpec, report: Report
) -> str:
    with translated("SQS provision", queue=name):
        url = _queue_url(sqs, name)
        if url is None:
            url = str(
                sqs.create_queue(QueueName=name, Attributes=attributes, tags=spec.tags)["QueueUrl"]
            )
            report.add("created", f"sqs queue {name}")
            return url
        if not _ours(sqs.list_queue_tags(QueueUrl=url).get("Tags", {}), spec.names):
            raise _refuse("SQS queue", name)
        sqs.set_queue_attributes(QueueUrl=url, Attributes=attributes)
        sqs.tag_queue(QueueUrl=url, Tags=spec.tags)
        report.add("exists", f"sqs queue {name}")
        return url


def _queue_pair(
    sqs: Any, name: str, dlq: str, visibility: int, spec: StageSpec, report: Report
) -> tuple[str, str]:
    base = {"SqsManagedSseEnabled": "true"}
    dlq_url = _ensure_queue(
        sqs, dlq, {**base, "MessageRetentionPeriod": str(DLQ_RETENTION_SECONDS)}, spec, report
    )
    with translated("SQS provision", queue=dlq):
        redrive = {
            "deadLetterTargetArn": _queue_arn(sqs, dlq_url),
            "maxReceiveCount": spec.max_receives,
        }
    attributes = {
        **base,
        "VisibilityTimeout": str(visibility),
        "RedrivePolicy": json.dumps(redrive),
    }
    return _ensure_queue(sqs, name, attributes, spec, report), dlq_url


# -- buckets -------------------------------------------------------------------------


def _bucket_tags(s3: Any, bucket: str) -> dict[str, str] | None:
    """The bucket's tags, ``{}`` if untagged, ``None`` if it does not exist."""
    try:
        s3.head_bucket(Bucket=bucket)
    except ClientError as exc:
        if error_code(exc) in {"404", "NoSuchBucket", "NotFound"}:
            return None
        raise
    try:
        tag_set = s3.get_bucket_tagging(Bucket=bucket)["TagSet"]
    except ClientError as exc:
        if error_code(exc) == "NoSuchTagSet":
            return {}
        raise
    return {t["Key"]: t["Value"] for t in tag_set}


def _ensure_bucket(s3: Any, region: str, bucket: str, spec: StageSpec, report: Report) -> None:
    with translated("S3 provision", bucket=bucket):
        tags = _bucket_tags(s3, bucket)
        if tags is None:
            kwargs: dict[str, Any] = {"Bucket": bucket}
            if region != "us-east-1":
                kwargs["CreateBucketConfiguration"] = {"LocationConstraint": region}
            s3.create_bucket(**kwargs)
            report.add("created", f"s3 bucket {bucket}")
        elif not _ours(tags, spec.names):
            raise _refuse("S3 bucket", bucket)
        else:
            report.add("exists", f"s3 bucket {bucket}")
        _configure_bucket(s3, bucket, spec)


def _configure_bucket(s3: Any, bucket: str, spec: StageSpec) -> None:
    s3.put_bucket_tagging(
        Bucket=bucket, Tagging={"TagSet": [{"Key": k, "Value": v} for k, v in spec.tags.items()]}
    )
    s3.put_public_access_block(
        Bucket=bucket,
        PublicAccessBlockConfiguration={
            "BlockPublicAcls": True,
            "IgnorePublicAcls": True,
            "BlockPublicPolicy": True,
            "RestrictPublicBuckets": True,
        },
    )
    s3.put_bucket_encryption(
        Bucket=bucket,
        ServerSideEncryptionConfiguration={
            "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]
        },
    )
    s3.put_bucket_lifecycle_configuration(
        Bucket=bucket,
        LifecycleConfiguration={
            "Rules": [
                {
                    "ID": "petavatar-retention",
                    "Status": "Enabled",
                    "Filter": {"Prefix": ""},
                    "Expiration": {"Days": RETENTION_DAYS},
                    "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 1},
                }
            ]
        },
    )
    s3.put_bucket_cors(
        Bucket=bucket,
        CORSConfiguration={
            "CORSRules": [
                {
                    "AllowedMethods": ["GET", "POST"],
                    "AllowedOrigins": list(spec.cors_origins) or ["*"],
                    "AllowedHeaders": ["*"],
                    "ExposeHeaders": ["ETag"],
                    "MaxAgeSeconds": 3000,
                }
            ]
        },
    )


def _allow_s3_notifications(sqs: Any, url: str, queue_arn: str, bucket: str) -> None:
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "UploadBucketNotifications",
                "Effect": "Allow",
                "Principal": {"Service": "s3.amazonaws.com"},
                "Action": "sqs:SendMessage",
                "Resource": queue_arn,
                "Condition": {"ArnLike": {"aws:SourceArn": f"arn:aws:s3:::{bucket}"}},
            }
        ],
    }
    sqs.set_queue_attributes(QueueUrl=url, Attributes={"Policy": json.dumps(policy)})


def _notify_uploads(s3: Any, bucket: str, queue_arn: str) -> None:
    s3.put_bucket_notification_configuration(
        Bucket=bucket,
        NotificationConfiguration={
            "QueueConfigurations": [
                {
                    "Id": NOTIFICATION_ID,
                    "QueueArn": queue_arn,
                    "Events": ["s3:ObjectCreated:*"],
                    "Filter": {
                        "Key": {"FilterRules": [{"Name": "prefix", "Value": UPLOADS_FILTER_PREFIX}]}
                    },
                }
            ]
        },
    )


# -- table and secret ----------------------------------------------------------------


def _or_none(describe: Callable[[], dict[str, Any]]) -> dict[str, Any] | None:
    """``describe()``, or None when the resource does not exist."""
    try:
        return dict(describe())
    except ClientError as exc:
        if error_code(exc) == "ResourceNotFoundException":
            return None
        raise


def _describe_table(ddb: Any, table: str) -> dict[str, Any] | None:
    return _or_none(lambda: ddb.describe_table(TableName=table)["Table"])


def _ensure_table(ddb: Any, spec: StageSpec, report: Report, table: str, key: str) -> None:
    """The on-demand table ``table`` (partition key ``key``), TTL on ``ttl``, PITR on."""
    with translated("DynamoDB provision", table=table):
        described = _describe_table(ddb, table)
        if described is None:
            ddb.create_table(
                TableName=table,
                KeySchema=[{"AttributeName": key, "KeyType": "HASH"}],
                AttributeDefinitions=[{"AttributeName": key, "AttributeType": "S"}],
                BillingMode="PAY_PER_REQUEST",
                SSESpecification={"Enabled": True},
                Tags=[{"Key": k, "Value": v} for k, v in spec.tags.items()],
            )
            ddb.get_waiter("table_exists").wait(
                TableName=table, WaiterConfig={"Delay": 1, "MaxAttempts": 120}
            )
            report.add("created", f"dynamodb table {table}")
        else:
            arn = described["TableArn"]
            tags = ddb.list_tags_of_resource(ResourceArn=arn).get("Tags", [])
            if not _ours({t["Key"]: t["Value"] for t in tags}, spec.names):
                raise _refuse("DynamoDB table", table)
            report.add("exists", f"dynamodb table {table}")
        ttl = ddb.describe_time_to_live(TableName=table)["TimeToLiveDescription"]
        if ttl.get("TimeToLiveStatus") not in {"ENABLED", "ENABLING"}:
            ddb.update_time_to_live(
                TableName=table, TimeToLiveSpecification={"Enabled": True, "AttributeName": "ttl"}
            )
        ddb.update_continuous_backups(
            TableName=table,
            PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True},
        )


def _describe_secret(sm: Any, secret: str) -> dict[str, Any] | None:
    return _or_none(lambda: sm.describe_secret(SecretId=secret))


def _ensure_secret(
    sm: Any, spec: StageSpec, report: Report, secret: str, what: str, initial: str
) -> None:
    """The secret ``secret`` (``what`` it holds, for its description), created as ``initial``."""
    with translated("Secrets Manager provision", secret=secret):
        described = _describe_secret(sm, secret)
        if described is None:
            sm.create_secret(
                Name=secret,
                Description=f"PetAvatar {what} for stage {spec.names.stage}",
                SecretString=initial,
                Tags=[{"Key": k, "Value": v} for k, v in spec.tags.items()],
            )
            report.add("created", f"secret {secret}")
            return
        tags = {t["Key"]: t["Value"] for t in described.get("Tags", [])}
        if not _ours(tags, spec.names):
            raise _refuse("secret", secret)
        if described.get("DeletedDate"):
            sm.restore_secret(SecretId=secret)
        report.add("exists", f"secret {secret}")


# -- the stage -----------------------------------------------------------------------


def provision(clients: AwsClients, spec: StageSpec) -> Report:
    """Create (or bring up to date) every resource of the stage; idempotent."""
    report = Report()
    names = spec.names
    s3, sqs = clients.client("s3"), clients.client("sqs")
    for bucket in (names.uploads_bucket, names.generated_bucket):
        _ensure_bucket(s3, clients.region, bucket, spec, report)
    ddb = clients.client("dynamodb")
    _ensure_table(ddb, spec, report, names.table, "job_id")
    _ensure_table(ddb, spec, report, names.coach_sessions, "session_id")
    _queue_pair(sqs, names.queue, names.dlq, spec.visibility_timeout, spec, report)
    events_url, _ = _queue_pair(
        sqs, names.events_queue, names.events_dlq, EVENTS_VISIBILITY_SECONDS, spec, report
    )
    with translated("S3 notification", bucket=names.uploads_bucket):
        events_arn = _queue_arn(sqs, events_url)
        _allow_s3_notifications(sqs, events_url, events_arn, names.uploads_bucket)
        _notify_uploads(s3, names.uploads_bucket, events_arn)
    report.add(
        "configured", f"s3 notification {names.uploads_bucket}/uploads/ -> {names.events_queue}"
    )
    sm = clients.client("secretsmanager")
    _ensure_secret(sm, spec, report, names.secret, "API keys (SHA-256 digests)", EMPTY_KEYS)
    _ensure_secret(
        sm, spec, report, names.webhook_secret, "webhook signing key", secrets.token_hex(32)
    )
    return report


def _empty_bucket(s3: Any, bucket: str) -> None:
    for page in s3.get_paginator("list_object_versions").paginate(Bucket=bucket):
        objects = [
            {"Key": v["Key"], "VersionId": v["VersionId"]}
            for v in page.get("Versions", []) + page.get("DeleteMarkers", [])
        ]
        for start in range(0, len(objects), 1000):
            s3.delete_objects(Bucket=bucket, Delete={"Objects": objects[start : start + 1000]})
    for page in s3.get_paginator("list_multipart_uploads").paginate(Bucket=bucket):
        for upload in page.get("Uploads", []):
            s3.abort_multipart_upload(Bucket=bucket, Key=upload["Key"], UploadId=upload["UploadId"])


def _remove(
    report: Report,
    resource: str,
    tags: dict[str, str] | None,
    names: StageNames,
    delete: Callable[[], object],
) -> None:
    if tags is None:
        report.add("absent", resource)
    elif not _ours(tags, names):
        report.add("left alone (not tagged for this stage)", resource)
    else:
        delete()
        report.add("deleted", resource)


def _destroy_buckets(s3: Any, names: StageNames, report: Report) -> None:
    for bucket in (names.uploads_bucket, names.generated_bucket):

        def delete(bucket: str = bucket) -> None:
            _empty_bucket(s3, bucket)
            s3.delete_bucket(Bucket=bucket)

        _remove(report, f"s3 bucket {bucket}", _bucket_tags(s3, bucket), names, delete)


def _destroy_queues(sqs: Any, names: StageNames, report: Report) -> None:
    for queue in (names.queue, names.events_queue, names.dlq, names.events_dlq):
        url = _queue_url(sqs, queue)
        tags = None if url is None else dict(sqs.list_queue_tags(QueueUrl=url).get("Tags", {}))

        def delete(url: str | None = url) -> None:
            sqs.delete_queue(QueueUrl=url)

        _remove(report, f"sqs queue {queue}", tags, names, delete)


def _destroy_table(ddb: Any, names: StageNames, report: Report, table: str) -> None:
    described = _describe_table(ddb, table)
    tags: dict[str, str] | None = None
    if described is not None:
        listed = ddb.list_tags_of_resource(ResourceArn=described["TableArn"]).get("Tags", [])
        tags = {t["Key"]: t["Value"] for t in listed}
    _remove(
        report,
        f"dynamodb table {table}",
        tags,
        names,
        lambda: ddb.delete_table(TableName=table),
    )


def _destroy_secret(sm: Any, names: StageNames, report: Report, secret: str) -> None:
    described = _describe_secret(sm, secret)
    tags: dict[str, str] | None = None
    if described is not None and not described.get("DeletedDate"):
        tags = {t["Key"]: t["Value"] for t in described.get("Tags", [])}
    _remove(
        report,
        f"secret {secret}",
        tags,
        names,
        lambda: sm.delete_secret(SecretId=secret, ForceDeleteWithoutRecovery=True),
    )


def destroy(clients: AwsClients, names: StageNames) -> Report:
    """Delete every resource of the stage that carries its tags; idempotent.

    The secret is deleted without a recovery window (it holds only key digests; create new
    keys after a re-provision).
    """
    report = Report()
    with translated("destroy", stage=names.stage):
        _destroy_buckets(clients.client("s3"), names, report)
        _destroy_queues(clients.client("sqs"), names, report)
        ddb = clients.client("dynamodb")
        for table in (names.table, names.coach_sessions):
            _destroy_table(ddb, names, report, table)
        sm = clients.client("secretsmanager")
        for secret in (names.secret, names.webhook_secret):
            _destroy_secret(sm, names, report, secret)
    return report
