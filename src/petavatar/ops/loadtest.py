"""A bounded load test of a running PetAvatar API (``petavatar loadtest URL``).

Two scenarios, both open-loop (requests start on schedule whether or not earlier
ones have answered, so a slow server shows up as latency, not as a lower rate):

* ``jobs`` (default): ``rps`` new jobs per second, each one the whole client flow —
  presign, upload the photo to the presigned form, poll ``/status`` until the job
  ends, read ``/results``. Reports every request's latency by route and how many
  jobs completed end to end (and their end-to-end time).
* ``status``: ``rps`` ``GET /status`` requests per second on one job (its photo
  uploaded first).

HTTP/1.1 with keep-alive through one ``httpx.AsyncClient`` connection pool. Rate
and duration are bounded (:data:`MAX_RPS`, :data:`MAX_DURATION`); every job still
running when the duration ends gets ``drain_seconds`` to finish, then the run stops.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from collections import Counter, defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Final, Literal

import httpx
from pydantic import BaseModel

from petavatar.errors import InvalidInputError

MAX_RPS: Final = 500.0
MAX_DURATION: Final = 600.0
MAX_CONNECTIONS: Final = 256
POLL_INTERVAL: Final = 0.25
TERMINAL: Final = frozenset({"completed", "failed"})

Scenario = Literal["jobs", "status"]


class LoadTestPlan(BaseModel):
    """What to run: target, rate, duration and the photo for the ``jobs`` scenario."""

    url: str
    api_key: str
    rps: float
    duration: float
    scenario: Scenario = "jobs"
    photo: bytes = b""
    photo_type: str = "image/jpeg"
    drain_seconds: float = 60.0
    connections: int = 64

    def check(self) -> None:
        """Refuse plans outside the bounds, with a message that says which bound."""
        if not 0 < self.rps <= MAX_RPS:
            raise InvalidInputError(f"--rps must be between 0 and {MAX_RPS:g}")
        if not 0 < self.duration <= MAX_DURATION:
            raise InvalidInputError(f"--duration must be between 0 and {MAX_DURATION:g} seconds")
        if not 1 <= self.connections <= MAX_CONNECTIONS:
            raise InvalidInputError(f"--connections must be 1-{MAX_CONNECTIONS}")
        if not self.photo:
            raise InvalidInputError("a load test needs a photo to upload (--photo)")


class RouteFigures(BaseModel):
    """Latency and outcomes of one route."""

    requests: int
    p50_ms: float
    p95_ms: float
    p99_ms: float
    errors: dict[str, int]


class LoadTestReport(BaseModel):
    """The figures of one run."""

    scenario: Scenario
    offered_rps: float
    duration_s: float
    requests: int
    throughput_rps: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    errors_by_status: dict[str, int]
    routes: dict[str, RouteFigures]
    jobs_started: int = 0
    jobs_completed: int = 0
    jobs_failed: int = 0
    jobs_unfinished: int = 0
    job_p50_s: float | None = None
    job_p95_s: float | None = None


def _quantile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q * 100) - 1]


@dataclass
class _Recorder:
    """Every request's route, status (or transport error) and latency."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    outcomes: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    job_times: list[float] = field(default_factory=list)
    job_results: Counter[str] = field(default_factory=Counter)
    jobs_started: int = 0

    async def call(
        self, route: str, send: Callable[[], Awaitable[httpx.Response]]
    ) -> httpx.Response | None:
        start = time.perf_counter()
        try:
            response = await send()
        except httpx.HTTPError as exc:
            self.outcomes[route][type(exc).__name__] += 1
            self.latencies[route].append(time.perf_counter() - start)
            return None
        self.latencies[route].append(time.perf_counter() - start)
        self.outcomes[route][str(response.status_code)] += 1
        return response

    def report(self, plan: LoadTestPlan, elapsed: float) -> LoadTestReport:
        every = [x for values in self.latencies.values() for x in values]
        errors: Counter[str] = Counter()
        routes: dict[str, RouteFigures] = {}
        for route, values in sorted(self.latencies.items()):
            bad = {k: v for k, v in self.outcomes[route].items() if not k.startswith(("2", "3"))}
            errors.update(bad)
            routes[route] = RouteFigures(
                requests=len(values),
                p50_ms=round(_quantile(values, 0.50) * 1000, 2),
                p95_ms=round(_quantile(values, 0.95) * 1000, 2),
                p99_ms=round(_quantile(values, 0.99) * 1000, 2),
                errors=bad,
            )
        jobs = self.job_results
        return LoadTestReport(
            scenario=plan.scenario,
            offered_rps=plan.rps,
            duration_s=round(elapsed, 3),
            requests=len(every),
            throughput_rps=round(len(every) / elapsed, 1) if elapsed else 0.0,
            p50_ms=round(_quantile(every, 0.50) * 1000, 2),
            p95_ms=round(_quantile(every, 0.95) * 1000, 2),
            p99_ms=round(_quantile(every, 0.99) * 1000, 2),
            errors_by_status=dict(errors),
            routes=routes,
            jobs_started=self.jobs_started,
            jobs_completed=jobs["completed"],
            jobs_failed=jobs["failed"],
            jobs_unfinished=self.jobs_started - jobs["completed"] - jobs["failed"],
            job_p50_s=round(_quantile(self.job_times, 0.5), 3) if self.job_times else None,
            job_p95_s=round(_quantile(self.job_times, 0.95), 3) if self.job_times else None,
        )


