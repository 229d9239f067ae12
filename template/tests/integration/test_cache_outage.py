"""When Redis goes away, before or during a call, cached calls still answer."""

import asyncio

import pytest
from redis.asyncio import ConnectionPool, Redis

from app.config import Settings
from app.core.cache import Cache
from tests.support.catalogue import TENANT_A, Catalogue, stock_entry_name
from tests.support.custom_app import CLOSED_PORT_REDIS
from tests.support.signals import RecordingSignals

pytestmark = pytest.mark.integration


async def go_away(client: Redis) -> None:
    """From now on `client` talks to a closed port, as if its server went down."""
    reachable = client.connection_pool
    client.connection_pool = ConnectionPool.from_url(CLOSED_PORT_REDIS)
    await reachable.disconnect()


async def test_redis_going_away_during_a_load_still_returns_the_value(
    redis: Redis, settings: Settings
) -> None:
    signals = RecordingSignals()
    client = Redis.from_url(settings.redis.url)
    catalogue = Catalogue(Cache(client, signals))
    catalogue.during_load = lambda: go_away(client)
    try:
        assert (await catalogue.stock(TENANT_A, "s")).sku == "s"
    finally:
        await client.aclose()
    assert signals.outages == [("redis", "cache")] * 2  # the write, then the unlock


async def test_redis_going_away_while_waiting_for_a_peer_falls_back_to_loading(
    redis: Redis, settings: Settings
) -> None:
    signals = RecordingSignals()
    client = Redis.from_url(settings.redis.url)
    catalogue = Catalogue(Cache(client, signals, wait_seconds=2.0, poll_seconds=0.05))
    await redis.set(stock_entry_name("lock", TENANT_A, "s"), "peer")
    try:
        waiting = asyncio.create_task(catalogue.stock(TENANT_A, "s"))
        await asyncio.sleep(0.02)
        await go_away(client)
        assert (await waiting).sku == "s"
    finally:
        await client.aclose()
    assert signals.outages == [("redis", "cache")] * 2  # the reread, then the write


async def test_with_redis_down_calls_go_to_the_loader_without_errors() -> None:
    signals = RecordingSignals()
    down = Redis.from_url(CLOSED_PORT_REDIS, socket_connect_timeout=1)
    cache = Cache(down, signals)
    catalogue = Catalogue(cache)
    try:
        assert (await catalogue.stock(TENANT_A, "s")).sku == "s"
        assert (await catalogue.stock(TENANT_A, "s")).sku == "s"
        await cache.invalidate("stock", tenant_id=TENANT_A)
        await cache.invalidate_tenant(TENANT_A)
    finally:
        await down.aclose()
    assert catalogue.loads == 2
    assert signals.outages == [("redis", "cache")] * 4
