"""The `Signals` sink that turns operational events into counters."""

from prometheus_client import CollectorRegistry, Counter


class PrometheusSignals:
    def __init__(self, registry: CollectorRegistry) -> None:
        self._rate_limited = Counter(
            "rate_limit_rejections", "Requests refused with 429", ["route"], registry=registry
        )
        self._unavailable = Counter(
            "backend_unavailable",
            "Calls to an accelerator (Redis) that failed and were degraded gracefully",
            ["backend", "operation"],
            registry=registry,
        )
        self._jobs = Counter(
            "jobs_finished",
            "Background jobs ended, by outcome",
            ["job", "outcome"],
            registry=registry,
        )
        self._cache = Counter(
            "cache_lookups", "Cached calls, by result", ["namespace", "result"], registry=registry
        )

    def rate_limited(self, route: str) -> None:
        self._rate_limited.labels(route).inc()

    def backend_unavailable(self, backend: str, operation: str) -> None:
        self._unavailable.labels(backend, operation).inc()

    def job_finished(self, job: str, outcome: str) -> None:
        self._jobs.labels(job, outcome).inc()

    def cache_lookup(self, namespace: str, hit: bool) -> None:
        self._cache.labels(namespace, "hit" if hit else "miss").inc()
