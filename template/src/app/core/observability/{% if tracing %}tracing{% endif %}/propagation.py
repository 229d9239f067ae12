"""Carry a trace across a queue: the enqueuer injects, the job continues.

    carrier = inject_trace_context()          # when enqueueing: store it with the job
    with continue_trace(carrier):             # in the worker, around the job's body
        ...                                   # spans here join the enqueuer's trace

The carrier is a small dict of W3C trace-context strings (`traceparent`, `tracestate`),
safe to serialise with the job's arguments; an empty or foreign carrier starts a new
trace instead of failing the job.
"""

from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from opentelemetry import context, propagate


def inject_trace_context() -> dict[str, str]:
    carrier: dict[str, str] = {}
    propagate.inject(carrier)
    return carrier


@contextmanager
def continue_trace(carrier: Mapping[str, str]) -> Iterator[None]:
    token = context.attach(propagate.extract(dict(carrier)))
    try:
        yield
    finally:
        context.detach(token)
