"""Structured JSON logging with context (component, operation, job_id, …).

Every log line is one JSON object on stderr. Bind context once per unit of
work with :func:`get_logger` and :func:`bind_job`, so errors always carry the
component, the operation, the error type and the job they belong to.

structlog imports ``rich`` (for its console renderer and pretty tracebacks)
and ``greenlet`` (for its deprecated thread-local context) whenever they are
installed, ~25 ms a start. JSON lines need neither, so both are hidden while
structlog loads, unless something imported them already.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

_HIDDEN_WHILE_IMPORTING = tuple(name for name in ("rich", "greenlet") if name not in sys.modules)
for _name in _HIDDEN_WHILE_IMPORTING:
    sys.modules[_name] = None  # type: ignore[assignment]  # makes `import <name>` fail
try:
    import structlog
finally:
    for _name in _HIDDEN_WHILE_IMPORTING:
        del sys.modules[_name]

_configured = False


def configure_logging(level: str = "INFO", *, stream: Any = None) -> None:
    """Route structlog and stdlib logging to JSON lines on ``stream`` (stderr by default)."""
    global _configured
    logging.basicConfig(format="%(message)s", stream=stream or sys.stderr, level=level.upper())
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.processors.format_exc_info,
            structlog.processors.JSONRenderer(sort_keys=True),
        ],
        wrapper_class=structlog.make_filtering_bound_logger(
            logging.getLevelNamesMapping()[level.upper()]
        ),
        logger_factory=structlog.PrintLoggerFactory(file=stream or sys.stderr),
        cache_logger_on_first_use=False,
    )
    _configured = True


def get_logger(component: str, **context: Any) -> structlog.typing.FilteringBoundLogger:
    """A logger whose every line carries ``component`` and the given context."""
    if not _configured:
        configure_logging()
    logger: structlog.typing.FilteringBoundLogger = structlog.get_logger().bind(
        component=component, **context
    )
    return logger


@contextmanager
def bind_job(job_id: str | None, **context: Any) -> Iterator[None]:
    """Attach ``job_id`` (and more context) to every log line inside the block."""
    tokens = structlog.contextvars.bind_contextvars(job_id=job_id, **context)
    try:
        yield
    finally:
        structlog.contextvars.reset_contextvars(**tokens)


def log_error(
    logger: structlog.typing.FilteringBoundLogger,
    operation: str,
    error: BaseException,
    **context: Any,
) -> None:
    """Log an error as structured JSON: operation, error type, message and context."""
    message = getattr(error, "message", None) or str(error) or type(error).__name__
    logger.error(
        "operation failed",
        operation=operation,
        error_type=type(error).__name__,
        error_message=message,
        **context,
    )
