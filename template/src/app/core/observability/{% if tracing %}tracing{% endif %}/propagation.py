"""Carry a trace across a queue: the enqueuer injects, the job continues.

    carrier = inject_trace_context()          # when enqueueing: store it with the job
    with continue_trace(carrier):             # in the worker, around the job's body
        ...                                   # spans here join the enqueuer's trace

The carrier is a small dict of W3C trace-context strings (`traceparent`, `tracestate`),
safe to serialise with the job's arguments; an empty or foreign carrier starts a new
trace instead of failing the job. `TraceContextPropagation` is what the feature installs
as `app.state.trace_propagation` (see `app.core.observability.propagation`): the job
queue uses it without importing OpenTelemetry, and each job gets a CONSUMER span of the
app's own provider.
"""

from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from opentelemetry import context, propagate, trace
from opentelemetry.sdk.trace import TracerProvider

INSTRUMENTATION_NAME = "app.jobs"


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


class TraceContextPropagation:
    def __init__(self, provider: TracerProvider) -> None:
        self.tracer = provider.get_tracer(INSTRUMENTATION_NAME)

    def inject(self) -> dict[str, str]:
        return inject_trace_context()

    @contextmanager
    def resume(self, carrier: Mapping[str, str], name: str) -> Iterator[None]:
        """A span for one try of a job, a child of the span that queued it (if any)."""
        with (
            continue_trace(carrier),
            self.tracer.start_as_current_span(name, kind=trace.SpanKind.CONSUMER),
        ):
            yield
