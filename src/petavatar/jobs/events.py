"""S3 event notifications, read into the object-created use case's arguments.

S3 sends ``{"Records": [{"eventSource": "aws:s3", "eventName": "ObjectCreated:Post",
"s3": {"bucket": {"name": …}, "object": {"key": …, "size": …}}}]}`` (keys URL-encoded,
``+`` for a space), and one ``{"Event": "s3:TestEvent", …}`` when a notification is first
configured. The same parser serves the SQS event consumer (``serve --backend aws``) and
the Lambda S3 handler.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote_plus

from petavatar.errors import InvalidInputError


@dataclass(frozen=True)
class ObjectCreated:
    """One object that landed in a bucket."""

    bucket: str
    key: str
    size: int | None


def parse_s3_event(event: str | bytes | dict[str, Any]) -> list[ObjectCreated]:
    """The ``ObjectCreated`` records of an S3 notification; ``[]`` for a test event.

    Records of other event types (deletes, restores) are left out. A body that is not an
    S3 notification raises :class:`InvalidInputError`.
    """
    data = _as_dict(event)
    if data.get("Event") == "s3:TestEvent":
        return []
    records = data.get("Records")
    if not isinstance(records, list):
        raise InvalidInputError("not an S3 event notification: no Records list")
    out: list[ObjectCreated] = []
    for record in records:
        if not isinstance(record, dict) or record.get("eventSource") != "aws:s3":
            raise InvalidInputError("not an S3 event record")
        if not str(record.get("eventName", "")).startswith("ObjectCreated:"):
            continue
        s3 = record.get("s3") or {}
        obj = s3.get("object") or {}
        size = obj.get("size")
        out.append(
            ObjectCreated(
                bucket=str((s3.get("bucket") or {}).get("name", "")),
                key=unquote_plus(str(obj.get("key", ""))),
                size=int(size) if isinstance(size, int | float) else None,
            )
        )
    return out


def _as_dict(event: str | bytes | dict[str, Any]) -> dict[str, Any]:
    if isinstance(event, dict):
        return event
    try:
        data = json.loads(event)
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidInputError(f"S3 event is not JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise InvalidInputError("S3 event must be a JSON object")
    return data
