"""The Redis connection pool shared by cache, rate limiting, jobs and health checks."""

from typing import Annotated

from fastapi import Depends, Request
from redis.asyncio import Redis

from app.config import RedisSettings


def create_redis(settings: RedisSettings) -> Redis:
    # Short timeouts: Redis is an accelerator here, and every caller has a degraded path.
    client: Redis = Redis.from_url(
        settings.url,
        max_connections=settings.max_connections,
        socket_timeout=settings.socket_timeout,
        socket_connect_timeout=settings.socket_timeout,
        health_check_interval=30,
        decode_responses=False,
    )
    return client


def get_redis(request: Request) -> Redis:
    redis: Redis = request.app.state.resources.redis
    return redis


RedisClient = Annotated[Redis, Depends(get_redis)]
