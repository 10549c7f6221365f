"""The peer for the no-op job round trip: Celery 5 with a Redis broker and result backend.

``bench/service_bench.py`` starts ``redis-server`` on a free port and a Celery worker
(``--pool solo``: one process, one task at a time, like one PetAvatar worker), then
times ``noop.delay(payload).get()`` one job at a time. The payload is the same small
PNG the PetAvatar job uploads, so both carry the photo once. Skipped (with a message)
when Redis or Celery is not installed: ``pip install -e '.[bench]'`` and
``apt-get install redis-server``.

    celery -A celery_peer worker --pool solo   (with bench/ on sys.path, CELERY_BROKER set)
"""

from __future__ import annotations

import os

from celery import Celery

BROKER = os.environ.get("CELERY_BROKER", "redis://127.0.0.1:6379/0")

app = Celery("celery_peer", broker=BROKER, backend=BROKER)
app.conf.update(task_acks_late=True, worker_prefetch_multiplier=1, result_expires=600)


@app.task(name="noop")
def noop(payload: bytes) -> int:
    """A no-op job: receives the photo, returns its size."""
    return len(payload)
