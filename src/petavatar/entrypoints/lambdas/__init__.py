"""AWS Lambda entry points, thin like every other: parse the event, call a use case, render.

* :mod:`.api` — the four job routes behind an API Gateway HTTP API (payload 2.0)
* :mod:`.events` — S3 ``ObjectCreated`` under ``uploads/`` → ``JobService.object_created``
* :mod:`.worker` — the SQS job queue → :class:`~petavatar.jobs.worker.Worker`, partial batch
  failures
* :mod:`.maintenance` — the EventBridge schedule: retention sweep and reconcile

Each module's ``handler(event, context)`` is the function named in ``infra/template.yaml``.
The stack is built once per execution environment by :mod:`.runtime`.
"""
