"""Prometheus metrics: request rate and latency per route, pools, and operational signals.

What `/metrics` exposes (Prometheus text format):

- `http_requests_total` and `http_request_duration_seconds` by method, route template
  and status, from a pure ASGI middleware (`http.py`);
- `db_pool_connections`, `db_pool_size`, `redis_pool_connections`,
  `redis_pool_max_connections`, read at scrape time (`pools.py`);
- `rate_limit_rejections_total`, `backend_unavailable_total`, `cache_lookups_total` and
  `jobs_finished_total`, fed by core services through `app.state.signals` (`signals.py`);
- the process's CPU, memory, file descriptors and garbage collection.

Access: `Authorization: Bearer $METRICS_TOKEN`; with no token configured the endpoint
does not exist (see `settings.py`). Every app has its own CollectorRegistry
(`app.state.metrics_registry`). Run one process per container and scale with replicas:
each process counts for itself.
"""

from app.core.observability.metrics.feature import feature, metrics_registry

__all__ = ["feature", "metrics_registry"]
