"""``petavatar aws provision|destroy --stage NAME``: a stage's data-plane resources on AWS.

The endpoint, region and credentials come from boto3's usual chain (``AWS_ENDPOINT_URL``
points it at a moto server). boto3 is imported only inside the handlers. Every failure is
one line on stderr and a non-zero exit.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from petavatar.config import Settings
from petavatar.errors import PetAvatarError

if TYPE_CHECKING:
    from petavatar.adapters.aws.provision import Report

Handler = Callable[[argparse.Namespace], int]


def _settings(args: argparse.Namespace) -> Settings:
    return Settings(backend="aws", **({"stage": args.stage} if args.stage else {}))


def _print_report(report: Report) -> None:
    for action, resource in report:
        print(f"{action:<10} {resource}")


def cmd_provision(args: argparse.Namespace) -> int:
    """Create (or update) the stage's buckets, table, queues, notification and secret."""
    from petavatar.adapters.aws.naming import stage_names
    from petavatar.adapters.aws.provision import StageSpec, provision
    from petavatar.adapters.aws.session import AwsClients

    settings = _settings(args)
    spec = StageSpec(
        names=stage_names(settings.stage, settings.aws_bucket_suffix),
        cost_center=args.cost_center or settings.aws_cost_center,
        cors_origins=tuple(settings.cors_origins) or ("*",),
        visibility_timeout=settings.visibility_timeout,
        max_receives=settings.max_receives,
    )
    clients = AwsClients()
    print(f"provisioning stage {spec.names.stage!r} in {clients.region}")
    _print_report(provision(clients, spec))
    return 0


def cmd_destroy(args: argparse.Namespace) -> int:
    """Delete the stage's resources (only those tagged for it) and everything in them."""
    from petavatar.adapters.aws.naming import stage_names
    from petavatar.adapters.aws.provision import destroy
    from petavatar.adapters.aws.session import AwsClients

    settings = _settings(args)
    names = stage_names(settings.stage, settings.aws_bucket_suffix)
    if not args.yes:
        print(
            f"petavatar: error: destroy deletes stage {names.stage!r} and all its data; "
            "pass --yes to confirm",
            file=sys.stderr,
        )
        return 2
    clients = AwsClients()
    print(f"destroying stage {names.stage!r} in {clients.region}")
    _print_report(destroy(clients, names))
    return 0


def _guarded(handler: Handler) -> Handler:
    def run(args: argparse.Namespace) -> int:
        try:
            return handler(args)
        except ImportError as exc:
            print(
                f"petavatar: error: the aws commands need the aws extra "
                f"(pip install 'petavatar[aws]'): {exc}",
                file=sys.stderr,
            )
            return 1
        except PetAvatarError as exc:
            print(f"petavatar: error: {exc.message}", file=sys.stderr)
            return 1
        except Exception as exc:  # a botocore error no adapter translated
            from petavatar.adapters.aws.errors import translate

            print(f"petavatar: error: {translate(exc, 'aws').message}", file=sys.stderr)
            return 1

    run.__doc__ = handler.__doc__
    return run


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``aws provision`` and ``aws destroy`` to the ``petavatar`` CLI."""
    aws = subparsers.add_parser("aws", help="provision or destroy a stage on AWS")
    commands = aws.add_subparsers(dest="aws_command", required=True)
    provision = commands.add_parser("provision", help="create a stage's resources (idempotent)")
    provision.add_argument("--stage", help="stage name (default: $PETAVATAR_STAGE)")
    provision.add_argument("--cost-center", help="cost-center tag (default: petavatar)")
    provision.set_defaults(handler=_guarded(cmd_provision))
    destroy = commands.add_parser("destroy", help="delete a stage's resources and data")
    destroy.add_argument("--stage", help="stage name (default: $PETAVATAR_STAGE)")
    destroy.add_argument("--yes", action="store_true", help="confirm the deletion")
    destroy.set_defaults(handler=_guarded(cmd_destroy))
