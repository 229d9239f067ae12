"""The metrics feature object that `main.create_app()` installs."""

from collections.abc import Sequence

from fastapi import FastAPI
from prometheus_client import CollectorRegistry, GCCollector, ProcessCollector
from structlog.typing import Processor

from app.config import Settings
from app.core.observability.metrics.endpoint import METRICS_PATH, metrics_endpoint
from app.core.observability.metrics.http import HttpMetrics, HttpMetricsMiddleware
from app.core.observability.metrics.pools import PoolCollector
from app.core.observability.metrics.settings import load_metrics_settings
from app.core.observability.metrics.signals import PrometheusSignals
from app.core.resources import Resources


def metrics_registry(app: FastAPI) -> CollectorRegistry:
    registry: CollectorRegistry = app.state.metrics_registry
    return registry


class MetricsFeature:
    name = "metrics"
    log_processors: Sequence[Processor] = ()

    def install(self, app: FastAPI, settings: Settings) -> None:  # noqa: ARG002 - protocol
        token = load_metrics_settings().token
        # One registry per app: nothing is process-global, so apps (and tests) never mix.
        registry = CollectorRegistry(auto_describe=True)
        ProcessCollector(registry=registry)
        GCCollector(registry=registry)
        registry.register(PoolCollector(app.state))
        app.state.metrics_registry = registry
        app.state.signals = PrometheusSignals(registry)
        app.add_middleware(
            HttpMetricsMiddleware, metrics=HttpMetrics(registry), skip=frozenset({METRICS_PATH})
        )
        if token is not None:
            app.add_route(
                METRICS_PATH,
                metrics_endpoint(registry, token),
                methods=["GET"],
                include_in_schema=False,
            )

    async def startup(self, app: FastAPI, resources: Resources) -> None:
        """Pools are read at scrape time from `app.state.resources`: nothing to open."""

    async def shutdown(self, app: FastAPI) -> None:
        """The registry lives and dies with the app: nothing to close."""


feature = MetricsFeature()
