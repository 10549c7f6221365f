"""Lambda figures: API handler cold import, bundle sizes, job time and status latency on moto.

Prints:

* **cold import** of ``petavatar.entrypoints.lambdas.api`` in a fresh interpreter (median
  of ``--runs``; target ≤ 300 ms), and which heavy modules it pulled in (none allowed of
  FastAPI, numpy, PIL, onnxruntime). Measured twice: in this virtualenv, and from the
  API bundle directory alone (``python -S``, only the bundle and boto3 on the path, as in
  the Lambda runtime, which provides boto3).
* **bundle sizes**: the API handler's runtime distributions (found by importing the handler
  and serving one request) pip-installed for ``manylinux2014_aarch64`` / CPython 3.13 into
  a temp dir with the ``petavatar`` package, zipped (target ≤ 15 MB; boto3/botocore are
  provided by the runtime and counted separately). The worker's distributions likewise,
  unzipped, against Lambda's 250 MB limit.
* **end-to-end job time on moto**: presign → HTTP POST to the moto S3 endpoint → the S3
  notification from the upload-events queue → events handler → worker handler (the real
  offline pipeline) → results through the API handler → the signed avatar URL.
* **status latency**: ``GET /status/{job_id}`` through the API handler against moto.

    .venv/bin/python bench/lambda_bench.py [--runs 7] [--jobs 3] [--skip-bundle] [--skip-moto]
"""

from __future__ import annotations

import argparse
import importlib.metadata as md
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("fastapi", "starlette", "numpy", "PIL", "onnxruntime", "onnx", "httpx")
RUNTIME_PROVIDED = {
    "boto3",
    "botocore",
    "s3transfer",
    "jmespath",
    "urllib3",
    "python-dateutil",
    "six",
}
HEIC_LANDING = {"pillow", "pillow_heif", "pillow-heif"}
"""Imported only when an HEIC upload lands (its metadata is stripped by re-encoding)."""
OPTIONAL_HERE = {"rich", "pygments", "attrs", "setuptools", "greenlet"}
"""Imported here only because they are installed: structlog pretty-prints with rich (which
uses attrs and Pygments) and binds greenlet-local context when those are present, and
setuptools' ``.pth`` hook loads in every venv. None is a dependency of the handler, so
the bundle leaves them out."""
API_TARGET_MS = 300.0
API_TARGET_MB = 15.0
LAMBDA_UNZIPPED_LIMIT_MB = 250.0

_IMPORT_PROBE = """
import json, sys, time
t0 = time.perf_counter()
import {module}
t1 = time.perf_counter()
heavy = [m for m in {heavy!r} if m in sys.modules]
print(json.dumps({{"import_ms": (t1 - t0) * 1000, "heavy": heavy}}))
"""


def _python() -> str:
    return sys.executable


def _import_once(module: str, paths: list[Path] | None) -> tuple[float, list[str]]:
    probe = _IMPORT_PROBE.format(heavy=HEAVY, module=module)
    command = [_python(), "-c", probe]
    if paths is not None:
        prefix = f"import sys\nsys.path[:0] = {[str(p) for p in paths]!r}\n"
        command = [_python(), "-S", "-c", prefix + probe]
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    out = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    return float(result["import_ms"]), list(result["heavy"])


def cold_import(runs: int, *, paths: list[Path] | None = None) -> tuple[float, float, list[str]]:
    """Median import times of the API handler and of FastAPI alone, in fresh interpreters.

    The two are measured alternately, so a busy machine slows both alike. With ``paths``,
    the interpreter runs with ``-S`` (no site-packages) and only ``paths`` in front of the
    standard library, as the Lambda runtime sees a bundle.
    """
    handler_ms, fastapi_ms, heavy = [], [], []
    for _ in range(runs):
        ms, heavy = _import_once("petavatar.entrypoints.lambdas.api", paths)
        handler_ms.append(ms)
        if paths is None:
            fastapi_ms.append(_import_once("fastapi", None)[0])
    reference = statistics.median(fastapi_ms) if fastapi_ms else float("nan")
    return statistics.median(handler_ms), reference, heavy


def distributions_of(modules: list[str]) -> dict[str, str]:
    """``{distribution: version}`` of the top-level modules given (stdlib left out)."""
    mapping = md.packages_distributions()
    found: dict[str, str] = {}
    for module in modules:
        for dist in mapping.get(module, []):
            found[dist] = md.version(dist)
    return found


def imported_modules(script: str, env: dict[str, str]) -> list[str]:
    """Top-level third-party modules in ``sys.modules`` after running ``script``."""
    probe = (
        script
        + "\nimport sys, json\n"
        + "top = {m.split('.')[0] for m in sys.modules}\n"
        + "print(json.dumps(sorted(top - set(sys.stdlib_module_names))))"
    )
    out = subprocess.run(
        [_python(), "-c", probe], capture_output=True, text=True, env=env, check=True, cwd=ROOT
    )
    return list(json.loads(out.stdout.strip().splitlines()[-1]))


