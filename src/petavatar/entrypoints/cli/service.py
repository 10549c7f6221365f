"""CLI commands for the job service: serve, worker, submit, keys, sweep.

``petavatar.entrypoints.cli.main`` calls :func:`register` with its subparsers; each command's
handler is stored as ``handler`` on the parsed namespace and returns an exit code.
Errors are printed as one line on stderr with a non-zero exit code. Run this
module directly (``python -m petavatar.entrypoints.cli.service worker``) to get the same
commands without the rest of the CLI.
"""

from __future__ import annotations

import argparse
import importlib
import os
import signal
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any

from petavatar.config import Settings
from petavatar.errors import PetAvatarError

if TYPE_CHECKING:
    from petavatar.jobs.pipeline import PersonaPipeline

Handler = Callable[[argparse.Namespace], int]


def settings_from_args(args: argparse.Namespace, **extra: Any) -> Settings:
    """Settings with the command-line values (explicit > environment > default)."""
    extra.setdefault("backend", getattr(args, "backend", None))
    extra.setdefault("stage", getattr(args, "stage", None))
    overrides: dict[str, Any] = {k: v for k, v in extra.items() if v is not None}
    for name in QUEUE_KNOBS:
        value = getattr(args, name, None)
        if value is not None:
            overrides[name] = value
    data_dir = getattr(args, "data_dir", None)
    if data_dir is not None:
        overrides["data_dir"] = Path(data_dir)
    return Settings(**overrides)


def _pipeline_factory(settings: Settings, spec: str | None) -> Callable[[], PersonaPipeline]:
    """The real pipeline, or ``module:callable`` (called with settings) when given."""
    if spec:
        module_name, _, attr = spec.partition(":")
        factory = getattr(importlib.import_module(module_name), attr)
        return lambda: factory(settings)

    def build() -> PersonaPipeline:
        from petavatar.bootstrap import build_job_pipeline

        return build_job_pipeline(settings)

    return build


QUEUE_KNOBS = ("workers", "visibility_timeout", "max_receives")
"""Settings that ``serve`` and ``worker`` take as flags (see :func:`queue_args`)."""


def queue_args(parser: argparse.ArgumentParser, *, default_workers: int) -> None:
    """``--workers``, ``--visibility-timeout`` and ``--max-receives`` with their variables."""
    parser.add_argument(
        "--workers",
        type=int,
        help=f"worker threads (env PETAVATAR_WORKERS; default {default_workers}; 0 = none)",
    )
    parser.add_argument(
        "--visibility-timeout",
        type=int,
        help="seconds a received job stays hidden from other workers before it is "
        "redelivered (env PETAVATAR_VISIBILITY_TIMEOUT; default 900)",
    )
    parser.add_argument(
        "--max-receives",
        type=int,
        help="deliveries before a job's message is dead-lettered and the job failed "
        "(env PETAVATAR_MAX_RECEIVES; default 3)",
    )


def _fail(message: str, code: int = 1) -> int:
    print(f"petavatar: error: {message}", file=sys.stderr)
    return code


# -- commands ---------------------------------------------------------------------------


def cmd_serve(args: argparse.Namespace) -> int:
    """Run the HTTP API with embedded worker threads."""
    from petavatar.entrypoints.http.server import serve

    settings = settings_from_args(args, host=args.host, port=args.port)
    return serve(settings, _pipeline_factory(settings, args.pipeline))


def cmd_worker(args: argparse.Namespace) -> int:
    """Run ``--workers`` worker threads until SIGTERM/SIGINT (finishing the jobs in hand).

    With ``--backend aws`` the upload-event consumer runs beside them.
    """
    from petavatar.bootstrap import build_stack, describe_backend
    from petavatar.jobs.worker import WorkerPool

    settings = settings_from_args(args)
    stack = build_stack(settings)
    pipeline = _pipeline_factory(settings, args.pipeline)()
    count = max(1, settings.workers)
    base = args.name or f"worker-{os.getpid()}"
    names = [base] if count == 1 else [f"{base}-{i}" for i in range(count)]
    pool = WorkerPool([*(stack.worker(pipeline, name=name) for name in names), *stack.event_loops])

    def on_signal(signum: int, frame: FrameType | None) -> None:
        pool.stop_event.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    print(f"PetAvatar worker {base} ×{count} on {describe_backend(settings)}", flush=True)
    pool.start()
    try:
        while not pool.stop_event.wait(0.5):
            pass
        pool.stop(timeout=None)
    finally:
        pipeline.close()
    return 0


