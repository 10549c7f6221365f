"""``petavatar agent …``: serve an agent on the AgentCore contract, or smoke-test a runtime.

* ``petavatar agent serve NAME [--port 8080] [--host 127.0.0.1]`` runs ``petavatar``,
  ``test-agent`` or ``coach-companion`` (``POST /invocations``, ``GET /ping``).
* ``petavatar agent smoke URL [--agent NAME] [--photo PATH]`` runs test-agent's checks
  against a running runtime, prints the pass/fail table and exits 1 on any failure.

strands, bedrock_agentcore and uvicorn are imported only inside the handlers.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from petavatar.entrypoints.cli.service import data_dir_arg, guarded, settings_from_args
from petavatar.errors import InvalidInputError

AGENTS = ("petavatar", "test-agent", "coach-companion")


def _require_extra() -> None:
    try:
        import bedrock_agentcore  # noqa: F401
        import strands  # noqa: F401
    except ImportError as exc:
        raise InvalidInputError(
            f"the agents need the agents extra ({exc.name} is missing): "
            "pip install 'petavatar[agents]'"
        ) from exc


def cmd_serve(args: argparse.Namespace) -> int:
    """Serve one agent until interrupted."""
    _require_extra()
    import uvicorn

    from petavatar.agents.hosting import create_agent_app

    settings = settings_from_args(args, agent_port=args.port)
    host = args.host or settings.host
    app = create_agent_app(args.name, settings)
    app.state.runtime.agent.warm_up()
    print(
        f"{args.name} agent on http://{host}:{settings.agent_port} "
        f"(model: {settings.agent_model}, provider: {settings.provider})",
        file=sys.stderr,
    )
    try:
        uvicorn.run(app, host=host, port=settings.agent_port, log_level="warning", access_log=False)
    finally:
        app.state.runtime.close()
    return 0


def cmd_smoke(args: argparse.Namespace) -> int:
    """Check a running runtime; exit 1 when any check fails."""
    _require_extra()
    import httpx

    from petavatar.agents.test_agent import (
        SmokeRunner,
        all_passed,
        persona_payload,
        render_table,
        sample_photo,
    )
    from petavatar.bootstrap import build_pipeline

    photo = Path(args.photo).read_bytes() if args.photo else sample_photo()
    settings = settings_from_args(args)
    pipeline = build_pipeline(settings)
    try:
        with httpx.Client(base_url=args.url, timeout=httpx.Timeout(args.timeout)) as client:
            runner = SmokeRunner(
                client,
                agent=args.agent,
                photo=photo,
                persona_factory=lambda image: persona_payload(pipeline.run(image)),
                max_latency=args.max_latency,
            )
            results = runner.run()
    finally:
        pipeline.close()
    if args.json:
        print(json.dumps([r.as_dict() for r in results], indent=2))
    else:
        print(f"{runner.agent} at {args.url}")
        print(render_table(results))
    return 0 if all_passed(results) else 1


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``agent serve`` and ``agent smoke`` to the ``petavatar`` CLI."""
    agent = subparsers.add_parser("agent", help="serve or smoke-test the AgentCore agents")
    sub = agent.add_subparsers(dest="agent_command", required=True)

    serve = sub.add_parser("serve", help="serve an agent (POST /invocations, GET /ping)")
    serve.add_argument("name", choices=AGENTS)
    serve.add_argument("--port", type=int, help="port (default: 8080, $PETAVATAR_AGENT_PORT)")
    serve.add_argument("--host", help="address to bind (default: 127.0.0.1)")
    data_dir_arg(serve)
    serve.set_defaults(handler=guarded(cmd_serve))

    smoke = sub.add_parser("smoke", help="check a running agent runtime; exit 1 on failure")
    smoke.add_argument("url", help="the runtime's base URL, e.g. http://127.0.0.1:8080")
    smoke.add_argument("--agent", choices=AGENTS, help="the hosted agent (default: ask /ping)")
    smoke.add_argument("--photo", help="pet photo for the invocation (default: a CC0 cat)")
    smoke.add_argument("--max-latency", type=float, default=30.0, help="seconds (default 30)")
    smoke.add_argument("--timeout", type=float, default=120.0, help="HTTP timeout in seconds")
    smoke.add_argument("--json", action="store_true", help="print the results as JSON")
    data_dir_arg(smoke)
    smoke.set_defaults(handler=guarded(cmd_smoke))
