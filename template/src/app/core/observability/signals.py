"""Operational signals (rate-limit rejections, Redis outages, job outcomes) for metrics.

Core services report what happened through `signals(app)`; they never import a metrics
library. Without the metrics feature the sink is `NullSignals` and reporting costs one
attribute lookup; the metrics feature installs a sink that feeds its counters.
"""

from typing import Any, Protocol


class Signals(Protocol):
    def rate_limited(self, route: str) -> None:
        """A request was refused with 429."""

    def backend_unavailable(self, backend: str, operation: str) -> None:
        """Redis (or another accelerator) failed and the caller degraded gracefully."""

    def job_finished(self, job: str, outcome: str) -> None:
        """A background job ended: `success`, `retry` or `failure`."""

    def cache_lookup(self, namespace: str, hit: bool) -> None:
        """A cached call was answered from the cache (hit) or by the loader (miss)."""


class NullSignals:
    def rate_limited(self, route: str) -> None:
        pass

    def backend_unavailable(self, backend: str, operation: str) -> None:
        pass

    def job_finished(self, job: str, outcome: str) -> None:
        pass

    def cache_lookup(self, namespace: str, hit: bool) -> None:
        pass


NULL_SIGNALS = NullSignals()


def signals(app: Any) -> Signals:
    """The app's signal sink (`app.state.signals`), or a no-op one."""
    sink: Signals = getattr(getattr(app, "state", None), "signals", NULL_SIGNALS)
    return sink
