"""Live smoke test: one photo through Bedrock or an OpenAI-compatible server, for real.

    python scripts/live_provider_smoke.py bedrock [photo.jpg]
    OPENAI_BASE_URL=http://127.0.0.1:11434/v1 PETAVATAR_OPENAI_CHAT_MODEL=qwen2.5vl \\
        python scripts/live_provider_smoke.py openai [photo.jpg]

It is skipped (exit 0, "skipped: …") when no AWS credentials, or no OpenAI key
or base URL, are configured, so CI can run it unconditionally. It prints the
persona, which provider/model made each part, and the job's cost; a failure is
one line on stderr and exit status 1. Model ids and regions come from the
usual PETAVATAR_* settings (see README "Cloud providers").
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path


def _bedrock_ready() -> str | None:
    import boto3

    if boto3.Session().get_credentials() is None:
        return "no AWS credentials configured"
    return None


def _openai_ready(base_url: str | None) -> str | None:
    from openai import OpenAI, OpenAIError

    if base_url:
        return None
    try:
        OpenAI()
    except OpenAIError:
        if str(OpenAI(api_key="probe").base_url).startswith("https://api.openai.com"):
            return "neither OPENAI_API_KEY nor OPENAI_BASE_URL is set"
    return None


def _photo(path: str | None) -> bytes:
    if path:
        return Path(path).read_bytes()
    from PIL import Image
    from skimage import data

    out = io.BytesIO()
    Image.fromarray(data.chelsea()).save(out, format="JPEG", quality=92)
    return out.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("provider", choices=["bedrock", "openai"])
    parser.add_argument("photo", nargs="?", help="default: scikit-image's CC0 cat photo")
    args = parser.parse_args()

    from petavatar.bootstrap import build_pipeline
    from petavatar.config import Settings
    from petavatar.errors import PetAvatarError
    from petavatar.observability.logs import configure_logging

    configure_logging("CRITICAL")

    settings = Settings(provider=args.provider)
    try:
        missing = (
            _bedrock_ready()
            if args.provider == "bedrock"
            else _openai_ready(settings.openai_base_url)
        )
    except ImportError as exc:
        missing = f"the 'providers' extra is not installed ({exc.name})"
    if missing:
        print(f"skipped: {missing}")
        return 0
    try:
        result = build_pipeline(settings).run(_photo(args.photo), job_id="live-smoke")
    except PetAvatarError as error:
        print(f"error: {error.message}", file=sys.stderr)
        return 1
    identity = result.identity
    print(
        f"{result.analysis.breed} ({result.analysis.species}) → {identity.human_name}, "
        f"{identity.job_title} [{identity.seniority}] — {identity.similarity_score}% match"
    )
    for part, made in result.provenance.items():
        note = f" ({made.note})" if made.note else ""
        print(f"  {part}: {made.provider}/{made.model}{note}")
    cost = result.cost
    print(f"cost: {cost.summary if cost else 'not computed'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
