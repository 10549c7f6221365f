"""S3 event notifications → object-created records (and the SQS consumer that feeds them)."""

from __future__ import annotations

import json

import pytest

from petavatar.adapters.aws.events import SqsUploadEvents
from petavatar.errors import InvalidInputError, StorageError
from petavatar.jobs.events import ObjectCreated, parse_s3_event
from tests.support import moto


def _record(key: str, name: str = "ObjectCreated:Post", bucket: str = "b") -> dict[str, object]:
    return {
        "eventSource": "aws:s3",
        "eventName": name,
        "s3": {"bucket": {"name": bucket}, "object": {"key": key, "size": 12}},
    }


def test_keys_are_url_decoded_and_other_events_left_out() -> None:
    event = {
        "Records": [
            _record("uploads/j/my+cat%C3%A9.jpg"),
            _record("uploads/j/x.jpg", name="ObjectRemoved:Delete"),
        ]
    }
    assert parse_s3_event(json.dumps(event)) == [
        ObjectCreated(bucket="b", key="uploads/j/my caté.jpg", size=12)
    ]


def test_the_test_event_is_skipped() -> None:
    assert parse_s3_event('{"Service": "Amazon S3", "Event": "s3:TestEvent"}') == []


@pytest.mark.parametrize("body", ["nope", "[]", "{}", '{"Records": [{"eventSource": "aws:sqs"}]}'])
def test_other_bodies_are_refused(body: str) -> None:
    with pytest.raises(InvalidInputError):
        parse_s3_event(body)


def test_consumer_settles_handled_and_unreadable_messages_and_keeps_failed_ones() -> None:
    sqs = moto.clients().client("sqs")
    url = sqs.create_queue(QueueName=moto.unique("events"))["QueueUrl"]
    seen: list[str] = []

    def handler(key: str, size: int | None) -> None:
        if "fail" in key:
            raise StorageError("S3 is down")
        seen.append(key)

    for body in (
        json.dumps({"Records": [_record("uploads/j/a.jpg")]}),
        json.dumps({"Records": [_record("uploads/j/other.jpg", bucket="elsewhere")]}),
        "not an S3 event",
        json.dumps({"Records": [_record("uploads/j/fail.jpg")]}),
    ):
        sqs.send_message(QueueUrl=url, MessageBody=body)
    consumer = SqsUploadEvents(sqs, url, "b", handler, wait_seconds=0, visibility_timeout=60)
    assert consumer.run_once() == 3
    assert seen == ["uploads/j/a.jpg"]
    attrs = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
    assert attrs["ApproximateNumberOfMessagesNotVisible"] == "1"  # the failed one, for a retry
