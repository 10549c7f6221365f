"""Job queue on Amazon SQS, with its dead-letter queue doing the dead-lettering.

* receive: ``ReceiveMessage`` with the visibility timeout and ``ApproximateReceiveCount``
  (the port's receive count); a short ``wait_seconds`` long poll (0 in tests).
* heartbeat: ``ChangeMessageVisibility``; ``MessageNotInflight`` / an invalid handle → False.
* dead-lettering: the queue's redrive policy (``maxReceiveCount`` = ``max_receives``, 3)
  moves a message to the DLQ when it would be delivered a fourth time, so
  ``_claim_visible`` reports ``moved = 0``.
* DLQ: depth from its attributes, :meth:`JobQueue.redrive` moves messages back.

SQS accepts a superseded receipt handle (the request succeeds and the message "might" be
deleted; moto deletes it), so the adapter remembers, for messages received by THIS
process, the latest handle and its visibility deadline: a handle it knows is superseded or
past its deadline is refused (``delete``/``change_visibility`` → False) without calling
SQS. Handles received by another process go to SQS as they are; correctness never rests
on this (the job store's claim tokens do), it only stops a slow worker from deleting a
message another worker now holds. ``detects_stale_receipts`` is False, as the port asks
of SQS. The table is bounded (oldest entries are forgotten first).

Time: SQS's own clock decides visibility and receive counts; the injected clock only dates
this adapter's deadline bookkeeping, so both must agree (wall time in production; in tests
the in-process moto server is pointed at the test's ManualClock, see tests/support/moto.py).
``max_receives`` and the DLQ are read from the queue's redrive policy by
:meth:`SqsJobQueue.from_queue_url`.
"""

from __future__ import annotations

import json
import math
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar, Final

from botocore.exceptions import BotoCoreError, ClientError

from petavatar.adapters.aws.errors import error_code, translate, translated
from petavatar.clock import Clock
from petavatar.errors import StorageError
from petavatar.ports.jobqueue import (
    DEFAULT_MAX_RECEIVES,
    DEFAULT_VISIBILITY_TIMEOUT,
    JobQueue,
    QueueCounts,
    RawMessage,
)

MAX_TRACKED: Final = 10_000
_STALE_CODES: Final = frozenset(
    {
        "ReceiptHandleIsInvalid",
        "AWS.SimpleQueueService.MessageNotInflight",
        "MessageNotInflight",
        "InvalidParameterValue",
    }
)
_PEEK_VISIBILITY: Final = 30


@dataclass
class _Delivery:
    message_id: str
    visible_at: float


