"""Distributed tracing with OpenTelemetry: one trace per request, correlated with logs.

What a request gets: a server span named after its route template (`GET
/api/v1/users/{user_id}`), child spans for each SQL statement, Redis command and
outgoing httpx call, the tenant and user as span attributes, `trace_id`/`span_id` in
every log line, and its trace id in problem details. Spans go to OTLP_ENDPOINT over
OTLP/HTTP (nowhere when unset). Each app owns its TracerProvider
(`app.state.tracer_provider`), flushed and shut down with the app.

Server spans come from FastAPI's native telemetry (`FastAPI(telemetry={...})`), not from
`opentelemetry-instrumentation-fastapi`. Both report a correct `http.route` on this
FastAPI, whose `include_router` keeps routes unprefixed behind the including router;
the tests pin it for nested routers. But the native support gets the route from the
router that selected it, while the contrib package re-matches the request against every
route to guess it: extra work per request (see the kit's docs/performance.md), and the
reason it raised on every included route when FastAPI 0.137 changed its
routing core, until a later release caught up. The contrib middleware also patches
Starlette's BackgroundTask process-wide with the first app's tracer. The native support
is kept with the router it reports on, adds dependency, endpoint and serialization spans
(when something exports them: see `instrumentation`), and takes the provider at
construction, which `features.request_telemetry` provides.

Queued jobs join the trace of the request that enqueued them through a carrier dict:
the feature installs `app.state.trace_propagation`, which the job queue uses to inject
the carrier when enqueueing and to run each job in a CONSUMER span of that trace (see
`propagation.py`; the queue knows only `app.core.observability.propagation`).
"""

from app.core.observability.tracing.feature import feature, tracer_provider
from app.core.observability.tracing.propagation import continue_trace, inject_trace_context

__all__ = ["continue_trace", "feature", "inject_trace_context", "tracer_provider"]
