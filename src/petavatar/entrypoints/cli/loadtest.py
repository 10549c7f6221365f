"""``petavatar loadtest URL``: a bounded, open-loop load test of a running API."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from petavatar.entrypoints.cli.service import guarded, settings_from_args


def _print_table(report: object) -> None:
    from petavatar.ops.loadtest import LoadTestReport

    assert isinstance(report, LoadTestReport)
    print(
        f"{report.scenario}: {report.requests} requests in {report.duration_s:.1f} s "
        f"({report.throughput_rps:g} req/s, offered {report.offered_rps:g}/s) — "
        f"p50 {report.p50_ms:g} ms, p95 {report.p95_ms:g} ms, p99 {report.p99_ms:g} ms"
    )
    print(f"{'route':<20}{'requests':>10}{'p50 ms':>10}{'p95 ms':>10}{'p99 ms':>10}  errors")
    for route, figures in report.routes.items():
        errors = ", ".join(f"{k}×{v}" for k, v in figures.errors.items()) or "-"
        print(
            f"{route:<20}{figures.requests:>10}{figures.p50_ms:>10g}{figures.p95_ms:>10g}"
            f"{figures.p99_ms:>10g}  {errors}"
        )
    if report.scenario == "jobs":
        print(
            f"jobs: {report.jobs_started} started, {report.jobs_completed} completed end to end, "
            f"{report.jobs_failed} failed, {report.jobs_unfinished} unfinished; "
            f"end-to-end p50 {report.job_p50_s} s, p95 {report.job_p95_s} s"
        )


def cmd_loadtest(args: argparse.Namespace) -> int:
    """Run the load test and print its figures; non-zero when any request failed."""
    from petavatar.ops.loadtest import LoadTestPlan, run_load_test
    from petavatar.rendering.formats import sniff_image_format

    settings = settings_from_args(args, api_key=args.api_key)
    if not settings.api_key:
        raise ValueError("no API key: pass --api-key or set PETAVATAR_API_KEY")
    photo = Path(args.photo).read_bytes() if args.photo else b""
    plan = LoadTestPlan(
        url=args.url,
        api_key=settings.api_key,
        rps=args.rps,
        duration=args.duration,
        scenario=args.scenario,
        photo=photo,
        photo_type=sniff_image_format(photo[:64]) or "image/jpeg",
        connections=args.connections,
        drain_seconds=args.drain,
    )
    report = run_load_test(plan)
    if args.json:
        print(json.dumps(report.model_dump(), indent=2))
    else:
        _print_table(report)
    return 1 if report.errors_by_status or report.jobs_unfinished else 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``petavatar loadtest``."""
    load = subparsers.add_parser("loadtest", help="load-test a running API (bounded)")
    load.add_argument("url", help="the API's base URL, e.g. http://127.0.0.1:8000")
    load.add_argument("--rps", type=float, required=True, help="jobs (or requests) per second")
    load.add_argument("--duration", type=float, required=True, help="seconds of offered load")
    load.add_argument("--scenario", choices=("jobs", "status"), default="jobs")
    load.add_argument("--photo", help="the photo each job uploads (jobs scenario)")
    load.add_argument("--api-key", help="API key (default: $PETAVATAR_API_KEY)")
    load.add_argument("--connections", type=int, default=64, help="keep-alive pool size")
    load.add_argument("--drain", type=float, default=60.0, help="seconds to let jobs finish")
    load.add_argument("--json", action="store_true", help="print the figures as JSON")
    load.set_defaults(handler=guarded(cmd_loadtest))
