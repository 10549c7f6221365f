"""The upload-events queue: S3 ``ObjectCreated`` notifications → the object-created use case.

``petavatar aws provision`` points the upload bucket's notification for ``uploads/`` at a
queue of its own (not the job queue, whose messages have the job-message schema). This
consumer, run by ``serve --backend aws`` and ``worker --backend aws``, receives those
notifications, calls :meth:`JobService.object_created` for each record of its bucket and
deletes the message. A message whose handling raised stays and is retried after its
visibility timeout; after 3 receives the queue's redrive policy moves it to the events DLQ.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from petavatar.adapters.aws.errors import translated
from petavatar.errors import InvalidInputError, PetAvatarError
from petavatar.jobs.events import parse_s3_event
from petavatar.observability.logs import get_logger, log_error

_log = get_logger("upload-events")

ObjectCreatedHandler = Callable[[str, int | None], None]


class SqsUploadEvents:
    """Consumes S3 notifications from ``queue_url`` for ``bucket``."""

    def __init__(
        self,
        client: Any,
        queue_url: str,
        bucket: str,
        handler: ObjectCreatedHandler,
        *,
        wait_seconds: int = 1,
        visibility_timeout: int = 60,
        name: str = "upload-events",
    ) -> None:
        self.client = client
        self.queue_url = queue_url
        self.bucket = bucket
        self.handler = handler
        self.wait_seconds = wait_seconds
        self.visibility_timeout = visibility_timeout
        self.name = name
        self.wake: threading.Event | None = None

    def run_once(self) -> int:
        """Receive one batch and handle it; returns how many messages were settled."""
        with translated("SQS receive upload events", queue=self.queue_url):
            response = self.client.receive_message(
                QueueUrl=self.queue_url,
                MaxNumberOfMessages=10,
                WaitTimeSeconds=self.wait_seconds,
                VisibilityTimeout=self.visibility_timeout,
            )
        settled = 0
        for message in response.get("Messages", []):
            if self._handle(str(message["Body"]), str(message.get("MessageId", ""))):
                with translated("SQS delete upload event", queue=self.queue_url):
                    self.client.delete_message(
                        QueueUrl=self.queue_url, ReceiptHandle=message["ReceiptHandle"]
                    )
                settled += 1
        return settled

    def _handle(self, body: str, message_id: str) -> bool:
        """True when the message is done with (handled, or unreadable and worth dropping)."""
        try:
            records = parse_s3_event(body)
        except InvalidInputError as exc:
            log_error(_log, "parse_event", exc, message_id=message_id)
            return True
        for record in records:
            if record.bucket and record.bucket != self.bucket:
                _log.info("event for another bucket ignored", bucket=record.bucket)
                continue
            try:
                self.handler(record.key, record.size)
            except PetAvatarError as exc:
                log_error(_log, "object_created", exc, key=record.key[:300])
                return False
        return True

    def run_forever(self, stop: threading.Event) -> None:
        """Consume until ``stop`` is set (each receive long-polls ``wait_seconds``)."""
        _log.info("upload event consumer started", operation="run_forever")
        while not stop.is_set():
            try:
                if not self.run_once() and self.wait_seconds == 0:
                    stop.wait(0.5)
            except PetAvatarError as exc:
                log_error(_log, "receive", exc)
                stop.wait(2.0)
        _log.info("upload event consumer stopped", operation="run_forever")
