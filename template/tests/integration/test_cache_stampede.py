"""Stampede protection: one load per key, however many callers miss at once."""

import asyncio

import pytest
from redis.asyncio import Redis

from app.core.cache import Cache, cached
from tests.support.catalogue import TENANT_A, Catalogue, stock_entry_name, tenant

pytestmark = pytest.mark.integration


async def test_twenty_concurrent_misses_run_the_loader_once(cache: Cache) -> None:
    catalogue = Catalogue(cache, delay=0.1)
    with tenant(TENANT_A):
        prices = await asyncio.gather(*(catalogue.price("hot") for _ in range(20)))
    assert catalogue.loads == 1
    assert {price.cents for price in prices} == {100}
    assert len({id(price) for price in prices}) > 1  # each caller decodes its own copy


async def test_concurrent_misses_in_two_processes_load_once(redis: Redis) -> None:
    """Two `Cache` objects stand for two processes: the Redis lock makes one wait."""
    first, second = Catalogue(Cache(redis), delay=0.2), Catalogue(Cache(redis), delay=0.2)
    calls = [replica.stock(TENANT_A, "hot") for replica in (first, second) for _ in range(10)]
    stocks = await asyncio.gather(*calls)
    assert first.loads + second.loads == 1
    assert {stock.levels for stock in stocks} == {(100, 2)}


async def test_a_failing_loader_fails_its_waiters_and_is_not_cached(cache: Cache) -> None:
    attempts = 0

    class Flaky:
        def __init__(self) -> None:
            self.cache = cache

        @cached(namespace="flaky", ttl=60, global_=True)
        async def value(self) -> int:
            nonlocal attempts
            attempts += 1
            await asyncio.sleep(0.05)
            if attempts == 1:
                raise LookupError("backend hiccup")
            return 7

    flaky = Flaky()
    results = await asyncio.gather(*(flaky.value() for _ in range(5)), return_exceptions=True)
    assert all(isinstance(result, LookupError) for result in results)
    assert await flaky.value() == 7
    assert attempts == 2


async def test_when_the_loading_caller_is_cancelled_a_waiter_loads(cache: Cache) -> None:
    catalogue = Catalogue(cache, delay=0.2)
    leader = asyncio.create_task(catalogue.stock(TENANT_A, "sku-1"))
    await asyncio.sleep(0.02)
    waiter = asyncio.create_task(catalogue.stock(TENANT_A, "sku-1"))
    await asyncio.sleep(0.02)
    leader.cancel()
    assert (await waiter).sku == "sku-1"
    assert leader.cancelled()
    assert catalogue.loads == 2


async def test_a_cancelled_waiter_leaves_the_load_to_finish(cache: Cache) -> None:
    catalogue = Catalogue(cache, delay=0.1)
    leader = asyncio.create_task(catalogue.stock(TENANT_A, "sku-1"))
    await asyncio.sleep(0.02)
    waiter = asyncio.create_task(catalogue.stock(TENANT_A, "sku-1"))
    await asyncio.sleep(0.02)
    waiter.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiter
    assert (await leader).sku == "sku-1"
    assert catalogue.loads == 1


async def test_a_stuck_peer_is_waited_for_briefly_then_bypassed(redis: Redis) -> None:
    cache = Cache(redis, wait_seconds=0.2, poll_seconds=0.02)
    catalogue = Catalogue(cache)
    await redis.set(stock_entry_name("lock", TENANT_A, "s"), "peer")
    assert (await catalogue.stock(TENANT_A, "s")).sku == "s"
    assert catalogue.loads == 1


async def test_a_peers_value_that_does_not_decode_is_reloaded(redis: Redis) -> None:
    cache = Cache(redis, wait_seconds=0.2, poll_seconds=0.02)
    catalogue = Catalogue(cache)
    await redis.set(stock_entry_name("lock", TENANT_A, "s"), "peer")
    await redis.set(stock_entry_name("val", TENANT_A, "s"), b"0.0|not json")
    assert (await catalogue.stock(TENANT_A, "s")).levels == (100, 2)
    assert catalogue.loads == 1
