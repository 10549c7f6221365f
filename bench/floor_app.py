"""The "floor" for ``GET /status``: a one-route FastAPI app reading the same SQLite row.

``bench/service_bench.py`` runs it beside ``petavatar serve`` under the same uvicorn
settings (``uvicorn.Config`` defaults as ``serve`` uses them: auto loop and HTTP
parser, no access log) over the same ``jobs.sqlite3``, so the difference between
the two is what PetAvatar adds on top of its framework: API-key check, validation,
ownership, the status view.

    python bench/floor_app.py --db DATA_DIR/jobs.sqlite3 --port 8001
"""

from __future__ import annotations

import argparse
import sqlite3
from typing import Any

import uvicorn
from fastapi import FastAPI, HTTPException


def floor_app(db_path: str) -> FastAPI:
    conn = sqlite3.connect(db_path, check_same_thread=False, isolation_level=None)
    conn.execute("PRAGMA query_only = ON")
    app = FastAPI()

    @app.get("/status/{job_id}")
    async def status(job_id: str) -> dict[str, Any]:
        row = conn.execute(
            "SELECT job_id, status, progress FROM jobs WHERE job_id = ?", (job_id,)
        ).fetchone()
        if row is None:
            raise HTTPException(404, "not found")
        return {"job_id": row[0], "status": row[1], "progress": row[2]}

    @app.get("/ready")
    async def ready() -> dict[str, bool]:
        return {"ready": True}

    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    config = uvicorn.Config(
        floor_app(args.db),
        host=args.host,
        port=args.port,
        log_level="warning",
        access_log=False,
        timeout_graceful_shutdown=30,
    )
    uvicorn.Server(config).run()


if __name__ == "__main__":
    main()
