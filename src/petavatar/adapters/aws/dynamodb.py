"""Job store on Amazon DynamoDB: one item per job, every transition a conditional write.

The item is the :class:`JobRecord` itself, field for field (``job_id`` is the partition key;
JSON fields are maps; numbers are DynamoDB numbers; ``None`` is an absent attribute), so a
new JobRecord field needs no change here. Attributes unknown to this version's JobRecord
(written by a newer one) are ignored on read.

* insert: ``PutItem`` with ``attribute_not_exists(job_id)``.
* compare-and-set: one ``UpdateItem`` whose ``ConditionExpression`` is
  ``attribute_exists(job_id)`` AND each expected field equal (``None``: absent);
  ``ConditionalCheckFailedException`` → False. A finished job can therefore never be
  resurrected by a late progress update: the base class conditions those on
  ``status = processing`` and the claim token.
* ``ttl`` is an epoch-seconds number attribute, the table's TTL attribute (DynamoDB deletes
  expired items within days; until then the base class hides them by the clock).
* reads are ``ConsistentRead`` (the status read leaves the JSON results out); the
  expired-id sweep and the operators' listing are filtered Scans (on AWS retention is
  DynamoDB TTL plus the buckets' lifecycle rules; the sweep is for operators).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from boto3.dynamodb.types import TypeDeserializer, TypeSerializer
from botocore.exceptions import BotoCoreError, ClientError

from petavatar.adapters.aws.errors import error_code, translate, translated
from petavatar.clock import Clock
from petavatar.ports.jobstore import (
    JOB_TTL_SECONDS,
    JSON_FIELDS,
    JobRecord,
    JobStatus,
    JobStore,
)

_serializer = TypeSerializer()
_deserializer = TypeDeserializer()


def to_dynamo(value: Any) -> Any:
    """A plain value as DynamoDB JSON (floats become Decimals via their shortest repr)."""
    return _serializer.serialize(_decimals(value))


def from_dynamo(value: Any) -> Any:
    """The plain value of DynamoDB JSON (integral numbers become ints, others floats)."""
    return _plain(_deserializer.deserialize(value))


def _decimals(value: Any) -> Any:
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, dict):
        return {k: _decimals(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_decimals(v) for v in value]
    return value


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _record(item: dict[str, Any]) -> JobRecord:
    """The JobRecord of an item; attributes this version does not know are ignored."""
    known = JobRecord.model_fields
    return JobRecord.model_validate(
        {name: from_dynamo(value) for name, value in item.items() if name in known}
    )


class DynamoJobStore(JobStore):
    """Job records in one DynamoDB table keyed by ``job_id`` (string)."""

    def __init__(
        self,
        client: Any,
        table: str,
        clock: Clock | None = None,
        ttl_seconds: int = JOB_TTL_SECONDS,
    ) -> None:
        super().__init__(clock, ttl_seconds)
        self.client = client
        self.table = table

    # ------------------------------------------------------------------ storage contract

    def _insert_if_absent(self, record: JobRecord) -> bool:
        item = {
            name: to_dynamo(value)
            for name, value in record.model_dump(mode="json").items()
            if value is not None
        }
        try:
            self.client.put_item(
                TableName=self.table,
                Item=item,
                ConditionExpression="attribute_not_exists(job_id)",
            )
        except ClientError as exc:
            if error_code(exc) == "ConditionalCheckFailedException":
                return False
            raise translate(exc, "DynamoDB put", job_id=record.job_id) from exc
        except BotoCoreError as exc:
            raise translate(exc, "DynamoDB put", job_id=record.job_id) from exc
        return True

    def _get(self, job_id: str) -> JobRecord | None:
        with translated("DynamoDB get", job_id=job_id):
            response = self.client.get_item(
                TableName=self.table, Key={"job_id": {"S": job_id}}, ConsistentRead=True
            )
        item = response.get("Item")
        return None if item is None else _record(item)

    def _get_summary(self, job_id: str) -> JobRecord | None:
        """One consistent read of every attribute but the JSON results."""
        fields = sorted(set(JobRecord.model_fields) - JSON_FIELDS)
        names = {f"#f{i}": name for i, name in enumerate(fields)}
        with translated("DynamoDB get", job_id=job_id):
            response = self.client.get_item(
                TableName=self.table,
                Key={"job_id": {"S": job_id}},
                ConsistentRead=True,
                ProjectionExpression=", ".join(names),
                ExpressionAttributeNames=names,
            )
        item = response.get("Item")
        return None if item is None else _record(item)

    def _compare_and_set(
        self, job_id: str, expected: dict[str, Any], changes: dict[str, Any]
    ) -> bool:
        names: dict[str, str] = {}
        values: dict[str, Any] = {}
        sets: list[str] = []
        removes: list[str] = []
        for i, (field, value) in enumerate(sorted(changes.items())):
            names[f"#c{i}"] = field
            if value is None:
                removes.append(f"#c{i}")
            else:
                values[f":c{i}"] = to_dynamo(value)
                sets.append(f"#c{i} = :c{i}")
        conditions = ["attribute_exists(job_id)"]
        for i, (field, value) in enumerate(sorted(expected.items())):
            names[f"#e{i}"] = field
            if value is None:
                conditions.append(f"attribute_not_exists(#e{i})")
            else:
                values[f":e{i}"] = to_dynamo(value)
                conditions.append(f"#e{i} = :e{i}")
        update = " ".join(
            part
            for part in (
                f"SET {', '.join(sets)}" if sets else "",
                f"REMOVE {', '.join(removes)}" if removes else "",
            )
            if part
        )
        params: dict[str, Any] = {
            "TableName": self.table,
            "Key": {"job_id": {"S": job_id}},
            "UpdateExpression": update,
            "ConditionExpression": " AND ".join(conditions),
            "ExpressionAttributeNames": names,
        }
        if values:
            params["ExpressionAttributeValues"] = values
        try:
            self.client.update_item(**params)
        except ClientError as exc:
            if error_code(exc) == "ConditionalCheckFailedException":
                return False
            raise translate(exc, "DynamoDB update", job_id=job_id) from exc
        except BotoCoreError as exc:
            raise translate(exc, "DynamoDB update", job_id=job_id) from exc
        return True

    def _delete(self, job_id: str) -> None:
        with translated("DynamoDB delete", job_id=job_id):
            self.client.delete_item(TableName=self.table, Key={"job_id": {"S": job_id}})

    def _expired_ids(self, now: float, limit: int) -> list[str]:
        ids: list[str] = []
        params: dict[str, Any] = {
            "TableName": self.table,
            "ProjectionExpression": "job_id",
            "FilterExpression": "#ttl <= :now",
            "ExpressionAttributeNames": {"#ttl": "ttl"},
            "ExpressionAttributeValues": {":now": to_dynamo(int(now))},
            "ConsistentRead": True,
        }
        with translated("DynamoDB scan"):
            while len(ids) < limit:
                page = self.client.scan(**params)
                ids.extend(str(item["job_id"]["S"]) for item in page.get("Items", []))
                if "LastEvaluatedKey" not in page:
                    break
                params["ExclusiveStartKey"] = page["LastEvaluatedKey"]
        return ids[:limit]

    def _scan(
        self, statuses: frozenset[JobStatus], updated_before: float | None, limit: int
    ) -> list[JobRecord]:
        values = {f":s{i}": to_dynamo(status) for i, status in enumerate(sorted(statuses))}
        condition = f"#status IN ({', '.join(values)})"
        names = {"#status": "status"}
        if updated_before is not None:
            values[":before"] = to_dynamo(updated_before)
            names["#updated"] = "updated_at"
            condition += " AND #updated < :before"
        params: dict[str, Any] = {
            "TableName": self.table,
            "FilterExpression": condition,
            "ExpressionAttributeNames": names,
            "ExpressionAttributeValues": values,
            "ConsistentRead": True,
        }
        records: list[JobRecord] = []
        with translated("DynamoDB scan"):
            while len(records) < limit:
                page = self.client.scan(**params)
                records.extend(_record(item) for item in page.get("Items", []))
                if "LastEvaluatedKey" not in page:
                    break
                params["ExclusiveStartKey"] = page["LastEvaluatedKey"]
        return records[:limit]

    def _ping(self) -> None:
        with translated("DynamoDB ping", table=self.table):
            self.client.describe_table(TableName=self.table)
