"""``petavatar ops status|pause|resume|audit`` and ``petavatar cost report``.

Operations commands for a deployed stage (infra/template.yaml). The endpoint, region and
credentials come from boto3's usual chain (``AWS_ENDPOINT_URL`` points them at a moto
server). boto3 is imported only inside the handlers; every failure is one line on stderr
and a non-zero exit (the same guard as ``petavatar aws``).
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from petavatar.config import Settings
from petavatar.entrypoints.cli.aws import guarded

if TYPE_CHECKING:
    from petavatar.ops.resources import StageResources

EXIT_AUDIT_FAILED = 1


def _stage(args: argparse.Namespace) -> tuple[Settings, StageResources, Any]:
    from petavatar.adapters.aws.session import AwsClients
    from petavatar.ops.resources import stage_resources

    settings = Settings(backend="aws", **({"stage": args.stage} if args.stage else {}))
    res = stage_resources(settings.stage, settings.aws_bucket_suffix)
    clients = AwsClients()
    clients.client("sts").get_caller_identity()
    return settings, res, clients


def cmd_status(args: argparse.Namespace) -> int:
    """Alarms in alarm, queue depths and the last hour's jobs of a stage."""
    from petavatar.ops.monitor import render_status, stage_status

    _, res, clients = _stage(args)
    status = stage_status(
        clients.client("cloudwatch"), clients.client("sqs"), res, datetime.now(UTC)
    )
    if args.json:
        print(status.model_dump_json(indent=2))
    else:
        print("\n".join(render_status(status)))
    return 0


def _print_changes(verb: str, stage: str, changes: list[tuple[str, str]], idle: str) -> None:
    if not changes:
        print(f"stage {stage!r} {idle}: nothing changed")
        return
    print(f"{verb} stage {stage!r}:")
    for resource, change in changes:
        print(f"  {resource:<48} {change}")


def cmd_pause(args: argparse.Namespace) -> int:
    """Stop the stage's spending: concurrency 0, queue consumers off, API throttled to 0."""
    from petavatar.ops.pause import StagePauser

    settings, res, clients = _stage(args)
    changes = StagePauser(clients, res, settings.aws_cost_center).pause()
    _print_changes("paused", res.stage, changes, "is already paused")
    return 0


def cmd_resume(args: argparse.Namespace) -> int:
    """Undo exactly what ``ops pause`` changed."""
    from petavatar.ops.pause import StagePauser

    settings, res, clients = _stage(args)
    changes = StagePauser(clients, res, settings.aws_cost_center).resume()
    _print_changes("resumed", res.stage, changes, "is not paused")
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    """Production-readiness checks of the live stage; exit 1 when any fails."""
    from petavatar.ops.audit import render_checks, run_audit

    _, res, clients = _stage(args)
    checks = run_audit(clients, res)
    if args.json:
        print(json.dumps([c.model_dump() for c in checks], indent=2))
    else:
        print("\n".join(render_checks(checks)))
    return EXIT_AUDIT_FAILED if any(not c.passed for c in checks) else 0


def cmd_cost_report(args: argparse.Namespace) -> int:
    """Spend per day and service (Cost Explorer) next to the jobs' metered cost."""
    from petavatar.adapters.aws.dynamodb import DynamoJobStore
    from petavatar.ops.cost import cost_report, render_csv, render_table

    _, res, clients = _stage(args)
    jobs = DynamoJobStore(clients.client("dynamodb"), res.names.table)
    jobs.ping()
    report = cost_report(clients.client("ce"), jobs, res.stage, datetime.now(UTC).date(), args.days)
    if args.json:
        print(json.dumps(report.document(), indent=2))
    elif args.csv:
        sys.stdout.write(render_csv(report))
    else:
        print(f"stage {res.stage!r}, last {args.days} days ({report.currency})")
        print("\n".join(render_table(report)))
    return 0


def _stage_parser(commands: Any, name: str, text: str, handler: Any, json_flag: bool = True) -> Any:
    parser = commands.add_parser(name, help=text)
    parser.add_argument("--stage", help="stage name (default: $PETAVATAR_STAGE)")
    if json_flag:
        parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(handler=guarded(handler))
    return parser


def _days(value: str) -> int:
    days = int(value)
    if not 1 <= days <= 366:
        raise argparse.ArgumentTypeError("--days must be 1-366")
    return days


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``ops status|pause|resume|audit`` and ``cost report`` to the CLI."""
    ops = subparsers.add_parser("ops", help="operate a deployed stage")
    commands = ops.add_subparsers(dest="ops_command", required=True)
    _stage_parser(commands, "status", "alarms, queues and the last hour of a stage", cmd_status)
    _stage_parser(commands, "pause", "stop a stage's spending now", cmd_pause, json_flag=False)
    _stage_parser(commands, "resume", "undo ops pause", cmd_resume, json_flag=False)
    _stage_parser(commands, "audit", "production-readiness checks (exit 1 on a fail)", cmd_audit)
    cost = subparsers.add_parser("cost", help="what a stage costs")
    cost_commands = cost.add_subparsers(dest="cost_command", required=True)
    report = _stage_parser(cost_commands, "report", "spend per day and service", cmd_cost_report)
    report.add_argument("--days", type=_days, default=7, help="days up to today (default 7)")
    report.add_argument("--csv", action="store_true", help="print CSV")
