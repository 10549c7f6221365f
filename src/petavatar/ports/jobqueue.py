"""The job queue port, with Amazon SQS semantics so SQS can be a drop-in adapter.

* At-least-once delivery: a received message stays in the queue, invisible for the
  visibility timeout, until it is deleted with the receipt handle of that receive.
* Every receive gets a new receipt handle and increments the message's receive count; a
  handle from an earlier receive is stale (``delete`` returns False / does not delete).
* A message that has already been received ``max_receives`` times is moved to the
  dead-letter queue the next time it would be delivered (SQS redrive policy,
  ``maxReceiveCount``).

The base class validates arguments and (de)serialises :class:`QueueMessage`; adapters
implement the ``_`` storage methods whose contracts are written below.
"""

from __future__ import annotations

import json
import logging
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import ClassVar, Final, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from petavatar.clock import Clock, SystemClock
from petavatar.errors import InvalidInputError

logger = logging.getLogger(__name__)

QUEUE_MESSAGE_VERSION: Final = 1
DEFAULT_VISIBILITY_TIMEOUT: Final = 900
DEFAULT_MAX_RECEIVES: Final = 3
MAX_VISIBILITY_TIMEOUT: Final = 12 * 3600  # SQS limit
MAX_RECEIVE_BATCH: Final = 10  # SQS limit


class QueueMessage(BaseModel):
    """The body of a job message. ``version`` lets a worker refuse a format it does not know."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: Literal[1] = 1
    job_id: str
    s3_upload_key: str
    timestamp: float

    def to_json(self) -> str:
        """Compact JSON, the wire format on every queue backend."""
        return self.model_dump_json()

    @classmethod
    def from_json(cls, raw: str | bytes) -> QueueMessage:
        """Parse a message body; :class:`InvalidInputError` for garbage or an unknown version.

        A body without ``version`` is read as version 1 (the original design's format
        ``{job_id, s3_upload_key, timestamp}``).
        """
        try:
            data = json.loads(raw)
        except (ValueError, UnicodeDecodeError) as exc:
            raise InvalidInputError(f"Queue message is not valid JSON: {exc}") from exc
        if not isinstance(data, dict):
            raise InvalidInputError("Queue message must be a JSON object")
        version = data.get("version", QUEUE_MESSAGE_VERSION)
        if version != QUEUE_MESSAGE_VERSION or isinstance(version, bool):
            raise InvalidInputError(
                f"Unsupported queue message version {version!r}: this worker understands "
                f"version {QUEUE_MESSAGE_VERSION}; upgrade the worker or drain the queue",
                version=str(version),
            )
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            raise InvalidInputError(f"Malformed queue message: {exc.errors()!r}") from exc


@dataclass(frozen=True)
class ReceivedMessage:
    """One delivery of a message: delete or extend it with this ``receipt_handle``."""

    message: QueueMessage
    receipt_handle: str
    receive_count: int
    message_id: str


@dataclass(frozen=True)
class RawMessage:
    """What an adapter returns from a receive, before the body is parsed by the base class."""

    body: str
    receipt_handle: str
    receive_count: int
    message_id: str


@dataclass(frozen=True)
class QueueCounts:
    """Approximate counts, like SQS's ``ApproximateNumberOf…`` attributes."""

    visible: int
    in_flight: int
    dead: int


