"""S3 upload notifications → ``JobService.object_created`` (the S3-event pattern).

The upload bucket notifies ``s3:ObjectCreated:*`` under ``uploads/`` to the stage's
upload-events queue, and this function consumes it (``infra/template.yaml``): each SQS
record's body is one S3 notification. A record whose handling fails (storage unreachable)
is reported in ``batchItemFailures`` and comes back; after three receives the queue moves
it to its dead-letter queue. An S3 notification delivered to the function directly (no
queue in between) is handled too; then a failure raises, for Lambda's own retries.

Keys arrive URL-encoded (``+`` for a space) and are decoded; the ``s3:TestEvent`` S3 sends
when a notification is configured, records of other buckets and other event types are
logged and ignored. ``object_created`` is idempotent, so a redelivery is harmless.
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

from petavatar.entrypoints.lambdas.runtime import LambdaRuntime, current, process_sqs_batch
from petavatar.jobs.events import parse_s3_event
from petavatar.jobs.keys import UPLOADS_PREFIX, parse_upload_key

SQS_SOURCE = "aws:sqs"


def handle_notification(runtime: LambdaRuntime, notification: str | dict[str, Any]) -> int:
    """Start the job of every uploaded object of one S3 notification; how many were handled."""
    bucket = runtime.stack.blobs.bucket
    handled = 0
    for created in parse_s3_event(notification):
        if created.bucket != bucket:
            runtime.logger.info("object of another bucket ignored", bucket=created.bucket)
            continue
        parsed = parse_upload_key(created.key)
        runtime.correlate(parsed[0] if parsed else None)
        if created.key.startswith(UPLOADS_PREFIX):
            runtime.count("Uploads")
        runtime.stack.service.object_created(created.key, created.size)
        runtime.logger.info("object handled", key=created.key, size=created.size)
        handled += 1
    if not handled:
        runtime.logger.info("notification without uploads ignored")
    return handled


def handle_event(runtime: LambdaRuntime, event: dict[str, Any], context: Any) -> dict[str, Any]:
    """An SQS batch of notifications (partial failures), or one notification sent directly."""
    records = event.get("Records") or []
    if not records or any(r.get("eventSource") != SQS_SOURCE for r in records):
        return {"handled": handle_notification(runtime, event)}

    def record_handler(record: SQSRecord) -> int:
        return handle_notification(runtime, record.body)

    return process_sqs_batch(event, context, record_handler)


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Lambda entry point (``petavatar.entrypoints.lambdas.events.handler``)."""
    runtime = current()
    with runtime.invocation(context, "events"):
        return handle_event(runtime, event, context)
