"""Benchmark the job service through its HTTP API on loopback, beside its peers.

Starts ``petavatar serve`` as a subprocess (free loopback port, temporary data
dir, an API key made with ``petavatar keys create`` first), waits for
``/ready``, measures, and always stops the server (SIGTERM, then kill).

1. ``GET /status/{job_id}`` at 200 and 1,000 concurrent connections (errors,
   p50, p99, req/s), petavatar beside the "floor": a one-route FastAPI app
   (``bench/floor_app.py``) reading the same SQLite row under the same uvicorn
   settings, alternating runs. wrk with a Lua script when ``wrk`` is installed
   (``apt-get install wrk``), else an asyncio httpx client. Targets: throughput
   ≥ 0.8× the floor's, p99 ≤ 1.3× the floor's.
2. A no-op job round trip (``bench/noop_pipeline.py``: a real result built once,
   returned for every job): presign → S3-style upload of a small PNG → the
   upload event queues the job → the embedded worker completes it, one job at a
   time, beside Celery 5 + Redis doing ``noop.delay(png).get()``
   (``bench/celery_peer.py``; skipped with a message unless ``redis-server`` and
   celery are installed: ``apt-get install redis-server`` and
   ``pip install -e '.[bench]'``). Target: ≤ 2× Celery's round trip. Concurrent
   submission gives the aggregate throughput. ``--attribute-fsync`` repeats it
   under ``eatmydata`` (fsync a no-op: NOT durable) to show what fsync costs.
3. End to end with the real pipeline: a 12 MP JPEG through presign → upload →
   poll → results → download both PNGs, p50 of a few runs.

Every loop is bounded in count and time. The machine may be shared: run it a
few times and compare the alternating runs, not single figures.

    .venv/bin/python bench/service_bench.py [--duration 10 --reps 3 --jobs 200]
"""

from __future__ import annotations

import argparse
import asyncio
import concurrent.futures
import io
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import numpy as np
from PIL import Image

from petavatar.entrypoints.http.client import PetAvatarClient

BENCH_DIR = Path(__file__).resolve().parent
NOOP_PIPELINE = "noop_pipeline:noop_pipeline"


def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(np.asarray(values), q))


def small_png() -> bytes:
    """A 64×64 PNG, the upload of every no-op job."""
    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), (200, 120, 40)).save(buffer, "PNG")
    return buffer.getvalue()


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def petavatar_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "petavatar.entrypoints.cli.main", *args]


def create_key(data_dir: Path) -> str:
    out = subprocess.run(
        petavatar_cmd("keys", "create", "--label", "bench", "--data-dir", str(data_dir)),
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout
    match = re.search(r"api key \(shown once\): (\S+)", out)
    if not match:
        raise RuntimeError(f"no API key in the output of `petavatar keys create`: {out!r}")
    return match.group(1)


@dataclass
class Server:
    url: str
    key: str
    process: subprocess.Popen[bytes]
    log_path: Path


@contextmanager
def running_process(
    cmd: list[str], url: str, log_path: Path, ready_timeout: float = 120.0
) -> Iterator[subprocess.Popen[bytes]]:
    """``cmd`` in a subprocess until ``{url}/ready`` answers 200; stopped (SIGTERM, then kill)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(BENCH_DIR), env.get("PYTHONPATH")]))
    with log_path.open("wb") as log:
        process = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env)
    try:
        deadline = time.monotonic() + ready_timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"{cmd[2]} exited early ({process.returncode}); see {log_path}")
            try:
                if httpx.get(f"{url}/ready", timeout=1.0).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"{url} not ready within {ready_timeout:.0f} s")
            time.sleep(0.1)
        yield process
    finally:
        stop(process)


def stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM, then kill after 20 s."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@contextmanager
def running_server(
    data_dir: Path,
    key: str,
    *,
    workers: int,
    pipeline: str | None,
    ready_timeout: float = 120.0,
    wrapper: tuple[str, ...] = (),
) -> Iterator[Server]:
    """``petavatar serve`` in a subprocess on a free loopback port (under ``wrapper``)."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    serve = ("serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers))
    cmd = [*wrapper, *petavatar_cmd(*serve)]
    cmd += ["--data-dir", str(data_dir)]
    if pipeline:
        cmd += ["--pipeline", pipeline]
    log_path = data_dir / f"serve-{port}.log"
    with running_process(cmd, url, log_path, ready_timeout) as process:
        yield Server(url, key, process, log_path)


