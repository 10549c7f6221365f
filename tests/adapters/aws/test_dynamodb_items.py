"""The DynamoDB item is the JobRecord itself, so new record fields need no adapter change."""

from __future__ import annotations

from petavatar.adapters.aws.dynamodb import DynamoJobStore, from_dynamo, to_dynamo
from petavatar.ports.jobstore import JobRecord
from tests.ports.conftest import make_dynamo_jobstore
from tests.support.clock import ManualClock


def test_every_record_field_is_an_attribute_of_the_same_name(tmp_path: object) -> None:
    store = make_dynamo_jobstore(tmp_path, ManualClock())  # type: ignore[arg-type]
    assert isinstance(store, DynamoJobStore)
    store.create("job-1", s3_upload_key="uploads/job-1/a.jpg", webhook_url="https://h/x")
    store.claim("job-1", "tok")
    store.complete(
        "job-1",
        "tok",
        s3_avatar_key="generated/job-1/avatar.png",
        s3_report_card_key="generated/job-1/report-card.png",
        identity_package={"human_name": "Ada", "score": 0.25, "skills": ["a"]},
        pet_analysis={"dimensions": {"calm": 71.5}},
        career_profile={"job_title": "CFO"},
        usage={"images": 1},
    )
    item = store.client.get_item(TableName=store.table, Key={"job_id": {"S": "job-1"}})["Item"]
    stored = store.get("job-1").model_dump()
    assert set(item) == {name for name, value in stored.items() if value is not None}
    assert {name: from_dynamo(value) for name, value in item.items()} == {
        k: v for k, v in stored.items() if v is not None
    }
    assert item["identity_package"]["M"]["score"] == {"N": "0.25"}


def test_attributes_a_newer_version_wrote_are_ignored(tmp_path: object) -> None:
    store = make_dynamo_jobstore(tmp_path, ManualClock())  # type: ignore[arg-type]
    assert isinstance(store, DynamoJobStore)
    record, _ = store.create("job-1")
    store.client.update_item(
        TableName=store.table,
        Key={"job_id": {"S": "job-1"}},
        UpdateExpression="SET #o = :o",
        ExpressionAttributeNames={"#o": "field_from_the_future"},
        ExpressionAttributeValues={":o": to_dynamo("k-123")},
    )
    assert store.get("job-1") == record
    assert "field_from_the_future" not in JobRecord.model_fields


def test_numbers_round_trip() -> None:
    for value in (0, 7, -3, 1.5, 1700000000.123456, 1e-7, {"a": [1, 2.5, None, True]}):
        assert from_dynamo(to_dynamo(value)) == value