class LoadTest:
    """Runs one :class:`LoadTestPlan` (``transport`` lets tests run it in process)."""

    def __init__(self, plan: LoadTestPlan, transport: httpx.AsyncBaseTransport | None = None):
        plan.check()
        self.plan = plan
        self._transport = transport
        self._recorder = _Recorder()
        self._headers = {"x-api-key": plan.api_key}

    async def run(self) -> LoadTestReport:
        limits = httpx.Limits(
            max_connections=self.plan.connections, max_keepalive_connections=self.plan.connections
        )
        async with httpx.AsyncClient(
            base_url=self.plan.url.rstrip("/"),
            limits=limits,
            timeout=30.0,
            transport=self._transport,
        ) as client:
            one = await self._status_target(client) if self.plan.scenario == "status" else None
            start = time.perf_counter()
            tasks = await self._offer(client, one)
            pending = [t for t in tasks if not t.done()]
            if pending:
                await asyncio.wait(pending, timeout=self.plan.drain_seconds)
            for task in pending:
                task.cancel()
            elapsed = time.perf_counter() - start
        return self._recorder.report(self.plan, elapsed)

    async def _offer(
        self, client: httpx.AsyncClient, job_id: str | None
    ) -> list[asyncio.Task[None]]:
        """Start one unit of work every ``1/rps`` seconds for ``duration`` seconds."""
        interval = 1.0 / self.plan.rps
        count = max(1, int(self.plan.duration * self.plan.rps))
        loop = asyncio.get_running_loop()
        begin = loop.time()
        tasks: list[asyncio.Task[None]] = []
        for index in range(count):
            delay = begin + index * interval - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
            work = self._status(client, job_id) if job_id else self._job(client)
            tasks.append(asyncio.create_task(work))
        return tasks

    async def _status(self, client: httpx.AsyncClient, job_id: str) -> None:
        await self._recorder.call(
            "GET /status", lambda: client.get(f"/status/{job_id}", headers=self._headers)
        )

    async def _status_target(self, client: httpx.AsyncClient) -> str:
        """A job of this key for the status scenario, its photo uploaded."""
        response = await client.get("/presigned-url", headers=self._headers)
        response.raise_for_status()
        job_id: str = response.json()["job_id"]
        await self._upload(client, response.json())
        return job_id

    async def _job(self, client: httpx.AsyncClient) -> None:
        started = time.perf_counter()
        record = self._recorder
        record.jobs_started += 1
        ticket = await record.call(
            "GET /presigned-url", lambda: client.get("/presigned-url", headers=self._headers)
        )
        if ticket is None or ticket.status_code != 200:
            record.job_results["failed"] += 1
            return
        body = ticket.json()
        uploaded = await self._upload(client, body)
        if uploaded is None or uploaded.status_code >= 300:
            record.job_results["failed"] += 1
            return
        outcome = await self._poll(client, body["job_id"])
        if outcome is None:
            return
        record.job_results[outcome] += 1
        if outcome == "completed":
            await record.call(
                "GET /results",
                lambda: client.get(f"/results/{body['job_id']}", headers=self._headers),
            )
            record.job_times.append(time.perf_counter() - started)

    async def _upload(
        self, client: httpx.AsyncClient, ticket: dict[str, Any]
    ) -> httpx.Response | None:
        fields = {**ticket["upload_fields"], "Content-Type": self.plan.photo_type}
        files = {"file": ("photo", self.plan.photo, self.plan.photo_type)}
        return await self._recorder.call(
            "POST upload", lambda: client.post(ticket["upload_url"], data=fields, files=files)
        )

    async def _poll(self, client: httpx.AsyncClient, job_id: str) -> str | None:
        """The job's final status, or None if it did not end in time."""
        deadline = time.perf_counter() + self.plan.duration + self.plan.drain_seconds
        while time.perf_counter() < deadline:
            response = await self._recorder.call(
                "GET /status", lambda: client.get(f"/status/{job_id}", headers=self._headers)
            )
            if response is not None and response.status_code == 200:
                status = str(response.json().get("status"))
                if status in TERMINAL:
                    return status
            await asyncio.sleep(POLL_INTERVAL)
        return None


def run_load_test(plan: LoadTestPlan) -> LoadTestReport:
    """Run ``plan`` to its end and return the figures."""
    return asyncio.run(LoadTest(plan).run())
