"""One TracerProvider per application: resource, exporter, and its orderly shutdown."""

import asyncio

from opentelemetry import trace
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.sdk.resources import SERVICE_NAME, SERVICE_VERSION, Resource
from opentelemetry.sdk.trace import SpanProcessor, TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor

from app.config import AppSettings
from app.core.observability.tracing.settings import TracingSettings

DEPLOYMENT_ENVIRONMENT = "deployment.environment.name"
FLUSH_TIMEOUT_MILLIS = 5_000


class AppTracerProvider(TracerProvider):
    """A TracerProvider that knows whether anything receives its spans.

    Without a span processor (no OTLP_ENDPOINT, no test exporter) spans still carry trace
    ids into logs and problem details, but their detail goes nowhere: the feature then
    leaves out the finer spans (see `instrumentation` for when each kind is decided).
    """

    exporting = False

    def add_span_processor(self, span_processor: SpanProcessor) -> None:
        super().add_span_processor(span_processor)
        self.exporting = True


def build_tracer_provider(app: AppSettings, tracing: TracingSettings) -> AppTracerProvider:
    resource = Resource.create(
        {
            SERVICE_NAME: app.app_name,
            SERVICE_VERSION: app.app_version,
            DEPLOYMENT_ENVIRONMENT: app.environment.value,
        }
    )
    # The lifespan shuts the provider down; an atexit hook per app would only pile up.
    provider = AppTracerProvider(resource=resource, shutdown_on_exit=False)
    if tracing.traces_url is not None:
        provider.add_span_processor(
            BatchSpanProcessor(OTLPSpanExporter(endpoint=tracing.traces_url))
        )
    return provider


def register_globally(provider: TracerProvider) -> None:
    """Make `trace.get_tracer()` (application code, httpx) use this provider.

    The global slot can be filled once per process. A service process builds one app, so
    it is that app's provider; a process that builds many (the test suite) keeps the first.
    """
    if isinstance(trace.get_tracer_provider(), trace.ProxyTracerProvider):
        trace.set_tracer_provider(provider)


def _flush_and_shut_down(provider: TracerProvider) -> None:
    provider.force_flush(timeout_millis=FLUSH_TIMEOUT_MILLIS)
    provider.shutdown()


async def close_tracer_provider(provider: TracerProvider) -> None:
    """Export what is still buffered, then stop the exporter (network I/O: off the loop)."""
    await asyncio.to_thread(_flush_and_shut_down, provider)
