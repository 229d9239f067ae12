"""Spans for HTTP requests, SQL statements, Redis commands and outgoing HTTP calls.

Server spans come from FastAPI itself (`request_telemetry`), which names them after the
route its router selected. They are always made: their ids correlate logs and problem
details. The finer spans are made only when something exports them; with nowhere to go
they cost about a third of a millisecond of CPU per request for nothing. The spans of
each dependency, the endpoint and serialization are decided when the app is built (an
exporter for OTLP_ENDPOINT); those of SQL statements and Redis commands at start-up, so
a processor added in between (a test's exporter) gets them too. The engine and the Redis client are
instrumented one by one with the app's own provider, so each app (and each test) exports
to, flushes and shuts down its own pipeline. Outgoing HTTP clients are created anywhere,
so httpx (and httpx2) are instrumented process-wide; their spans use the global provider
(`register_globally`).
"""

from collections.abc import MutableMapping
from importlib.util import find_spec
from typing import Any

from fastapi.telemetry import TelemetryConfig
from opentelemetry import metrics, trace
from opentelemetry.instrumentation.httpx import HTTPX2ClientInstrumentor, HTTPXClientInstrumentor
from opentelemetry.instrumentation.redis import RedisInstrumentor
from opentelemetry.instrumentation.sqlalchemy.engine import EngineTracer
from opentelemetry.sdk.trace import TracerProvider
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncEngine

SQLALCHEMY_INSTRUMENTATION = "opentelemetry.instrumentation.sqlalchemy"
# Probes and scrapes would drown real traffic: no spans for them, nor for their queries.
UNTRACED_PATHS = frozenset({"/health/live", "/health/ready", "/metrics"})
# Request and pool metrics are the metrics feature's job; spans are this one's.
NO_METRICS = metrics.NoOpMeterProvider()


def untraced(scope: MutableMapping[str, Any]) -> bool:
    return scope.get("path") in UNTRACED_PATHS


def request_telemetry(provider: TracerProvider, *, operation_spans: bool) -> TelemetryConfig:
    """FastAPI's native request spans; with `operation_spans`, dependency, endpoint and
    serialization spans too."""
    return {
        "tracer_provider": provider,
        "tracing": True,
        "operation_spans": operation_spans,
        "metrics": False,
        "logs": False,  # exceptions are logged (with trace ids) by the app's own logging
        "auto_configure": False,  # OTLP_ENDPOINT alone decides where spans go
        "exclude": untraced,
    }


def instrument_engine(engine: AsyncEngine, provider: TracerProvider) -> None:
    """Per-engine listeners; `SQLAlchemyInstrumentor` would also patch engine creation
    process-wide with the first provider it is given."""
    tracer = trace.get_tracer(SQLALCHEMY_INSTRUMENTATION, tracer_provider=provider)
    connections = NO_METRICS.get_meter(SQLALCHEMY_INSTRUMENTATION).create_up_down_counter(
        "db.client.connections.usage"
    )
    EngineTracer(tracer, engine.sync_engine, connections)  # type: ignore[no-untyped-call]


def instrument_redis(client: Redis, provider: TracerProvider) -> None:
    RedisInstrumentor.instrument_client(client, tracer_provider=provider)


def instrument_http_clients() -> None:
    for module, instrumentor in (
        ("httpx", HTTPXClientInstrumentor()),
        ("httpx2", HTTPX2ClientInstrumentor()),
    ):
        if find_spec(module) is not None and not instrumentor.is_instrumented_by_opentelemetry:
            instrumentor.instrument()
