"""Trace context across the job queue, without the queue knowing how traces are kept.

The code that queues a job stores `trace_propagation(app).inject()` with it; the worker
runs each try of the job inside `trace_propagation(app).resume(carrier, job_name)`, so
the job's spans and log lines belong to the trace of the request that queued it. The
tracing feature installs the implementation (`app.state.trace_propagation`); without it
the carrier is empty and resuming changes nothing. Neither the tracing nor the jobs
feature imports the other: both only know this protocol.
"""

from collections.abc import Mapping
from contextlib import AbstractContextManager, nullcontext
from typing import Any, Protocol


class TracePropagation(Protocol):
    def inject(self) -> dict[str, str]:
        """The current trace context as plain strings, safe to store with a queued job."""

    def resume(self, carrier: Mapping[str, str], name: str) -> AbstractContextManager[None]:
        """Continue the carrier's trace in a new consumer span called `name` (the job's)."""


class NullPropagation:
    def inject(self) -> dict[str, str]:
        return {}

    def resume(self, carrier: Mapping[str, str], name: str) -> AbstractContextManager[None]:  # noqa: ARG002 - protocol
        return nullcontext()


NULL_PROPAGATION = NullPropagation()


def trace_propagation(app: Any) -> TracePropagation:
    """The app's propagation (`app.state.trace_propagation`), or one that carries nothing."""
    propagation: TracePropagation = getattr(
        getattr(app, "state", None), "trace_propagation", NULL_PROPAGATION
    )
    return propagation
