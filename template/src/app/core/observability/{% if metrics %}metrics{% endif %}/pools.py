"""Connection-pool gauges, read from `app.state.resources` when Prometheus scrapes.

Nothing is updated on the request path; a scrape before start-up (or after shutdown)
simply reports no pools. redis-py keeps its pool counts in private lists, read here
defensively: a future redis-py without them reports zero rather than failing a scrape.
"""

from collections.abc import Iterator

from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.pool import QueuePool
from starlette.datastructures import State


def database_pool(engine: AsyncEngine) -> Iterator[Metric]:
    pool = engine.pool
    if not isinstance(pool, QueuePool):
        return
    connections = GaugeMetricFamily(
        "db_pool_connections", "PostgreSQL pool connections by state", labels=["state"]
    )
    connections.add_metric(["in_use"], pool.checkedout())
    connections.add_metric(["idle"], pool.checkedin())
    yield connections
    yield GaugeMetricFamily(
        "db_pool_size", "PostgreSQL pool size (DATABASE_POOL_SIZE)", pool.size()
    )


def redis_pool(client: Redis) -> Iterator[Metric]:
    pool = client.connection_pool
    connections = GaugeMetricFamily(
        "redis_pool_connections", "Redis pool connections by state", labels=["state"]
    )
    connections.add_metric(["in_use"], len(getattr(pool, "_in_use_connections", ())))
    connections.add_metric(["idle"], len(getattr(pool, "_available_connections", ())))
    yield connections
    yield GaugeMetricFamily(
        "redis_pool_max_connections",
        "Redis pool limit (REDIS_MAX_CONNECTIONS)",
        pool.max_connections,
    )


class PoolCollector(Collector):
    def __init__(self, state: State) -> None:
        self.state = state

    def collect(self) -> Iterator[Metric]:
        resources = getattr(self.state, "resources", None)
        if resources is None:
            return
        yield from database_pool(resources.engine)
        yield from redis_pool(resources.redis)
