"""Agent runtime latency: ``/invocations`` p50/p95 for petavatar and coach-companion turns.

Starts ``petavatar agent serve petavatar`` and ``… coach-companion`` as real processes
on free loopback ports (offline model, offline provider), warms each up, then:

* petavatar: full personas from the CC0 scikit-image cat at 1, 10 and 50 concurrent
  clients (``--requests`` per level, default 10 / 30 / 50);
* coach-companion: 1 and 10 concurrent sessions, each a 6-turn scripted conversation on
  a finished job (made first with the real pipeline and worker in the same data dir).

Prints one line per level: requests, errors, p50, p95, max and throughput. The target
from the issue is p95 < 2 s at 10 concurrent clients on 2 cores; the machine is shared,
so the load average at the start and end is printed beside the figures.

    .venv/bin/python bench/agents_bench.py [--levels 1,10,50] [--coach-levels 1,10]
"""

from __future__ import annotations

import argparse
import base64
import concurrent.futures
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from petavatar.agents.test_agent import sample_photo
from petavatar.bootstrap import build_pipeline, build_stack
from petavatar.config import Settings
from petavatar.jobs.keys import upload_prefix

SESSION_HEADER = "X-Amzn-Bedrock-AgentCore-Runtime-Session-Id"
COACH_SCRIPT = (
    "Why this career?",
    "Can you find her something more creative?",
    "Make her a bit more senior.",
    "Rewrite the bio to be funnier.",
    "Actually, make it shorter.",
    "Try a career in healthcare instead.",
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def served(name: str, data_dir: Path) -> Iterator[str]:
    port = free_port()
    env = {**os.environ, "PETAVATAR_DATA_DIR": str(data_dir)}
    process = subprocess.Popen(
        [sys.executable, "-m", "petavatar.entrypoints.cli.main", "agent", "serve", name,
         "--port", str(port)],
        env=env,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{url}/ping", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(30)


def finished_job(settings: Settings, photo: bytes) -> str:
    pipeline = build_pipeline(settings)
    stack = build_stack(settings, pipeline=pipeline)
    ticket = stack.service.create_upload()
    key = f"{upload_prefix(ticket.job_id)}image.jpg"
    stack.blobs.put_bytes(key, photo, "image/jpeg")
    stack.service.start_processing(stack.blobs.uri(key))
    stack.worker().run_once()
    pipeline.close()
    return ticket.job_id


def report(label: str, latencies: list[float], errors: int, wall: float) -> None:
    ordered = sorted(latencies)
    if not ordered:
        print(f"{label:<34} no successful requests, {errors} errors")
        return
    p95 = ordered[min(len(ordered) - 1, round(0.95 * len(ordered)) - 1)]
    print(
        f"{label:<34} n={len(ordered):>4} err={errors:>3}  p50={statistics.median(ordered):6.3f}s"
        f"  p95={p95:6.3f}s  max={ordered[-1]:6.3f}s  {len(ordered) / wall:6.2f} req/s"
    )


def run_level(
    clients: int, jobs: list[Callable[[httpx.Client], list[float]]]
) -> tuple[list[float], int, float]:
    latencies: list[float] = []
    errors = 0
    start = time.perf_counter()
    limits = httpx.Limits(max_connections=clients + 4)
    with (
        httpx.Client(timeout=600, limits=limits) as client,
        concurrent.futures.ThreadPoolExecutor(clients) as pool,
    ):
        for future in concurrent.futures.as_completed([pool.submit(j, client) for j in jobs]):
            try:
                latencies += future.result()
            except (httpx.HTTPError, AssertionError):
                errors += 1
    return latencies, errors, time.perf_counter() - start


def persona_job(url: str, image: str) -> Callable[[httpx.Client], list[float]]:
    def call(client: httpx.Client) -> list[float]:
        start = time.perf_counter()
        response = client.post(f"{url}/invocations", json={"image_base64": image})
        assert response.status_code == 200, response.text[:200]
        return [time.perf_counter() - start]

    return call


def coach_job(url: str, job_id: str, index: int) -> Callable[[httpx.Client], list[float]]:
    def call(client: httpx.Client) -> list[float]:
        headers = {SESSION_HEADER: f"bench-session-{index:04d}-{time.time_ns()}".ljust(40, "0")}
        turns = []
        for number, prompt in enumerate(COACH_SCRIPT):
            payload = {"prompt": prompt, **({"job_id": job_id} if number == 0 else {})}
            start = time.perf_counter()
            response = client.post(f"{url}/invocations", json=payload, headers=headers)
            assert response.status_code == 200, response.text[:200]
            turns.append(time.perf_counter() - start)
        return turns

    return call


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--levels", default="1,10,50")
    parser.add_argument("--requests", default="10,30,50", help="requests per petavatar level")
    parser.add_argument("--coach-levels", default="1,10")
    args = parser.parse_args()
    photo = sample_photo()
    assert photo is not None, "scikit-image is needed for the sample photo"
    image = base64.b64encode(photo).decode()
    print(f"cpus={os.cpu_count()} load(1,5,15)={os.getloadavg()} (shared machine)")
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp)
        with served("petavatar", data_dir) as url:
            run_level(1, [persona_job(url, image)] * 2)
            for level, count in zip(
                map(int, args.levels.split(",")), map(int, args.requests.split(",")), strict=True
            ):
                lat, err, wall = run_level(level, [persona_job(url, image)] * count)
                report(f"petavatar  clients={level}", lat, err, wall)
        job_id = finished_job(Settings(data_dir=data_dir), photo)
        with served("coach-companion", data_dir) as url:
            run_level(1, [coach_job(url, job_id, 9999)])
            for level in map(int, args.coach_levels.split(",")):
                jobs = [coach_job(url, job_id, i) for i in range(level)]
                lat, err, wall = run_level(level, jobs)
                report(f"coach turns  sessions={level}", lat, err, wall)
    print(f"load(1,5,15)={os.getloadavg()} at the end")


if __name__ == "__main__":
    main()
