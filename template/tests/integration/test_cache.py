"""The tenant-scoped cache against a real Redis: isolation, types, invalidation."""

import asyncio

import pytest
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.cache import Cache, CacheKey, CacheScopeError, Codec, invalidate_on_commit
from app.core.database import commit, rollback
from tests.support.catalogue import (
    TENANT_A,
    TENANT_B,
    Catalogue,
    Price,
    Stock,
    stock_entry_name,
    tenant,
)
from tests.support.signals import RecordingSignals

pytestmark = pytest.mark.integration


async def test_the_same_call_under_two_tenants_never_sees_the_others_value(cache: Cache) -> None:
    catalogue = Catalogue(cache)
    with tenant(TENANT_A):
        assert (await catalogue.price("sku-1")).tenant_id == TENANT_A
    with tenant(TENANT_B):
        assert (await catalogue.price("sku-1")).tenant_id == TENANT_B
    with tenant(TENANT_A):
        assert (await catalogue.price("sku-1")).tenant_id == TENANT_A
    assert catalogue.loads == 2


async def test_a_hit_returns_the_declared_type(cache: Cache, signals: RecordingSignals) -> None:
    catalogue = Catalogue(cache)
    loaded = await catalogue.stock(TENANT_A, "sku-1")
    hit = await catalogue.stock(TENANT_A, "sku-1")
    assert isinstance(hit, Stock)
    assert hit == loaded == Stock(tenant_id=TENANT_A, sku="sku-1", levels=(100, 2))
    with tenant(TENANT_A):
        first, second = await catalogue.price("sku-1"), await catalogue.price("sku-1")
    assert isinstance(second, Price)
    assert second == first
    assert catalogue.loads == 2
    assert signals.lookups == [
        ("stock", False),
        ("stock", True),
        ("prices", False),
        ("prices", True),
    ]


async def test_none_is_cached_like_any_other_answer(cache: Cache) -> None:
    catalogue = Catalogue(cache)
    with tenant(TENANT_A):
        assert await catalogue.discontinued("abc") is None
        assert await catalogue.discontinued("ABC") is None  # same key: the key function says so
    assert catalogue.loads == 1


async def test_shared_data_needs_global_and_everything_else_a_tenant(cache: Cache) -> None:
    catalogue = Catalogue(cache)
    assert await catalogue.currencies() == ["EUR", "USD"]
    with tenant(TENANT_B):
        assert await catalogue.currencies() == ["EUR", "USD"]
    assert catalogue.loads == 1
    with pytest.raises(CacheScopeError):
        await catalogue.price("sku-1")  # no tenant in context, none passed


async def test_invalidating_a_namespace_makes_the_next_call_miss(cache: Cache) -> None:
    catalogue = Catalogue(cache)
    with tenant(TENANT_A):
        await catalogue.price("sku-1")
        catalogue.cents = 250
        assert (await catalogue.price("sku-1")).cents == 100
        await cache.invalidate("prices")
        assert (await catalogue.price("sku-1")).cents == 250
    assert catalogue.loads == 2


async def test_invalidation_is_per_tenant_and_per_namespace(cache: Cache) -> None:
    catalogue = Catalogue(cache)
    for tenant_id in (TENANT_A, TENANT_B):
        await catalogue.stock(tenant_id, "sku-1")
    await cache.invalidate("prices", tenant_id=TENANT_A)  # another namespace
    await cache.invalidate("stock", tenant_id=TENANT_B)  # another tenant
    await catalogue.stock(TENANT_A, "sku-1")
    assert catalogue.loads == 2
    await cache.invalidate_tenant(TENANT_A)
    await catalogue.stock(TENANT_A, "sku-1")
    assert catalogue.loads == 3


async def test_a_value_loaded_before_an_invalidation_is_not_served_after_it(cache: Cache) -> None:
    catalogue = Catalogue(cache, delay=0.2)
    slow = asyncio.create_task(catalogue.stock(TENANT_A, "sku-1"))  # reads the old price
    await asyncio.sleep(0.05)
    catalogue.cents = 999
    await cache.invalidate("stock", tenant_id=TENANT_A)  # the change commits meanwhile
    assert (await slow).levels[0] == 100
    assert (await catalogue.stock(TENANT_A, "sku-1")).levels[0] == 999


async def test_a_ttl_under_a_second_is_refused(cache: Cache) -> None:
    catalogue = Catalogue(cache)
    with pytest.raises(ValueError, match="ttl"):
        await cache.get_or_load(
            CacheKey.build("stock", "s", tenant_id=TENANT_A),
            lambda: catalogue.stock(TENANT_A, "s"),
            Codec.for_type(Stock),
            ttl=0,
        )


async def test_an_entry_that_no_longer_decodes_is_a_miss(redis: Redis, cache: Cache) -> None:
    catalogue = Catalogue(cache)
    await redis.set(
        stock_entry_name("val", TENANT_A, "s"), b'0.0|{"sku": "s", "levels": "not a tuple"}'
    )
    assert (await catalogue.stock(TENANT_A, "s")).levels == (100, 2)
    assert catalogue.loads == 1


async def test_invalidation_on_commit_waits_for_the_commit(db: AsyncSession, cache: Cache) -> None:
    catalogue = Catalogue(cache)
    await catalogue.stock(TENANT_A, "s")
    invalidate_on_commit(db, cache, "stock", tenant_id=TENANT_A)
    await catalogue.stock(TENANT_A, "s")
    assert catalogue.loads == 1  # not yet committed: still cached
    await commit(db)
    await catalogue.stock(TENANT_A, "s")
    assert catalogue.loads == 2
    invalidate_on_commit(db, cache, "stock", tenant_id=TENANT_A)
    await rollback(db)
    await catalogue.stock(TENANT_A, "s")
    assert catalogue.loads == 2  # rolled back: nothing to forget


async def test_invalidation_without_a_tenant_fails_at_the_call_site(db: AsyncSession) -> None:
    with pytest.raises(CacheScopeError):
        invalidate_on_commit(db, None, "stock")