@contextmanager
def running_floor(data_dir: Path, key: str) -> Iterator[Server]:
    """``bench/floor_app.py`` over the same ``jobs.sqlite3``, same uvicorn settings."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    cmd = [sys.executable, str(BENCH_DIR / "floor_app.py"), "--port", str(port)]
    cmd += ["--db", str(data_dir / "jobs.sqlite3")]
    log_path = data_dir / f"floor-{port}.log"
    with running_process(cmd, url, log_path) as process:
        yield Server(url, key, process, log_path)


# -- helpers over the API ---------------------------------------------------------------


def upload_bytes(client: PetAvatarClient, http: httpx.Client, data: bytes, name: str) -> str:
    """presign → S3-style POST of ``data``; returns the job id (the upload event queues it)."""
    ticket = client.presign()
    content_type = "image/png" if name.endswith(".png") else "image/jpeg"
    fields = {**ticket["upload_fields"], "Content-Type": content_type}
    response = http.post(
        ticket["upload_url"], data=fields, files={"file": (name, data, content_type)}
    )
    if response.status_code != 204:
        raise RuntimeError(f"upload failed: {response.status_code} {response.text[:200]}")
    return str(ticket["job_id"])


def wait_completed(client: PetAvatarClient, job_id: str, timeout: float) -> dict[str, Any]:
    return client.wait(job_id, poll_interval=0.002, timeout=timeout)


# -- 1. GET /status ---------------------------------------------------------------------


@dataclass
class LoadResult:
    generator: str
    requests: int
    errors: int
    seconds: float
    p50_ms: float
    p99_ms: float

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


_WRK_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _wrk_ms(text: str, label: str) -> float:
    match = re.search(rf"^\s*{re.escape(label)}\s+([\d.]+)(us|ms|s|m)\s*$", text, re.MULTILINE)
    if not match:
        raise RuntimeError(f"no {label} in wrk output:\n{text}")
    return float(match.group(1)) * _WRK_UNITS[match.group(2)]


def status_load_wrk(
    server: Server, path: str, concurrency: int, duration: float, workdir: Path
) -> LoadResult:
    script = workdir / "status.lua"
    lua = f'wrk.method = "GET"\nwrk.path = "{path}"\nwrk.headers["x-api-key"] = "{server.key}"\n'
    script.write_text(lua, encoding="utf-8")
    cmd = ["wrk", "-t1", f"-c{concurrency}", f"-d{max(1, round(duration))}s", "--latency"]
    cmd += ["--timeout", "5s", "-s", str(script), server.url]
    text = subprocess.run(
        cmd, check=True, capture_output=True, text=True, timeout=duration + 60
    ).stdout
    total = re.search(r"(\d+) requests in ([\d.]+)(us|ms|s|m)", text)
    if not total:
        raise RuntimeError(f"cannot parse wrk output:\n{text}")
    seconds = float(total.group(2)) * _WRK_UNITS[total.group(3)] / 1000
    errors = 0
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    if non2xx:
        errors += int(non2xx.group(1))
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    if sock:
        errors += sum(int(g) for g in sock.groups())
    return LoadResult(
        "wrk (1 thread, Lua script sets x-api-key)",
        int(total.group(1)),
        errors,
        seconds,
        _wrk_ms(text, "50%"),
        _wrk_ms(text, "99%"),
    )


def status_load_httpx(
    server: Server, path: str, concurrency: int, total: int, duration: float
) -> LoadResult:
    async def run() -> LoadResult:
        latencies: list[float] = []
        errors = 0
        remaining = total
        deadline = time.perf_counter() + duration
        headers = {"x-api-key": server.key}
        # One single-connection client per simulated client: one shared pool of 200
        # connections costs httpx far more CPU per request than the server spends.
        limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)

        async def one_client() -> None:
            nonlocal remaining, errors
            async with httpx.AsyncClient(
                base_url=server.url, limits=limits, timeout=10.0
            ) as client:
                while remaining > 0 and time.perf_counter() < deadline:
                    remaining -= 1
                    start = time.perf_counter()
                    try:
                        response = await client.get(path, headers=headers)
                        ok = response.status_code == 200
                    except httpx.HTTPError:
                        ok = False
                    latencies.append(time.perf_counter() - start)
                    errors += 0 if ok else 1

        start = time.perf_counter()
        await asyncio.gather(*(one_client() for _ in range(concurrency)))
        seconds = time.perf_counter() - start
        ms = [x * 1000 for x in latencies]
        return LoadResult(
            "asyncio httpx (one process; it shares the 2 cores with the server)",
            len(latencies),
            errors,
            seconds,
            percentile(ms, 50),
            percentile(ms, 99),
        )

    return asyncio.run(run())


def bench_status(server: Server, args: argparse.Namespace, workdir: Path) -> None:
    """``GET /status`` of petavatar beside the floor app, alternating, a few repetitions."""
    client = PetAvatarClient(server.url, server.key)
    with httpx.Client(timeout=30.0) as http:
        job_id = upload_bytes(client, http, small_png(), "original.png")
    wait_completed(client, job_id, timeout=60.0)
    client.close()
    path = f"/status/{job_id}"
    use_wrk = args.generator == "wrk" or (args.generator == "auto" and shutil.which("wrk"))
    data_dir = workdir / "data"

    def load(target: Server, concurrency: int, duration: float) -> LoadResult:
        if use_wrk:
            return status_load_wrk(target, path, concurrency, duration, workdir)
        return status_load_httpx(target, path, concurrency, args.requests, duration)

    results: dict[tuple[str, int], list[LoadResult]] = {}
    with running_floor(data_dir, server.key) as floor:
        for target in (server, floor):
            load(target, 50, 2)  # warm-up
        for concurrency in args.status_concurrency:
            for _ in range(args.reps):
                for name, target in (("petavatar", server), ("floor", floor)):
                    result = load(target, concurrency, args.duration)
                    results.setdefault((name, concurrency), []).append(result)
    generator = next(iter(results.values()))[0].generator
    print("\n1. GET /status/{job_id}: petavatar beside the one-route FastAPI floor")
    print(f"   generator: {generator}; {args.reps} alternating runs of {args.duration:.0f} s each")
    print(f"   {'app':10} {'conns':>5} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} {'errors':>6}")
    for (name, concurrency), runs in results.items():
        for run in runs:
            print(
                f"   {name:10} {concurrency:>5} {run.rps:>8,.0f} {run.p50_ms:>7.1f} "
                f"{run.p99_ms:>7.1f} {run.errors:>6}"
            )
    for concurrency in args.status_concurrency:
        ours, floor_runs = results[("petavatar", concurrency)], results[("floor", concurrency)]
        rps = statistics.median(r.rps for r in ours) / statistics.median(r.rps for r in floor_runs)
        p99 = statistics.median(r.p99_ms for r in ours) / statistics.median(
            r.p99_ms for r in floor_runs
        )
        verdict = "met" if rps >= 0.8 and p99 <= 1.3 else "NOT met"
        print(
            f"   {concurrency} connections, medians: throughput {rps:.2f}× the floor "
            f"(target ≥ 0.8), p99 {p99:.2f}× (target ≤ 1.3): {verdict}"
        )


# -- 2. job overhead (no-op pipeline) ---------------------------------------------------------


def bench_jobs(
    server: Server, args: argparse.Namespace, peer: list[float] | str, label: str = ""
) -> None:
    png = small_png()
    client = PetAvatarClient(server.url, server.key)
    http = httpx.Client(timeout=30.0)
    try:
        # a) one job at a time: submit (presign start, client clock) → completed (server clock)
        sequential: list[float] = []
        queued_to_done: list[float] = []
        uploads: list[float] = []
        for _ in range(args.sequential_jobs):
            t0 = time.time()
            job_id = upload_bytes(client, http, png, "original.png")
            uploads.append(time.time() - t0)
            status = wait_completed(client, job_id, timeout=30.0)
            sequential.append(float(status["updated_at"]) - t0)
            queued_to_done.append(float(status["updated_at"]) - float(status["created_at"]))

        # b) N jobs submitted by a few concurrent clients, then wait for all of them
        submit_threads = args.submitters
        local = threading.local()

        def submit_one(_: int) -> str:
            if not hasattr(local, "http"):
                local.http = httpx.Client(timeout=30.0)
                local.client = PetAvatarClient(server.url, server.key, client=local.http)
            return upload_bytes(local.client, local.http, png, "original.png")

        start = time.time()
        with concurrent.futures.ThreadPoolExecutor(submit_threads) as pool:
            job_ids = list(pool.map(submit_one, range(args.jobs)))
        submitted = time.time()
        finished: dict[str, float] = {}
        deadline = time.monotonic() + 120.0
        pending = list(job_ids)
        while pending and time.monotonic() < deadline:
            still = []
            for job_id in pending:
                status = client.status(job_id)
                if status["status"] == "completed":
                    finished[job_id] = float(status["updated_at"])
                elif status["status"] == "failed":
                    raise RuntimeError(f"job {job_id} failed: {status.get('error')}")
                else:
                    still.append(job_id)
            pending = still
            if pending:
                time.sleep(0.05)
        if pending:
            raise RuntimeError(f"{len(pending)} job(s) not completed within 120 s")
    finally:
        http.close()
        client.close()

    span = max(finished.values()) - start
    jobs_per_s = len(finished) / span
    ms_per_job = 1000 / jobs_per_s
    seq_p50 = statistics.median(sequential) * 1000
    print(f"\n2. Job overhead, no-op pipeline, {args.workers} embedded worker(s){label}")
    print(
        f"   one at a time ({args.sequential_jobs} jobs): submit → completed p50 {seq_p50:.1f} ms, "
        f"p95 {percentile(sequential, 95) * 1000:.1f} ms "
        f"(presign+upload p50 {statistics.median(uploads) * 1000:.1f} ms, "
        f"queued → completed p50 {statistics.median(queued_to_done) * 1000:.1f} ms)"
    )
    print(
        f"   {args.jobs} jobs from {submit_threads} concurrent submitters: all submitted in "
        f"{submitted - start:.2f} s, all completed in {span:.2f} s "
        f"→ {jobs_per_s:.0f} jobs/s = {ms_per_job:.1f} ms per job (target ≤ 10 ms)"
    )
    if isinstance(peer, str):
        print(f"   Celery 5 + Redis: skipped ({peer})")
        return
    peer_p50 = statistics.median(peer) * 1000
    ratio = seq_p50 / peer_p50
    print(
        f"   Celery 5 + Redis, same PNG, one at a time ({len(peer)} jobs): delay → get p50 "
        f"{peer_p50:.1f} ms, p95 {percentile(peer, 95) * 1000:.1f} ms"
    )
    print(f"   round trip {ratio:.2f}× Celery's (target ≤ 2): {'met' if ratio <= 2 else 'NOT met'}")


@contextmanager
def celery_peer(workdir: Path) -> Iterator[str]:
    """A private ``redis-server`` and a solo Celery worker; yields the broker URL."""
    port = free_port()
    broker = f"redis://127.0.0.1:{port}/0"
    redis = subprocess.Popen(
        ["redis-server", "--port", str(port), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    env = {**os.environ, "CELERY_BROKER": broker}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(BENCH_DIR), env.get("PYTHONPATH")]))
    cmd = [sys.executable, "-m", "celery", "-A", "celery_peer", "worker", "--pool", "solo"]
    cmd += ["--loglevel", "WARNING", "--without-gossip", "--without-mingle", "--without-heartbeat"]
    with (workdir / "celery.log").open("wb") as log:
        worker = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        yield broker
    finally:
        stop(worker)
        stop(redis)


def celery_round_trips(count: int, payload: bytes) -> list[float] | str:
    """Seconds per ``noop.delay(payload).get()``, one at a time; a reason when skipped."""
    if shutil.which("redis-server") is None:
        return "redis-server is not installed (apt-get install redis-server)"
    try:
        import celery  # noqa: F401
    except ImportError:
        return "celery is not installed (pip install -e '.[bench]')"
    with (
        tempfile.TemporaryDirectory(prefix="petavatar-celery-") as tmp,
        celery_peer(Path(tmp)) as broker,
    ):
        os.environ["CELERY_BROKER"] = broker
        sys.path.insert(0, str(BENCH_DIR))
        from celery_peer import app, noop

        app.conf.broker_url = app.conf.result_backend = broker
        noop.delay(payload).get(timeout=60)  # warm-up: the worker is up
        times = []
        for _ in range(count):
            t0 = time.perf_counter()
            noop.delay(payload).get(timeout=30)
            times.append(time.perf_counter() - t0)
        return times


# -- 3. end to end, real pipeline ------------------------------------------------------------------


def bench_end_to_end(server: Server, args: argparse.Namespace, workdir: Path) -> None:
    if args.photo:
        photo = Path(args.photo)
    else:
        sys.path.insert(0, str(BENCH_DIR))
        from pipeline_bench import twelve_megapixel_jpeg

        photo = workdir / "twelve-mp.jpg"
        photo.write_bytes(twelve_megapixel_jpeg())
    out = workdir / "e2e-out"
    client = PetAvatarClient(server.url, server.key, timeout=120.0)
    runs: list[dict[str, float]] = []
    try:
        for i in range(args.e2e_runs + 1):  # the first run is a warm-up
            t0 = time.perf_counter()
            ticket = client.presign()
            job_id = str(ticket["job_id"])
            client.upload(ticket, photo)
            t_upload = time.perf_counter()
            client.wait(job_id, poll_interval=0.02, timeout=120.0)
            t_done = time.perf_counter()
            results = client.results(job_id)
            client.download(results["avatar_url"], out / f"{job_id}-avatar.png")
            client.download(results["report_card_url"], out / f"{job_id}-card.png")
            t_end = time.perf_counter()
            if i > 0:
                runs.append(
                    {
                        "total": t_end - t0,
                        "upload": t_upload - t0,
                        "process": t_done - t_upload,
                        "download": t_end - t_done,
                    }
                )
    finally:
        client.close()

    def p50(name: str) -> float:
        return statistics.median(r[name] for r in runs) * 1000

    size_mb = photo.stat().st_size / 1e6
    print(f"\n3. End to end, real pipeline, {size_mb:.1f} MB 12 MP JPEG, {len(runs)} runs")
    print(
        f"   presign → upload → poll → results → download: p50 {p50('total'):.0f} ms, "
        f"max {max(r['total'] for r in runs) * 1000:.0f} ms"
    )
    print(
        f"   (p50 parts: presign+upload {p50('upload'):.0f} ms, processing seen by polling "
        f"{p50('process'):.0f} ms, results+downloads {p50('download'):.0f} ms)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=20_000, help="httpx generator cap")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per /status run")
    parser.add_argument("--status-concurrency", type=int, nargs="+", default=[200, 1000])
    parser.add_argument("--reps", type=int, default=3, help="alternating /status runs per app")
    parser.add_argument("--generator", choices=["auto", "wrk", "httpx"], default="auto")
    parser.add_argument("--jobs", type=int, default=200)
    parser.add_argument("--sequential-jobs", type=int, default=50)
    parser.add_argument("--submitters", type=int, default=4)
    parser.add_argument("--workers", type=int, default=1, help="embedded worker threads")
    parser.add_argument("--e2e-runs", type=int, default=3)
    parser.add_argument("--photo", help="a photo for the end-to-end runs (default: 12 MP cat)")
    parser.add_argument("--skip", action="append", default=[], choices=["status", "jobs", "e2e"])
    parser.add_argument(
        "--attribute-fsync",
        action="store_true",
        help="also run the job round trip under eatmydata (fsync a no-op) to show its share",
    )
    args = parser.parse_args()

    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPU(s), server log level INFO")
    with tempfile.TemporaryDirectory(prefix="petavatar-bench-") as tmp:
        workdir = Path(tmp)
        data_dir = workdir / "data"
        data_dir.mkdir()
        key = create_key(data_dir)
        peer: list[float] | str = "not measured"
        if "jobs" not in args.skip:
            peer = celery_round_trips(args.sequential_jobs, small_png())
        if not {"status", "jobs"} <= set(args.skip):
            with running_server(data_dir, key, workers=args.workers, pipeline=NOOP_PIPELINE) as s:
                if "status" not in args.skip:
                    bench_status(s, args, workdir)
                if "jobs" not in args.skip:
                    bench_jobs(s, args, peer)
        if "jobs" not in args.skip and args.attribute_fsync and shutil.which("eatmydata"):
            # Attribution only: the same server with fsync made a no-op (durability off).
            with running_server(
                data_dir, key, workers=args.workers, pipeline=NOOP_PIPELINE, wrapper=("eatmydata",)
            ) as s:
                bench_jobs(s, args, peer, " — fsync disabled by eatmydata, NOT durable")
        if "e2e" not in args.skip:
            with running_server(data_dir, key, workers=1, pipeline=None) as s:
                bench_end_to_end(s, args, workdir)


if __name__ == "__main__":
    main()
