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
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from structlog.typing import FilteringBoundLogger

_state = {"configured": False}
_import_lock = threading.Lock()


def _load_structlog() -> None:
    """Import structlog once, with ``rich`` and ``greenlet`` hidden (see the module doc)."""
    with _import_lock:
        if "structlog" in sys.modules:
            return
        hidden = tuple(name for name in ("rich", "greenlet") if name not in sys.modules)
        for name in hidden:
            sys.modules[name] = None  # type: ignore[assignment]  # makes `import <name>` fail
        try:
            import structlog  # noqa: F401
        finally:
            for name in hidden:
                del sys.modules[name]


class _SafePrintLogger:
    """Writes each rendered line to ``file`` and never raises: a line that cannot be
    written (stderr closed, a broken pipe) is dropped, so logging can never fail a
    request or a job."""

    def __init__(self, file: Any) -> None:
        self._file = file
        self._lock = threading.Lock()

    def msg(self, message: str) -> None:
        with suppress(OSError, ValueError), self._lock:
            self._file.write(message + "\n")
            self._file.flush()

    log = debug = info = warn = warning = msg
    fatal = failure = err = error = critical = exception = msg


def configure_logging(level: str = "INFO", *, stream: Any = None) -> None:
    """Route structlog and stdlib logging to JSON lines on ``stream`` (stderr by default)."""
    _load_structlog()
    import structlog

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
        logger_factory=lambda *_: _SafePrintLogger(file=stream or sys.stderr),
        cache_logger_on_first_use=False,
    )
    _state["configured"] = True


def get_logger(component: str, **context: Any) -> FilteringBoundLogger:
    """A logger whose every line carries ``component`` and the given context."""
    if not _state["configured"]:
        configure_logging()
    import structlog

    logger: FilteringBoundLogger = structlog.get_logger().bind(component=component, **context)
    return logger


@contextmanager
def bind_job(job_id: str | None, **context: Any) -> Iterator[None]:
    """Attach ``job_id`` (and more context) to every log line inside the block."""
    _load_structlog()
    import structlog

    tokens = structlog.contextvars.bind_contextvars(job_id=job_id, **context)
    try:
        yield
    finally:
        structlog.contextvars.reset_contextvars(**tokens)


def log_error(
    logger: FilteringBoundLogger,
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
