"""``petavatar jobs``: operators list, inspect, reconcile and redrive jobs.

``list [--status S]`` and ``show ID`` read the job store; ``reconcile`` runs one pass of
the reconciler (dead-lettered jobs failed with a reason, lost messages re-sent);
``redrive`` moves dead letters back to the queue and their jobs back to ``queued``.
"""

from __future__ import annotations

import argparse
import json
from datetime import UTC, datetime
from typing import Any, get_args

from petavatar.entrypoints.cli.service import data_dir_arg, guarded, settings_from_args
from petavatar.ports.jobstore import JobRecord, JobStatus


def _when(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%d %H:%M:%S")


def _row(record: JobRecord) -> str:
    error = f"  {record.error_code}: {record.error_message}" if record.error_code else ""
    return (
        f"{record.job_id}  {record.status:<10} {record.progress:>3}%  "
        f"attempts={record.attempts}  updated {_when(record.updated_at)}{error}"
    )


def cmd_list(args: argparse.Namespace) -> int:
    """List jobs, newest first."""
    from petavatar.bootstrap import build_stack

    stack = build_stack(settings_from_args(args))
    statuses = frozenset(args.status) if args.status else None
    records = stack.jobs.list_jobs(statuses, limit=args.limit)
    if args.json:
        print(json.dumps([_summary(r) for r in records], indent=2))
        return 0
    if not records:
        print("no jobs")
    for record in records:
        print(_row(record))
    counts = stack.queue.depth(), stack.queue.dead_letter_depth()
    print(f"queue: {counts[0]} message(s), dead letters: {counts[1]}")
    return 0


def _summary(record: JobRecord) -> dict[str, Any]:
    return record.model_dump(
        mode="json", exclude={"identity_package", "pet_analysis", "career_profile", "claim_token"}
    )


def cmd_show(args: argparse.Namespace) -> int:
    """Print one job's record as JSON."""
    from petavatar.bootstrap import build_stack

    stack = build_stack(settings_from_args(args))
    record = stack.jobs.get(args.job_id)
    print(json.dumps(record.model_dump(mode="json", exclude={"claim_token"}), indent=2))
    return 0


def cmd_reconcile(args: argparse.Namespace) -> int:
    """One reconciliation pass; prints what changed."""
    from petavatar.bootstrap import build_stack

    report = build_stack(settings_from_args(args)).reconciler.run(args.limit)
    print(
        f"failed (dead-lettered): {len(report.dead_lettered_failed)}, "
        f"re-queued (lost message): {len(report.requeued)}, "
        f"failed (still lost): {len(report.lost_failed)}"
    )
    for job_id in (*report.dead_lettered_failed, *report.requeued, *report.lost_failed):
        print(f"  {job_id}")
    return 0


def cmd_redrive(args: argparse.Namespace) -> int:
    """Dead letters back to the queue, their jobs back to ``queued``."""
    from petavatar.bootstrap import build_stack

    report = build_stack(settings_from_args(args)).reconciler.redrive(args.limit)
    print(f"redrove {report.messages} message(s); reopened {len(report.reopened)} job(s)")
    for job_id in report.reopened:
        print(f"  {job_id}")
    return 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``petavatar jobs list|show|reconcile|redrive``."""
    jobs = subparsers.add_parser("jobs", help="list, inspect, reconcile and redrive jobs")
    sub = jobs.add_subparsers(dest="jobs_command", required=True)
    listing = sub.add_parser("list", help="jobs, newest first")
    listing.add_argument(
        "--status", action="append", choices=get_args(JobStatus), help="repeatable filter"
    )
    listing.add_argument("--limit", type=int, default=50)
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(handler=guarded(cmd_list))
    show = sub.add_parser("show", help="one job's record as JSON")
    show.add_argument("job_id")
    show.set_defaults(handler=guarded(cmd_show))
    reconcile = sub.add_parser(
        "reconcile", help="fail dead-lettered jobs, re-send lost messages (serve does this)"
    )
    reconcile.add_argument("--limit", type=int, default=500)
    reconcile.set_defaults(handler=guarded(cmd_reconcile))
    redrive = sub.add_parser("redrive", help="dead letters back to the queue, jobs to queued")
    redrive.add_argument("--limit", type=int, default=100)
    redrive.set_defaults(handler=guarded(cmd_redrive))
    for parser in (listing, show, reconcile, redrive):
        data_dir_arg(parser)
