"""The SQS queue takes its DLQ and max receives from the queue's own redrive policy."""

from __future__ import annotations

import json

import pytest

from petavatar.adapters.aws.sqs import SqsJobQueue
from petavatar.errors import NotFoundError, StorageError
from tests.support import moto


def test_dlq_and_max_receives_come_from_the_redrive_policy() -> None:
    sqs = moto.clients().client("sqs")
    name = moto.unique("q")
    dlq_url = sqs.create_queue(QueueName=f"{name}-dead")["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=dlq_url, AttributeNames=["QueueArn"])["Attributes"][
        "QueueArn"
    ]
    policy = json.dumps({"deadLetterTargetArn": arn, "maxReceiveCount": 5})
    url = sqs.create_queue(QueueName=name, Attributes={"RedrivePolicy": policy})["QueueUrl"]
    queue = SqsJobQueue.from_queue_url(sqs, url)
    assert (queue.dlq_url, queue.max_receives) == (dlq_url, 5)


def test_a_queue_without_a_dlq_is_refused() -> None:
    sqs = moto.clients().client("sqs")
    url = sqs.create_queue(QueueName=moto.unique("bare"))["QueueUrl"]
    with pytest.raises(StorageError, match="dead-letter"):
        SqsJobQueue.from_queue_url(sqs, url)
    with pytest.raises(NotFoundError):
        SqsJobQueue.from_queue_url(sqs, url.replace("bare", "missing"))
