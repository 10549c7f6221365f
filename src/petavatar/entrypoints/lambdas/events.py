"""S3 upload notifications → ``JobService.object_created`` (the S3-event pattern).

S3 invokes this function asynchronously for ``s3:ObjectCreated:*`` under ``uploads/``.
Keys arrive URL-encoded (``+`` for spaces, ``%XX`` for the rest) and are decoded before use.
The ``s3:TestEvent`` S3 sends when a notification is configured is acknowledged and ignored,
as are records of another bucket or event type. ``object_created`` is idempotent, so when it
fails with a storage error the exception propagates and Lambda's asynchronous retries (two)
deliver the event again; ``POST /process`` and the reconciler cover what retries cannot.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote_plus

from petavatar.entrypoints.lambdas.runtime import LambdaRuntime, current
from petavatar.jobs.keys import UPLOADS_PREFIX, parse_upload_key

TEST_EVENT = "s3:TestEvent"
OBJECT_CREATED = "ObjectCreated:"


def handle_s3_event(runtime: LambdaRuntime, event: dict[str, Any]) -> dict[str, int]:
    """Start the job of every uploaded object in ``event``; returns what was done."""
    if event.get("Event") == TEST_EVENT:
        runtime.logger.info("s3 test event ignored", bucket=event.get("Bucket"))
        return {"started": 0, "ignored": 0}
    started = ignored = 0
    bucket = runtime.stack.blobs.bucket
    for record in event.get("Records") or []:
        s3 = record.get("s3") or {}
        name = str((s3.get("bucket") or {}).get("name", ""))
        obj = s3.get("object") or {}
        key = unquote_plus(str(obj.get("key", "")))
        event_name = str(record.get("eventName", ""))
        if not event_name.startswith(OBJECT_CREATED) or name != bucket:
            runtime.logger.info("record ignored", event_name=event_name, bucket=name, key=key)
            ignored += 1
            continue
        parsed = parse_upload_key(key)
        runtime.correlate(parsed[0] if parsed else None)
        if key.startswith(UPLOADS_PREFIX):
            runtime.count("Uploads")
        size = obj.get("size")
        runtime.stack.service.object_created(key, int(size) if size is not None else None)
        runtime.logger.info("object handled", key=key, size=size)
        started += 1
    return {"started": started, "ignored": ignored}


def handler(event: dict[str, Any], context: Any) -> dict[str, int]:
    """Lambda entry point (``petavatar.entrypoints.lambdas.events.handler``)."""
    runtime = current()
    with runtime.invocation(context, "events"):
        return handle_s3_event(runtime, event)
