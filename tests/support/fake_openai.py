"""A small OpenAI-compatible HTTP server for tests, spoken to by the real ``openai`` client.

It implements ``POST /v1/chat/completions`` (vision content, ``response_format``
json_schema, forced tool calls, plain JSON, usage) and ``POST
/v1/images/generations`` / ``/v1/images/edits`` (base64 PNGs), on a free
loopback port in a thread. Knobs make it behave like the servers PetAvatar
must cope with: refuse json_schema and/or tools (400, like servers that lack
them), have no images API (404), answer 429 with ``retry-after``, 500, slowly,
or with a content filter, and serve scripted (possibly invalid) answers.
Every request is recorded for assertions.
"""

from __future__ import annotations

import base64
import json
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.support.model_answers import (
    analysis_answer,
    career_answer,
    identity_answer,
    png_image,
)


@dataclass
class Fault:
    """A scripted failure for the next request: status (and retry-after), or a delay."""

    status: int = 0
    retry_after: str | None = None
    delay: float = 0.0
    message: str = "scripted failure"


@dataclass
class FakeOpenAI:
    """Behaviour and record of the fake server (mutable while it runs)."""

    refuse: set[str] = field(default_factory=set)
    images: set[str] = field(default_factory=lambda: {"generate", "edit"})
    api_key: str | None = None
    models: set[str] | None = None
    answers: deque[object] = field(default_factory=deque)
    faults: deque[Fault] = field(default_factory=deque)
    finish_reason: str = "stop"
    requests: list[dict[str, Any]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, path: str, body: dict[str, Any]) -> None:
        with self.lock:
            self.requests.append({"path": path, **body})

    def chat_requests(self) -> list[dict[str, Any]]:
        return [r for r in self.requests if r["path"].endswith("/chat/completions")]


def _step_answer(request: dict[str, Any]) -> dict[str, Any]:
    """The default valid answer for whichever step this request is about."""
    name = (
        (request.get("response_format") or {}).get("json_schema", {}).get("name")
        or ((request.get("tool_choice") or {}).get("function") or {}).get("name")
        or ""
    )
    text = json.dumps(request.get("messages", []))
    if "identity" in name or (not name and "human_name" in text):
        return identity_answer()
    if "career" in name or (not name and "career_id" in text):
        return career_answer()
    return analysis_answer()


def _mode(request: dict[str, Any]) -> str:
    if request.get("response_format", {}).get("type") == "json_schema":
        return "json_schema"
    if request.get("tools"):
        return "tools"
    return "json"


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        return

    def _send(self, status: int, body: dict[str, Any], headers: dict[str, str] | None = None):
        data = json.dumps(body).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout test)

    def _error(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        error = {"message": message, "type": "invalid_request_error", "code": None}
        self._send(status, {"error": error}, headers)

    def do_POST(self) -> None:
        fake = self.server.fake
        length = int(self.headers.get("Content-Length", "0"))
        raw = self.rfile.read(length)
        if fake.api_key and self.headers.get("Authorization") != f"Bearer {fake.api_key}":
            self._error(401, "Incorrect API key provided")
            return
        with fake.lock:
            fault = fake.faults.popleft() if fake.faults else None
        if fault is not None:
            if fault.delay:
                time.sleep(fault.delay)
            if fault.status:
                headers = {"retry-after": fault.retry_after} if fault.retry_after else None
                self._error(fault.status, fault.message, headers)
                return
        if self.path.endswith("/chat/completions"):
            self._chat(json.loads(raw))
        elif self.path.endswith("/images/generations"):
            self._image("generate", json.loads(raw))
        elif self.path.endswith("/images/edits"):
            self._image("edit", {"multipart_bytes": len(raw), "has_image": b"pet.png" in raw})
        else:
            self._error(404, f"no route {self.path}")

    def _chat(self, request: dict[str, Any]) -> None:
        fake = self.server.fake
        fake.record(self.path, request)
        mode = _mode(request)
        if fake.models is not None and request.get("model") not in fake.models:
            self._error(404, f"model '{request.get('model')}' not found")
            return
        if mode in fake.refuse:
            self._error(400, f"{mode} is not supported by this server")
            return
        with fake.lock:
            scripted = fake.answers.popleft() if fake.answers else None
        document = _step_answer(request) if scripted is None else scripted
        text = document if isinstance(document, str) else json.dumps(document)
        message: dict[str, Any] = {"role": "assistant", "content": text}
        if mode == "tools":
            name = request["tool_choice"]["function"]["name"]
            call = {
                "id": f"call_{len(fake.requests)}",
                "type": "function",
                "function": {"name": name, "arguments": text},
            }
            message = {"role": "assistant", "content": None, "tool_calls": [call]}
        elif mode == "json":
            message["content"] = f"Here is the JSON you asked for:\n```json\n{text}\n```"
        finish = "tool_calls" if mode == "tools" else fake.finish_reason
        self._send(
            200,
            {
                "id": "chatcmpl-fake",
                "object": "chat.completion",
                "created": int(time.time()),
                "model": request.get("model"),
                "choices": [{"index": 0, "message": message, "finish_reason": finish}],
                "usage": {"prompt_tokens": 1000, "completion_tokens": 250, "total_tokens": 1250},
            },
        )

    def _image(self, way: str, request: dict[str, Any]) -> None:
        fake = self.server.fake
        fake.record(self.path, request)
        if way not in fake.images:
            self._error(404, "Not Found")
            return
        self._send(
            200,
            {
                "created": int(time.time()),
                "data": [{"b64_json": base64.b64encode(png_image(1024)).decode()}],
                "usage": {"input_tokens": 50, "output_tokens": 4000, "total_tokens": 4050},
            },
        )


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, fake: FakeOpenAI) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.fake = fake


class FakeOpenAIServer:
    """Context manager: the fake on a free loopback port; ``base_url`` ends in ``/v1``."""

    def __init__(self, fake: FakeOpenAI | None = None) -> None:
        self.fake = fake or FakeOpenAI()
        self._server = _Server(self.fake)
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/v1"

    def __enter__(self) -> FakeOpenAIServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
