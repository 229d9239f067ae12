"""structlog set-up shared by the API, the worker and scripts.

Application code logs through structlog; records from the standard library (uvicorn,
SQLAlchemy, the job worker) go through the same processors, so every line has one format and carries
the request context (request_id, tenant_id, user_id and, with tracing, trace_id/span_id).
"""

import logging
import sys
from collections.abc import Iterable, MutableMapping
from typing import Any

import orjson
import structlog
from structlog.tracebacks import ExceptionDictTransformer
from structlog.typing import EventDict, Processor, WrappedLogger

from app.core.context import current_context


def add_request_context(_: WrappedLogger, __: str, event: EventDict) -> EventDict:
    context = current_context()
    if context is None:
        return event
    event.setdefault("request_id", context.request_id)
    if context.tenant_id is not None:
        event.setdefault("tenant_id", str(context.tenant_id))
    if context.user_id is not None:
        event.setdefault("user_id", str(context.user_id))
    return event


# Tracebacks without the values of local variables: those hold passwords, email
# addresses and job arguments, which must not reach the log store.
TRACEBACKS = structlog.processors.ExceptionRenderer(ExceptionDictTransformer(show_locals=False))


def _orjson_dumps(value: MutableMapping[str, Any], **_: Any) -> str:
    return orjson.dumps(value, default=str).decode()


def configure_logging(
    *,
    json_output: bool,
    level: str = "INFO",
    extra_processors: Iterable[Processor] = (),
    cache_loggers: bool = True,
) -> None:
    """(Re)configure logging for the whole process.

    With `cache_loggers` (production), each logger resolves its configuration once, which
    is faster but ignores later reconfiguration; development and tests reconfigure freely.
    """
    numeric_level = logging.getLevelName(level.upper())
    if not isinstance(numeric_level, int):
        numeric_level = logging.INFO
    shared: list[Processor] = [
        structlog.contextvars.merge_contextvars,
        add_request_context,
        *extra_processors,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]
    renderer: Processor
    if json_output:
        renderer = structlog.processors.JSONRenderer(serializer=_orjson_dumps)
        shared_tail: list[Processor] = [
            TRACEBACKS,
        ]
    else:
        renderer = structlog.dev.ConsoleRenderer(
            colors=sys.stderr.isatty(), exception_formatter=structlog.dev.plain_traceback
        )
        shared_tail = [structlog.processors.StackInfoRenderer()]

    structlog.configure(
        processors=[*shared, *shared_tail, renderer],
        wrapper_class=structlog.make_filtering_bound_logger(numeric_level),
        logger_factory=structlog.WriteLoggerFactory(file=sys.stderr),
        cache_logger_on_first_use=cache_loggers,
    )

    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=[structlog.stdlib.add_logger_name, *shared, *shared_tail],
        processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta, renderer],
    )
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(formatter)
    root = logging.getLogger()
    root.handlers = [handler]
    root.setLevel(numeric_level)
    # The request middleware writes the access log; uvicorn's would duplicate it.
    logging.getLogger("uvicorn.access").disabled = True
    for name in ("uvicorn", "uvicorn.error"):
        logging.getLogger(name).handlers = []
        logging.getLogger(name).propagate = True