class SqsJobQueue(JobQueue):
    """The job queue at ``queue_url`` and its dead-letter queue at ``dlq_url``."""

    detects_stale_receipts: ClassVar[bool] = False

    def __init__(
        self,
        client: Any,
        queue_url: str,
        dlq_url: str,
        clock: Clock | None = None,
        visibility_timeout: float = DEFAULT_VISIBILITY_TIMEOUT,
        max_receives: int = DEFAULT_MAX_RECEIVES,
        *,
        wait_seconds: int = 0,
    ) -> None:
        super().__init__(clock, visibility_timeout, max_receives)
        self.client = client
        self.queue_url = queue_url
        self.dlq_url = dlq_url
        self.wait_seconds = wait_seconds
        self._lock = threading.Lock()
        self._handles: OrderedDict[str, _Delivery] = OrderedDict()
        self._latest: dict[str, str] = {}

    @classmethod
    def from_queue_url(
        cls,
        client: Any,
        queue_url: str,
        clock: Clock | None = None,
        visibility_timeout: float = DEFAULT_VISIBILITY_TIMEOUT,
        *,
        wait_seconds: int = 0,
    ) -> SqsJobQueue:
        """The queue at ``queue_url``, its DLQ and ``max_receives`` read from its redrive
        policy, so the worker's "last attempt" always matches what SQS will do."""
        with translated("SQS queue attributes", queue=queue_url):
            attributes = client.get_queue_attributes(
                QueueUrl=queue_url, AttributeNames=["RedrivePolicy"]
            ).get("Attributes", {})
            if "RedrivePolicy" not in attributes:
                raise StorageError(f"queue {queue_url} has no dead-letter queue (redrive policy)")
            policy = json.loads(attributes["RedrivePolicy"])
            dlq_name = str(policy["deadLetterTargetArn"]).rsplit(":", 1)[-1]
            dlq_url = lookup_queue_url(client, dlq_name)
        return cls(
            client,
            queue_url,
            dlq_url,
            clock,
            visibility_timeout,
            int(policy["maxReceiveCount"]),
            wait_seconds=wait_seconds,
        )

    # ------------------------------------------------------------------ handle tracking

    def _remember(self, handle: str, message_id: str, visible_at: float) -> None:
        with self._lock:
            self._handles[handle] = _Delivery(message_id, visible_at)
            self._latest[message_id] = handle
            while len(self._handles) > MAX_TRACKED:
                _, dropped = self._handles.popitem(last=False)
                if self._latest.get(dropped.message_id) not in self._handles:
                    self._latest.pop(dropped.message_id, None)

    def _superseded(self, handle: str) -> bool:
        with self._lock:
            known = self._handles.get(handle)
            return known is not None and self._latest.get(known.message_id) != handle

    def _forget(self, handle: str) -> None:
        with self._lock:
            known = self._handles.pop(handle, None)
            if known is not None and self._latest.get(known.message_id) == handle:
                del self._latest[known.message_id]

    # ------------------------------------------------------------------ storage contract

    def _append(self, body: str, now: float) -> str:
        with translated("SQS send", queue=self.queue_url):
            response = self.client.send_message(QueueUrl=self.queue_url, MessageBody=body)
        return str(response["MessageId"])

    def _claim_visible(
        self, now: float, limit: int, visibility_timeout: float, max_receives: int
    ) -> tuple[list[RawMessage], int]:
        timeout = math.ceil(visibility_timeout)
        with translated("SQS receive", queue=self.queue_url):
            response = self.client.receive_message(
                QueueUrl=self.queue_url,
                MaxNumberOfMessages=limit,
                VisibilityTimeout=timeout,
                WaitTimeSeconds=self.wait_seconds,
                MessageSystemAttributeNames=["ApproximateReceiveCount"],
            )
        out: list[RawMessage] = []
        for item in response.get("Messages", []):
            handle = str(item["ReceiptHandle"])
            message_id = str(item["MessageId"])
            self._remember(handle, message_id, now + timeout)
            count = int(item.get("Attributes", {}).get("ApproximateReceiveCount", 1))
            out.append(RawMessage(str(item["Body"]), handle, count, message_id))
        return out, 0

    def _applied(self, what: str, call: Callable[..., object], **params: object) -> bool:
        """Make ``call``; False when SQS says the handle is stale or not in flight."""
        try:
            call(QueueUrl=self.queue_url, **params)
        except ClientError as exc:
            if error_code(exc) in _STALE_CODES:
                return False
            raise translate(exc, what, queue=self.queue_url) from exc
        except BotoCoreError as exc:
            raise translate(exc, what, queue=self.queue_url) from exc
        return True

    def _delete(self, receipt_handle: str) -> bool:
        if self._superseded(receipt_handle):
            return False
        if not self._applied(
            "SQS delete", self.client.delete_message, ReceiptHandle=receipt_handle
        ):
            return False
        self._forget(receipt_handle)
        return True

    def _set_visibility(self, receipt_handle: str, now: float, timeout: float) -> bool:
        with self._lock:
            known = self._handles.get(receipt_handle)
            if known is not None and (
                now >= known.visible_at or self._latest.get(known.message_id) != receipt_handle
            ):
                return False
        seconds = math.ceil(timeout)
        if not self._applied(
            "SQS change visibility",
            self.client.change_message_visibility,
            ReceiptHandle=receipt_handle,
            VisibilityTimeout=seconds,
        ):
            return False
        with self._lock:
            if known is not None:
                known.visible_at = now + seconds
        return True

    def _counts(self, now: float) -> QueueCounts:
        main = self._attributes(self.queue_url)
        dead = self._attributes(self.dlq_url)
        return QueueCounts(
            visible=int(main.get("ApproximateNumberOfMessages", 0)),
            in_flight=int(main.get("ApproximateNumberOfMessagesNotVisible", 0)),
            dead=int(dead.get("ApproximateNumberOfMessages", 0))
            + int(dead.get("ApproximateNumberOfMessagesNotVisible", 0)),
        )

    def _attributes(self, url: str) -> dict[str, str]:
        with translated("SQS attributes", queue=url):
            response = self.client.get_queue_attributes(
                QueueUrl=url,
                AttributeNames=[
                    "ApproximateNumberOfMessages",
                    "ApproximateNumberOfMessagesNotVisible",
                ],
            )
        return dict(response.get("Attributes", {}))

    def _dead_letters(self, limit: int) -> list[str]:
        """Peek: receive from the DLQ with a short visibility, then make all visible again."""
        bodies: list[str] = []
        handles: list[str] = []
        with translated("SQS peek dead letters", queue=self.dlq_url):
            try:
                while len(bodies) < limit:
                    batch = self._receive_dead(limit - len(bodies))
                    if not batch:
                        break
                    for item in batch:
                        bodies.append(str(item["Body"]))
                        handles.append(str(item["ReceiptHandle"]))
            finally:
                self._release_all(self.dlq_url, handles)
        return bodies

    def _receive_dead(self, limit: int) -> list[dict[str, Any]]:
        """Up to ``limit`` (≤ 10 per call) dead letters, hidden for a short while."""
        response = self.client.receive_message(
            QueueUrl=self.dlq_url,
            MaxNumberOfMessages=min(10, limit),
            VisibilityTimeout=_PEEK_VISIBILITY,
            WaitTimeSeconds=0,
        )
        return list(response.get("Messages", []))

    def _release_all(self, url: str, handles: list[str]) -> None:
        for start in range(0, len(handles), 10):
            entries = [
                {"Id": str(i), "ReceiptHandle": h, "VisibilityTimeout": 0}
                for i, h in enumerate(handles[start : start + 10])
            ]
            self.client.change_message_visibility_batch(QueueUrl=url, Entries=entries)

    def _ping(self) -> None:
        self._attributes(self.queue_url)

    def _redrive(self, now: float, limit: int) -> list[str]:
        """Receive from the DLQ, send anew (receive count 0), then delete from the DLQ.

        A crash between the send and the delete duplicates a message rather than losing it
        (the job store's claim makes the duplicate harmless).
        """
        bodies: list[str] = []
        with translated("SQS redrive", queue=self.dlq_url):
            while len(bodies) < limit:
                batch = self._receive_dead(limit - len(bodies))
                if not batch:
                    break
                for item in batch:
                    self.client.send_message(QueueUrl=self.queue_url, MessageBody=item["Body"])
                    self.client.delete_message(
                        QueueUrl=self.dlq_url, ReceiptHandle=item["ReceiptHandle"]
                    )
                    bodies.append(str(item["Body"]))
        return bodies


def lookup_queue_url(client: Any, name: str) -> str:
    """The URL of the queue ``name``; :class:`NotFoundError` if it does not exist."""
    with translated("SQS queue lookup", queue=name):
        return str(client.get_queue_url(QueueName=name)["QueueUrl"])
