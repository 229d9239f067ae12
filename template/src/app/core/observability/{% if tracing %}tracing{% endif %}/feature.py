"""The tracing feature object that `main.create_app()` installs."""

from collections.abc import Sequence
from typing import cast

from fastapi import FastAPI
from fastapi.telemetry import TelemetryConfig
from structlog.typing import Processor

from app.config import Settings
from app.core.observability.propagation import TracePropagation
from app.core.observability.tracing.instrumentation import (
    instrument_engine,
    instrument_http_clients,
    instrument_redis,
    request_telemetry,
)
from app.core.observability.tracing.logs import add_trace_ids
from app.core.observability.tracing.middleware import TraceContextMiddleware
from app.core.observability.tracing.propagation import TraceContextPropagation
from app.core.observability.tracing.provider import (
    AppTracerProvider,
    build_tracer_provider,
    close_tracer_provider,
    register_globally,
)
from app.core.observability.tracing.settings import load_tracing_settings
from app.core.resources import Resources


def tracer_provider(app: FastAPI) -> AppTracerProvider:
    provider: AppTracerProvider = app.state.tracer_provider
    return provider


class TracingFeature:
    name = "tracing"
    log_processors: Sequence[Processor] = (add_trace_ids,)

    def telemetry(self, settings: Settings) -> TelemetryConfig:
        """A new provider for the app about to be built (see `features.request_telemetry`)."""
        tracing = load_tracing_settings()
        provider = build_tracer_provider(settings.app, tracing)
        return request_telemetry(provider, operation_spans=provider.exporting)

    def install(self, app: FastAPI, settings: Settings) -> None:  # noqa: ARG002 - protocol
        provider = cast("AppTracerProvider", app.state.telemetry["tracer_provider"])
        app.state.tracer_provider = provider
        # Queued jobs continue the trace that queued them (app.core.observability.propagation).
        propagation: TracePropagation = TraceContextPropagation(provider)
        app.state.trace_propagation = propagation
        register_globally(provider)
        instrument_http_clients()
        app.add_middleware(TraceContextMiddleware)

    async def startup(self, app: FastAPI, resources: Resources) -> None:
        # The pools exist only now; instrument them before the first request uses them,
        # if anything will receive their spans.
        provider = tracer_provider(app)
        if provider.exporting:
            instrument_engine(resources.engine, provider)
            instrument_redis(resources.redis, provider)

    async def shutdown(self, app: FastAPI) -> None:
        await close_tracer_provider(tracer_provider(app))


feature = TracingFeature()
