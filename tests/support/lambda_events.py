"""Real Lambda event shapes (JSON fixtures) filled in for a test, and a Lambda context.

Fixtures live in ``tests/entrypoints/lambdas/events/``; a string ``"{{name}}"`` is replaced
by the value given for ``name`` (any JSON type), and ``{{name}}`` inside a longer string by
its text. A header whose value is ``None`` is removed.
"""

from __future__ import annotations

import copy
import json
import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

EVENTS_DIR = Path(__file__).resolve().parents[1] / "entrypoints" / "lambdas" / "events"
_PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")


def _fill(node: Any, values: dict[str, Any]) -> Any:
    if isinstance(node, dict):
        return {k: _fill(v, values) for k, v in node.items()}
    if isinstance(node, list):
        return [_fill(v, values) for v in node]
    if isinstance(node, str):
        whole = _PLACEHOLDER.fullmatch(node)
        if whole and whole.group(1) in values:
            return values[whole.group(1)]
        return _PLACEHOLDER.sub(lambda m: str(values.get(m.group(1), m.group(0))), node)
    return node


def load_event(name: str, **values: Any) -> dict[str, Any]:
    """The fixture ``name`` (without ``.json``) with its placeholders filled in."""
    raw = json.loads((EVENTS_DIR / f"{name}.json").read_text(encoding="utf-8"))
    event: dict[str, Any] = _fill(raw, values)
    headers = event.get("headers")
    if isinstance(headers, dict):
        event["headers"] = {k: v for k, v in headers.items() if v is not None}
    return event


def api_event(
    route: str,
    api_key: str | None,
    *,
    job_id: str = "",
    body: Any = None,
    query: dict[str, str] | None = None,
) -> dict[str, Any]:
    """An HTTP API (payload 2.0) event for ``route`` (presigned_url, process, status, results)."""
    text = body if isinstance(body, str) or body is None else json.dumps(body)
    event = load_event(
        f"api_{route}",
        api_key=api_key,
        job_id=job_id,
        body=text,
        content_length=str(len(text or "")),
    )
    if query is not None:
        event["queryStringParameters"] = dict(query) or None
        event["rawQueryString"] = "&".join(f"{k}={v}" for k, v in query.items())
    return event


def sqs_event(*records: dict[str, Any]) -> dict[str, Any]:
    """An SQS event with one record per ``{body, receipt_handle, receive_count}`` given."""
    template = load_event("sqs_job_messages")["Records"][0]
    out = []
    for values in records:
        filled = _fill(copy.deepcopy(template), {"message_id": str(uuid.uuid4()), **values})
        out.append(filled)
    return {"Records": out}


def sqs_event_from_queue(sqs: Any, queue_url: str) -> dict[str, Any]:
    """Receive what waits in ``queue_url`` (a real SQS receive) as Lambda's SQS event."""
    messages = sqs.receive_message(
        QueueUrl=queue_url, MaxNumberOfMessages=10, AttributeNames=["All"], WaitTimeSeconds=1
    ).get("Messages", [])
    return sqs_event(
        *(
            {
                "body": m["Body"],
                "receipt_handle": m["ReceiptHandle"],
                "receive_count": m["Attributes"]["ApproximateReceiveCount"],
            }
            for m in messages
        )
    )


@dataclass
class FakeLambdaContext:
    """The attributes of the Lambda context object the handlers and Powertools read."""

    function_name: str = "petavatar-test-api"
    memory_limit_in_mb: int = 512
    invoked_function_arn: str = "arn:aws:lambda:eu-west-1:123456789012:function:petavatar-test-api"
    aws_request_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    function_version: str = "$LATEST"

    def get_remaining_time_in_millis(self) -> int:
        return 30_000
