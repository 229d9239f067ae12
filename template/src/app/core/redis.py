"""The Redis connection pool shared by cache, rate limiting, jobs and health checks."""

from typing import Annotated

from fastapi import Depends, Request
from redis.asyncio import BlockingConnectionPool, Redis
from redis.exceptions import RedisError

from app.config import RedisSettings

REDIS_ERRORS: tuple[type[Exception], ...] = (RedisError, OSError)
"""What a Redis call raises when Redis is down or slow; callers catch these and degrade."""


def create_redis(settings: RedisSettings) -> Redis:
    """A client over a blocking pool: a burst beyond REDIS_MAX_CONNECTIONS waits briefly
    for a free connection instead of failing, and short timeouts keep an outage cheap
    (Redis is an accelerator here; every caller has a degraded path)."""
    pool = BlockingConnectionPool.from_url(
        settings.url,
        max_connections=settings.max_connections,
        timeout=settings.socket_timeout,
        socket_timeout=settings.socket_timeout,
        socket_connect_timeout=settings.socket_timeout,
        health_check_interval=30,
    )
    return Redis.from_pool(pool)  # the client owns the pool and closes it with itself


async def get_redis(request: Request) -> Redis:
    redis: Redis = request.app.state.resources.redis
    return redis


RedisClient = Annotated[Redis, Depends(get_redis)]