def cmd_submit(args: argparse.Namespace) -> int:
    """Submit one photo to a running service and download the results."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from petavatar.entrypoints.http.client import ApiError, PetAvatarClient

    settings = settings_from_args(args, api_key=args.api_key, url=args.url)
    api_key = settings.api_key
    if not api_key:
        return _fail("no API key: pass --api-key or set PETAVATAR_API_KEY", 2)
    photo = Path(args.photo)
    if not photo.is_file():
        return _fail(f"{photo} is not a file", 2)
    hints = {"species": args.species, "breed": args.breed, "pet_name": args.name}
    client = PetAvatarClient(settings.url, api_key)
    try:
        with Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            TextColumn("{task.percentage:>3.0f}%"),
            TimeElapsedColumn(),
            transient=False,
        ) as progress:
            task = progress.add_task("uploading", total=100)

            def on_progress(percent: int, status: str) -> None:
                progress.update(task, completed=percent, description=status)

            result = client.submit(
                photo,
                Path(args.out),
                hints={k: v for k, v in hints.items() if v},
                on_progress=on_progress,
                timeout=args.timeout,
            )
            progress.update(task, completed=100, description="completed")
    except ApiError as exc:
        return _fail(str(exc))
    finally:
        client.close()
    identity = result.results["identity"]
    print(f"{identity['human_name']}, {identity['job_title']} ({identity['seniority']})")
    print(f"avatar:      {result.avatar_path}")
    print(f"report card: {result.report_card_path}")
    print(f"social card: {result.report_card_og_path}")
    print(f"identity:    {result.identity_path}")
    return 0


def cmd_keys(args: argparse.Namespace) -> int:
    """Create, list or revoke API keys, or print the webhook signing key."""
    from petavatar.bootstrap import build_keystore, webhook_secret

    settings = settings_from_args(args)
    if args.keys_command == "webhook-secret":
        print(webhook_secret(settings).hex())
        return 0
    keys = build_keystore(settings)
    if args.keys_command == "create":
        key_id, plain = keys.create(args.label or "")
        print(f"key id: {key_id}")
        print(f"api key (shown once): {plain}")
    elif args.keys_command == "list":
        infos = keys.list()
        if not infos:
            print("no API keys")
        for info in infos:
            state = f"revoked {info.revoked_at}" if info.revoked else "active"
            print(f"{info.key_id}  {info.created_at}  {state}  {info.label}")
    else:
        keys.revoke(args.key_id)
        print(f"revoked {args.key_id}")
    return 0


def cmd_sweep(args: argparse.Namespace) -> int:
    """Delete expired jobs and their files."""
    from petavatar.bootstrap import build_stack

    stack = build_stack(settings_from_args(args))
    total = 0
    while True:
        removed = stack.service.sweep_expired(args.limit)
        total += removed
        if removed < args.limit:
            break
    print(f"removed {total} expired job(s)")
    return 0


# -- registration -------------------------------------------------------------------------


def guarded(handler: Handler) -> Handler:
    def run(args: argparse.Namespace) -> int:
        try:
            return handler(args)
        except PetAvatarError as exc:
            return _fail(exc.message)
        except (OSError, ValueError) as exc:
            return _fail(str(exc))

    run.__doc__ = handler.__doc__
    return run


def data_dir_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data-dir", help="where jobs, uploads and keys live (default: per-user data dir)"
    )
    parser.add_argument(
        "--backend",
        choices=["local", "aws"],
        help="local files and SQLite (default), or a stage's AWS resources",
    )
    parser.add_argument("--stage", help="the AWS stage (with --backend aws)")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add serve, worker, submit, keys and sweep to the ``petavatar`` CLI."""
    serve = subparsers.add_parser("serve", help="run the HTTP API with embedded workers")
    serve.add_argument("--host")
    serve.add_argument("--port", type=int)
    queue_args(serve, default_workers=1)
    data_dir_arg(serve)
    serve.add_argument("--pipeline", help=argparse.SUPPRESS)
    serve.set_defaults(handler=guarded(cmd_serve))

    worker = subparsers.add_parser("worker", help="run a job worker process")
    queue_args(worker, default_workers=1)
    data_dir_arg(worker)
    worker.add_argument("--name", help="worker name for logs")
    worker.add_argument("--pipeline", help=argparse.SUPPRESS)
    worker.set_defaults(handler=guarded(cmd_worker))

    submit = subparsers.add_parser("submit", help="submit a photo to a running service")
    submit.add_argument("photo")
    submit.add_argument("--url", help="the service URL (default: $PETAVATAR_URL or :8000)")
    submit.add_argument("--api-key", help="API key (default: $PETAVATAR_API_KEY)")
    submit.add_argument("--out", default=".", help="output directory")
    submit.add_argument("--species")
    submit.add_argument("--breed")
    submit.add_argument("--name", help="the pet's name")
    submit.add_argument("--timeout", type=float, default=900.0)
    submit.set_defaults(handler=guarded(cmd_submit))

    keys = subparsers.add_parser("keys", help="manage API keys")
    keys_sub = keys.add_subparsers(dest="keys_command", required=True)
    create = keys_sub.add_parser("create", help="create a key (printed once)")
    create.add_argument("--label")
    data_dir_arg(create)
    list_ = keys_sub.add_parser("list", help="list keys")
    data_dir_arg(list_)
    revoke = keys_sub.add_parser("revoke", help="revoke a key")
    revoke.add_argument("key_id")
    data_dir_arg(revoke)
    webhook = keys_sub.add_parser(
        "webhook-secret", help="print the key webhook calls are signed with (HMAC-SHA256)"
    )
    data_dir_arg(webhook)
    keys.set_defaults(handler=guarded(cmd_keys))

    sweep = subparsers.add_parser("sweep", help="delete expired jobs and their files")
    data_dir_arg(sweep)
    sweep.add_argument("--limit", type=int, default=500)
    sweep.set_defaults(handler=guarded(cmd_sweep))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the service commands alone (``python -m petavatar.entrypoints.cli.service …``)."""
    parser = argparse.ArgumentParser(prog="petavatar")
    subparsers = parser.add_subparsers(dest="command", required=True)
    register(subparsers)
    args = parser.parse_args(argv)
    handler: Handler = args.handler
    return handler(args)


if __name__ == "__main__":
    sys.exit(main())