def pip_install(dists: dict[str, str], target: Path, *, aarch64: bool) -> None:
    """Install exactly these distributions (no dependencies resolved) into ``target``."""
    command = [_python(), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    command += ["--no-deps", "--target", str(target)]
    if aarch64:
        command += ["--platform", "manylinux_2_28_aarch64", "--platform", "manylinux2014_aarch64"]
        command += ["--implementation", "cp"]
        command += ["--python-version", "3.13", "--only-binary=:all:"]
    command += [f"{name}=={version}" for name, version in sorted(dists.items())]
    subprocess.run(command, check=True)


def add_package(target: Path) -> None:
    """Copy the petavatar package source (no caches) into the bundle."""
    shutil.copytree(
        ROOT / "src" / "petavatar",
        target / "petavatar",
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
        dirs_exist_ok=True,
    )


def tree_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def zip_bytes(path: Path, archive: Path) -> int:
    """Deflate ``path`` into ``archive`` with sorted entries; its size in bytes."""
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for file in sorted(p for p in path.rglob("*") if p.is_file()):
            zf.write(file, file.relative_to(path))
    return archive.stat().st_size


def mb(n: float) -> str:
    return f"{n / 1e6:.1f} MB"


_API_SCRIPT = """
import json, sys, tempfile
from pathlib import Path
sys.path.insert(0, {root!r})
from petavatar.config import Settings
from petavatar.entrypoints.lambdas import api
from petavatar.entrypoints.lambdas.runtime import configure
from tests.support.lambda_events import api_event
runtime = configure(Settings(data_dir=Path(tempfile.mkdtemp()), workers=0))
_, key = runtime.stack.keys.create("bench")
ticket = json.loads(api.handler(api_event("presigned_url", key), None)["body"])
upload = ticket["key_prefix"] + "photo.heic"
runtime.stack.blobs.put_bytes(upload, Path({heic!r}).read_bytes(), "image/heic")
uri = "s3://" + ticket["bucket"] + "/" + upload
answer = api.handler(api_event("process", key, body={{"s3_uri": uri}}), None)
assert answer["statusCode"] == 202, answer
api.handler(api_event("status", key, job_id=ticket["job_id"]), None)
"""
"""Serves presign, process (landing a HEIC upload, which re-encodes it without metadata)
and status, so every module those routes import is counted."""


def sample_heic(path: Path) -> Path:
    """A small HEIC photo (the API lands uploads: HEIC metadata is stripped by re-encoding)."""
    from PIL import Image
    from pillow_heif import register_heif_opener

    register_heif_opener()
    Image.new("RGB", (64, 48), (200, 120, 40)).save(path, format="HEIF")
    return path


_WORKER_SCRIPT = """
from pathlib import Path
from petavatar.bootstrap import build_pipeline
from petavatar.config import Settings
import petavatar.entrypoints.lambdas.worker
build_pipeline(Settings()).run(Path({photo!r}).read_bytes())
"""


def sample_photo(path: Path) -> Path:
    """The CC0 cat scikit-image ships, as a JPEG (the same one ``make demo`` uses)."""
    subprocess.run([_python(), str(ROOT / "scripts" / "sample_photo.py"), str(path)], check=True)
    return path


def bundle_figures(runs: int, workdir: Path) -> None:
    """Build the API bundle (aarch64) and time its import from a same-content x86 copy."""
    env = dict(os.environ)
    script = _API_SCRIPT.format(root=str(ROOT), heic=str(sample_heic(workdir / "photo.heic")))
    api_dists = {
        d: v for d, v in distributions_of(imported_modules(script, env)).items() if d != "petavatar"
    }
    provided = {d: v for d, v in api_dists.items() if d.lower() in RUNTIME_PROVIDED}
    own = {
        d: v for d, v in api_dists.items() if d not in provided and d.lower() not in OPTIONAL_HERE
    }
    print(f"API bundle distributions: {', '.join(f'{d}=={v}' for d, v in sorted(own.items()))}")
    print(f"  provided by the python3.13 Lambda runtime: {', '.join(sorted(provided)) or '-'}")
    landing = {d: v for d, v in own.items() if d.lower() in HEIC_LANDING}
    for label, dists in (("without", _without(own, landing)), ("with", own)):
        arm = workdir / f"api-arm64-{label}"
        pip_install(dists, arm, aarch64=True)
        add_package(arm)
        size = zip_bytes(arm, workdir / f"api-{label}.zip")
        verdict = "OK" if size <= API_TARGET_MB * 1e6 else "OVER"
        print(
            f"API bundle (arm64, zipped) {label} pillow + pillow-heif for landing HEIC "
            f"uploads: {mb(size)} (unzipped {mb(tree_bytes(arm))}; target <= "
            f"{API_TARGET_MB:.0f} MB) {verdict}"
        )
    local, runtime = workdir / "api-local", workdir / "runtime"
    pip_install(own, local, aarch64=False)
    add_package(local)
    pip_install(provided, runtime, aarch64=False)
    for tree in (local, runtime):
        # Lambda's /var/task is read-only: a bundle must ship bytecode or compile every start.
        subprocess.run([_python(), "-m", "compileall", "-q", str(tree)], check=True)
    median, _, heavy = cold_import(runs, paths=[local, runtime])
    print(
        f"API handler cold import from the bundle alone (python -S, median of {runs}): "
        f"{median:.0f} ms; heavy modules: {heavy or 'none'}"
    )
    photo = sample_photo(workdir / "chelsea.jpg")
    worker_dists = distributions_of(imported_modules(_WORKER_SCRIPT.format(photo=str(photo)), env))
    sizes = {
        d: _installed_bytes(d)
        for d in worker_dists
        if d.lower() not in RUNTIME_PROVIDED | OPTIONAL_HERE and d != "petavatar"
    }
    total = sum(sizes.values()) + tree_bytes(ROOT / "src" / "petavatar")
    biggest = sorted(sizes.items(), key=lambda kv: -kv[1])[:6]
    print(
        f"worker bundle (installed here, x86_64; arm64 is similar): {mb(total)} unzipped "
        f"of Lambda's {LAMBDA_UNZIPPED_LIMIT_MB:.0f} MB; biggest: "
        + ", ".join(f"{d} {mb(b)}" for d, b in biggest)
    )


def _without(dists: dict[str, str], drop: dict[str, str]) -> dict[str, str]:
    return {d: v for d, v in dists.items() if d not in drop}


def _installed_bytes(dist: str) -> int:
    files = md.distribution(dist).files or []
    total = 0
    for file in files:
        path = Path(str(file.locate()))
        if path.is_file() and "__pycache__" not in path.parts:
            total += path.stat().st_size
    return total


_COLD_START_PROBE = """
import json, time, uuid
t0 = time.perf_counter()
from petavatar.entrypoints.lambdas import api
t1 = time.perf_counter()
event = json.loads({event!r})
event["rawPath"] = event["requestContext"]["http"]["path"] = "/status/" + str(uuid.uuid4())
response = api.handler(event, None)
t2 = time.perf_counter()
assert response["statusCode"] == 404, response
print(json.dumps({{"import_ms": (t1 - t0) * 1000, "first_ms": (t2 - t1) * 1000}}))
"""


class MotoStage:
    """A moto server and a provisioned stage on it, with a Lambda runtime over it."""

    def __init__(self, cache_dir: Path, data_dir: Path) -> None:
        from moto.server import ThreadedMotoServer

        from petavatar.adapters.aws.naming import stage_names
        from petavatar.adapters.aws.provision import StageSpec, provision
        from petavatar.adapters.aws.session import AwsClients

        self.server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        self.server.start()
        host, port = self.server.get_host_and_port()
        self.env = {
            "AWS_ENDPOINT_URL": f"http://{host}:{port}",
            "AWS_DEFAULT_REGION": "us-east-1",
            "AWS_ACCESS_KEY_ID": "bench",
            "AWS_SECRET_ACCESS_KEY": "bench",
            "PETAVATAR_BACKEND": "aws",
            "PETAVATAR_STAGE": "bench",
            "PETAVATAR_DATA_DIR": str(data_dir),
            "PETAVATAR_CACHE_DIR": str(cache_dir),
            "PETAVATAR_AWS_RECEIVE_WAIT_SECONDS": "0",
            "PETAVATAR_LOG_LEVEL": "WARNING",
        }
        os.environ.update(self.env)
        self.clients = AwsClients()
        self.names = stage_names("bench")
        provision(self.clients, StageSpec(names=self.names, cost_center="bench"))

    def close(self) -> None:
        self.server.stop()


def _call(route: str, key: str, **kwargs: object) -> tuple[int, dict[str, object]]:
    from tests.support.lambda_events import api_event

    from petavatar.entrypoints.lambdas import api

    raw = api.handler(api_event(route, key, **kwargs), None)  # type: ignore[arg-type]
    return int(raw["statusCode"]), json.loads(raw["body"])


def one_job(stage: MotoStage, key: str, photo: bytes) -> float:
    """Seconds from presign to a downloaded avatar, through the handlers."""
    import time

    import httpx
    from tests.support.lambda_events import sqs_event_from_queue

    from petavatar.entrypoints.lambdas import events, worker

    sqs = stage.clients.client("sqs")
    start = time.perf_counter()
    _, ticket = _call("presigned_url", key)
    fields = {**ticket["upload_fields"], "Content-Type": "image/jpeg"}  # type: ignore[dict-item]
    files = {"file": ("cat.jpg", photo, "image/jpeg")}
    posted = httpx.post(str(ticket["upload_url"]), data=fields, files=files, timeout=30)
    assert posted.status_code == 204, posted.text
    events_url = sqs.get_queue_url(QueueName=stage.names.events_queue)["QueueUrl"]
    events.handler(sqs_event_from_queue(sqs, events_url), None)
    jobs_url = sqs.get_queue_url(QueueName=stage.names.queue)["QueueUrl"]
    worker.handler(sqs_event_from_queue(sqs, jobs_url), None)
    status, results = _call("results", key, job_id=str(ticket["job_id"]))
    assert status == 200, results
    avatar = httpx.get(str(results["avatar_url"]), timeout=30)
    assert avatar.content.startswith(b"\x89PNG"), avatar.status_code
    return time.perf_counter() - start


def moto_figures(args: argparse.Namespace, workdir: Path) -> None:
    """Cold start to first response, job time and status latency on a moto stage."""
    import time

    sys.path.insert(0, str(ROOT))
    from tests.support.lambda_events import api_event

    from petavatar.bootstrap import build_pipeline
    from petavatar.config import Settings
    from petavatar.entrypoints.lambdas.runtime import configure

    cache = Path(os.environ.get("PETAVATAR_CACHE_DIR", Path.home() / ".cache" / "petavatar"))
    stage = MotoStage(cache, workdir / "data")
    try:
        settings = Settings()
        runtime = configure(settings, pipeline=build_pipeline(settings))
        _, key = runtime.stack.keys.create("bench")
        event = json.dumps(api_event("status", key, job_id="x"))
        env = {**os.environ, **stage.env}
        first, imports = [], []
        for _ in range(args.runs):
            probe = _COLD_START_PROBE.format(event=event)
            out = subprocess.run(
                [_python(), "-c", probe], capture_output=True, text=True, env=env, check=True
            )
            result = json.loads(out.stdout.strip().splitlines()[-1])
            imports.append(result["import_ms"])
            first.append(result["first_ms"])
        print(
            f"API cold start on moto (median of {args.runs}): import "
            f"{statistics.median(imports):.0f} ms + stack build and first response "
            f"{statistics.median(first):.0f} ms (boto3 clients, 3 queue-URL lookups, 3 pings, "
            "secret read)"
        )
        photo = sample_photo(workdir / "cat.jpg").read_bytes()
        one_job(stage, key, photo)  # warm: model loaded, clients connected
        times = [one_job(stage, key, photo) for _ in range(args.jobs)]
        print(
            f"end-to-end job on moto through the handlers (real offline pipeline, median of "
            f"{args.jobs}, warm): {statistics.median(times):.2f} s"
        )
        _, ticket = _call("presigned_url", key)
        latencies = []
        status_event = api_event("status", key, job_id=str(ticket["job_id"]))
        from petavatar.entrypoints.lambdas import api

        for _ in range(args.status_calls):
            started = time.perf_counter()
            api.handler(status_event, None)
            latencies.append((time.perf_counter() - started) * 1000)
        latencies.sort()
        p = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))]  # noqa: E731
        print(
            f"GET /status through the API handler on moto ({args.status_calls} calls, warm): "
            f"p50 {p(0.5):.1f} ms, p95 {p(0.95):.1f} ms, p99 {p(0.99):.1f} ms"
        )
    finally:
        stage.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--jobs", type=int, default=3)
    parser.add_argument("--status-calls", type=int, default=200)
    parser.add_argument("--skip-bundle", action="store_true")
    parser.add_argument("--skip-moto", action="store_true")
    args = parser.parse_args()
    median, reference, heavy = cold_import(args.runs)
    verdict = "OK" if median <= API_TARGET_MS else "OVER"
    print(
        f"API handler cold import (this venv, median of {args.runs}): {median:.0f} ms "
        f"(target <= {API_TARGET_MS:.0f} ms) {verdict}; FastAPI alone, measured alternately: "
        f"{reference:.0f} ms; heavy modules: {heavy or 'none'}"
    )
    with tempfile.TemporaryDirectory(prefix="petavatar-lambda-bench-") as tmp:
        if not args.skip_bundle:
            bundle_figures(args.runs, Path(tmp))
        if not args.skip_moto:
            moto_figures(args, Path(tmp))


if __name__ == "__main__":
    main()
