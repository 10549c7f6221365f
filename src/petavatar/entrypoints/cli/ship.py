"""``petavatar build`` and ``petavatar deploy|destroy --stage NAME``: ship a stage.

``build`` writes the arm64 Lambda bundles and the agent runtime artefacts into ``dist/``;
``deploy`` uploads them, creates or updates the CloudFormation stack and the AgentCore
runtimes, and smoke-tests them; ``destroy`` removes only what ``deploy`` created. boto3 is
imported only inside the handlers. Every failure is one line on stderr and a non-zero exit.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from petavatar.entrypoints.cli.aws import guarded


def cmd_build(args: argparse.Namespace) -> int:
    """Build the bundles and print their sizes; exit 1 when one is over its limit."""
    from petavatar.ops.build import build, pip_download, render

    fetch = pip_download(Path(args.wheels)) if args.wheels else None
    result = build(Path(args.out), fetch=fetch, bundles=args.bundle or None)
    print(render(result))
    return 0 if result.ok else 1


def cmd_deploy(args: argparse.Namespace) -> int:
    """Deploy a stage (or print the plan with ``--dry-run``)."""
    from petavatar.ops.deploy import deploy_command

    return deploy_command(args.stage, Path(args.out), dry_run=args.dry_run, smoke=not args.no_smoke)


def cmd_destroy(args: argparse.Namespace) -> int:
    """Remove what ``deploy`` created for a stage."""
    from petavatar.ops.deploy import destroy_command

    if not args.yes:
        print(
            f"petavatar: error: destroy removes stage {args.stage!r}; pass --yes to confirm",
            file=sys.stderr,
        )
        return 2
    return destroy_command(args.stage)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``build``, ``deploy`` and ``destroy`` to the ``petavatar`` CLI."""
    build = subparsers.add_parser("build", help="build the arm64 Lambda and agent artefacts")
    build.add_argument(
        "--stage", help="accepted for symmetry: the artefacts are the same for every stage"
    )
    build.add_argument("--out", default="dist", help="output folder (default: dist/)")
    build.add_argument(
        "--bundle", action="append", help="build only this bundle (repeatable): api, ..."
    )
    build.add_argument("--wheels", help="take wheels from this folder only (offline)")
    build.set_defaults(handler=guarded(cmd_build, "ops"))
    deploy = subparsers.add_parser("deploy", help="deploy a stage from dist/")
    deploy.add_argument("--stage", required=True, choices=("test", "prod"))
    deploy.add_argument("--out", default="dist", help="artefact folder (default: dist/)")
    deploy.add_argument("--dry-run", action="store_true", help="print the plan, change nothing")
    deploy.add_argument("--no-smoke", action="store_true", help="skip the test-agent smoke")
    deploy.set_defaults(handler=guarded(cmd_deploy, "ops"))
    destroy = subparsers.add_parser("destroy", help="remove what deploy created for a stage")
    destroy.add_argument("--stage", required=True)
    destroy.add_argument("--yes", action="store_true", help="confirm the removal")
    destroy.set_defaults(handler=guarded(cmd_destroy, "ops"))