class JobQueue(ABC):
    """Port for the job queue (SQS semantics; see the module docstring)."""

    #: True if ``delete`` with a stale receipt handle is reported as False. SQS accepts such a
    #: request without deleting anything, so an SQS adapter sets this to False; either way the
    #: message must NOT be deleted.
    detects_stale_receipts: ClassVar[bool] = True

    def __init__(
        self,
        clock: Clock | None = None,
        visibility_timeout: float = DEFAULT_VISIBILITY_TIMEOUT,
        max_receives: int = DEFAULT_MAX_RECEIVES,
    ) -> None:
        _check_timeout(visibility_timeout)
        if max_receives < 1:
            raise ValueError("max_receives must be at least 1")
        self.clock: Clock = clock or SystemClock()
        self.visibility_timeout = float(visibility_timeout)
        self.max_receives = max_receives

    # ------------------------------------------------------------------ public API

    def send(self, message: QueueMessage) -> str:
        """Enqueue ``message``; returns its message id."""
        return self._append(message.to_json(), self.clock.now())

    def receive(
        self, max_messages: int = 1, visibility_timeout: float | None = None
    ) -> list[ReceivedMessage]:
        """Receive up to ``max_messages`` (1–10) visible messages, hiding each for the timeout.

        Messages already received ``max_receives`` times are moved to the dead-letter queue
        instead. A body that cannot be parsed is logged and skipped; it stays in flight and
        is dead-lettered after ``max_receives`` deliveries, like any poison message.
        """
        if not 1 <= max_messages <= MAX_RECEIVE_BATCH:
            raise InvalidInputError(f"max_messages must be 1-{MAX_RECEIVE_BATCH}")
        timeout = self.visibility_timeout if visibility_timeout is None else visibility_timeout
        _check_timeout(timeout)
        raw, moved = self._claim_visible(self.clock.now(), max_messages, timeout, self.max_receives)
        if moved:
            logger.warning("moved %d message(s) to the dead-letter queue", moved)
        received: list[ReceivedMessage] = []
        for item in raw:
            try:
                message = QueueMessage.from_json(item.body)
            except InvalidInputError as exc:
                logger.error("skipping unreadable queue message %s: %s", item.message_id, exc)
                continue
            received.append(
                ReceivedMessage(message, item.receipt_handle, item.receive_count, item.message_id)
            )
        return received

    def delete(self, receipt_handle: str) -> bool:
        """Delete the message received with ``receipt_handle``.

        Returns False for a handle that is unknown or stale (the message has been received
        again since, or already deleted); see :attr:`detects_stale_receipts`.
        """
        if not receipt_handle:
            return False
        return self._delete(receipt_handle)

    def change_visibility(self, receipt_handle: str, timeout: float) -> bool:
        """Hide the in-flight message for ``timeout`` seconds from now (0 = visible now).

        Returns False if the handle is stale or the message is no longer in flight (its
        visibility already ran out), like SQS's ``MessageNotInflight``.
        """
        _check_timeout(timeout)
        if not receipt_handle:
            return False
        return self._set_visibility(receipt_handle, self.clock.now(), timeout)

    def depth(self) -> int:
        """Messages in the queue, visible plus in flight (not counting dead letters)."""
        counts = self._counts(self.clock.now())
        return counts.visible + counts.in_flight

    def in_flight(self) -> int:
        """Messages received and not yet deleted whose visibility timeout has not run out."""
        return self._counts(self.clock.now()).in_flight

    def dead_letter_depth(self) -> int:
        """Messages in the dead-letter queue."""
        return self._counts(self.clock.now()).dead

    def dead_letters(self, limit: int = 100) -> list[QueueMessage]:
        """Up to ``limit`` dead-lettered messages (oldest first where the backend knows)."""
        if limit <= 0:
            return []
        out: list[QueueMessage] = []
        for body in self._dead_letters(limit):
            try:
                out.append(QueueMessage.from_json(body))
            except InvalidInputError as exc:
                logger.error("unreadable dead letter: %s", exc)
        return out

    def redrive(self, limit: int = 100) -> list[QueueMessage]:
        """Move up to ``limit`` dead letters back to the queue (receive count 0, visible now).

        Returns the moved messages (readable ones), so their jobs can be reopened.
        """
        if limit <= 0:
            return []
        moved: list[QueueMessage] = []
        for body in self._redrive(self.clock.now(), limit):
            try:
                moved.append(QueueMessage.from_json(body))
            except InvalidInputError as exc:
                logger.error("unreadable redriven message: %s", exc)
        return moved

    def ping(self) -> None:
        """Raise :class:`~petavatar.errors.StorageError` if the backend is unreachable."""
        self._ping()

    # ------------------------------------------------------------------ storage contract

    @abstractmethod
    def _append(self, body: str, now: float) -> str:
        """Durably enqueue ``body`` (visible immediately, receive count 0); return a new id.

        Vendor errors become :class:`~petavatar.errors.StorageError`.
        """

    @abstractmethod
    def _claim_visible(
        self, now: float, limit: int, visibility_timeout: float, max_receives: int
    ) -> tuple[list[RawMessage], int]:
        """Atomically receive up to ``limit`` messages visible at ``now``.

        For each delivered message: a NEW unique receipt handle (older handles become stale),
        receive count + 1, invisible until ``now + visibility_timeout``. Before delivering,
        every visible message whose receive count is already ``>= max_receives`` moves to
        the dead-letter queue (never delivered again). Returns ``(delivered, moved)``.

        Safe under concurrency from several threads AND processes: one delivery of a message
        per visibility window. An adapter whose backend does the dead-lettering itself
        (SQS redrive policy) returns ``moved = 0``.
        """

    @abstractmethod
    def _delete(self, receipt_handle: str) -> bool:
        """Delete the message whose latest receipt handle is ``receipt_handle``.

        True if deleted. A stale or unknown handle deletes nothing and returns False (or
        True on backends that cannot tell, see :attr:`detects_stale_receipts`). A handle
        whose visibility ran out but whose message has not been received again is still the
        latest handle and deletes the message (as in SQS).
        """

    @abstractmethod
    def _set_visibility(self, receipt_handle: str, now: float, timeout: float) -> bool:
        """Make the message invisible until ``now + timeout``; True if applied.

        Applies only if ``receipt_handle`` is the message's latest handle and the message is
        still in flight at ``now``; otherwise False and nothing changes.
        """

    @abstractmethod
    def _counts(self, now: float) -> QueueCounts:
        """Counts at ``now``: visible (incl. those due for dead-lettering), in flight, dead."""

    @abstractmethod
    def _dead_letters(self, limit: int) -> list[str]:
        """Bodies of up to ``limit`` dead-lettered messages, without removing them."""

    @abstractmethod
    def _redrive(self, now: float, limit: int) -> list[str]:
        """Move up to ``limit`` dead letters to the main queue; return their bodies.

        Each moved message is visible at ``now`` with receive count 0 (SQS: receive from
        the DLQ, send to the queue, then delete from the DLQ — or a message move task).
        A message is never lost: it is in the main queue before it leaves the DLQ.
        """

    @abstractmethod
    def _ping(self) -> None:
        """Cheap round trip; raise :class:`~petavatar.errors.StorageError` if unreachable."""


def _check_timeout(timeout: float) -> None:
    if isinstance(timeout, bool) or not 0 <= timeout <= MAX_VISIBILITY_TIMEOUT:
        raise InvalidInputError(
            f"visibility timeout must be 0-{MAX_VISIBILITY_TIMEOUT} seconds, got {timeout!r}"
        )


__all__ = [
    "DEFAULT_MAX_RECEIVES",
    "DEFAULT_VISIBILITY_TIMEOUT",
    "QUEUE_MESSAGE_VERSION",
    "JobQueue",
    "QueueCounts",
    "QueueMessage",
    "RawMessage",
    "ReceivedMessage",
]
