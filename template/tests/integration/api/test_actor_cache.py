"""Remembered actors answer without a query, and every change to them applies at once.

The app remembers each caller's actor (active flag, superuser flag, permissions) until a
write that changes it commits; Redis holds the generation tokens every process checks.
"""

import time
from collections.abc import AsyncIterator
from contextlib import AbstractContextManager
from uuid import uuid4

import pytest
from fastapi import FastAPI
from httpx import AsyncClient
from redis.asyncio import Redis
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from app.config import RateLimitSettings, RedisSettings, Settings
from app.core.auth import Principal
from app.core.auth.actor_cache import ALL_TENANTS, ActorCache, generation_keys
from app.core.auth.principal import Actor
from app.core.database import app_session, bypass_tenant
from app.modules.tenants import Tenant
from app.modules.users import User
from tests.conftest import make_settings
from tests.factories import create_user
from tests.support.auth import AsUser, bearer
from tests.support.custom_app import CLOSED_PORT_REDIS, client_for, running_app
from tests.support.sql_statements import statements_sent

pytestmark = pytest.mark.integration

ME = "/api/v1/users/me"
AUDIT = "/api/v1/audit-logs"


def actor_queries(connection: AsyncConnection) -> AbstractContextManager[list[str]]:
    """The actor lookups (the permissions join) the database receives inside the block."""
    return statements_sent(connection, containing="array_agg")


@pytest.fixture
async def member(db: AsyncSession, tenant: Tenant) -> User:
    return await create_user(db, tenant, roles=["member"])


async def deactivate(client: AsyncClient, member: User, owner_headers: dict[str, str]) -> None:
    """The owner turns the member's account off through the API."""
    changed = await client.patch(
        f"/api/v1/users/{member.id}", json={"is_active": False}, headers=owner_headers
    )
    assert changed.status_code == 200


async def actor_queries_for_two_requests(
    settings: Settings, connection: AsyncConnection, owner: User
) -> list[str]:
    """The actor lookups an app started with `settings` makes while answering GET /me twice."""
    async with running_app(settings, connection) as app, client_for(app) as client:
        with actor_queries(connection) as queries:
            for _ in range(2):
                assert (await client.get(ME, headers=bearer(app, owner))).status_code == 200
    return queries


async def test_a_remembered_actor_answers_without_asking_the_database(
    client: AsyncClient, connection: AsyncConnection, owner: User, as_user: AsUser
) -> None:
    with actor_queries(connection) as queries:
        first = await client.get(ME, headers=as_user(owner))
        second = await client.get(ME, headers=as_user(owner))
    assert first.status_code == second.status_code == 200
    assert len(queries) == 1


async def test_deactivating_a_user_refuses_its_next_request(
    client: AsyncClient, owner: User, member: User, as_user: AsUser
) -> None:
    assert (await client.get(ME, headers=as_user(member))).status_code == 200
    await deactivate(client, member, as_user(owner))
    assert (await client.get(ME, headers=as_user(member))).status_code == 401


async def test_deleting_a_user_refuses_its_next_request(
    client: AsyncClient, owner: User, member: User, as_user: AsUser
) -> None:
    assert (await client.get(ME, headers=as_user(member))).status_code == 200
    deleted = await client.delete(f"/api/v1/users/{member.id}", headers=as_user(owner))
    assert deleted.status_code == 204
    assert (await client.get(ME, headers=as_user(member))).status_code == 401


async def test_new_roles_apply_to_the_next_request_both_ways(
    client: AsyncClient, owner: User, member: User, as_user: AsUser
) -> None:
    assert (await client.get(AUDIT, headers=as_user(member))).status_code == 403

    async def give(roles: list[str]) -> None:
        response = await client.put(
            f"/api/v1/users/{member.id}/roles", json={"roles": roles}, headers=as_user(owner)
        )
        assert response.status_code == 200

    await give(["admin"])
    assert (await client.get(AUDIT, headers=as_user(member))).status_code == 200
    await give(["member"])
    assert (await client.get(AUDIT, headers=as_user(member))).status_code == 403


@pytest.fixture
async def second_process(
    settings: Settings, connection: AsyncConnection, redis: Redis
) -> AsyncIterator[AsyncClient]:
    """Another instance of the service: its own memory, the same database and Redis."""
    async with running_app(settings, connection) as app, client_for(app) as client:
        yield client


async def test_a_change_made_by_one_process_applies_in_the_others(
    client: AsyncClient,
    second_process: AsyncClient,
    owner: User,
    member: User,
    as_user: AsUser,
) -> None:
    assert (await second_process.get(ME, headers=as_user(member))).status_code == 200
    await deactivate(client, member, as_user(owner))
    assert (await second_process.get(ME, headers=as_user(member))).status_code == 401


async def test_tokens_lost_by_redis_are_minted_anew_and_match_nothing_remembered(
    client: AsyncClient,
    connection: AsyncConnection,
    redis: Redis,
    owner: User,
    as_user: AsUser,
) -> None:
    with actor_queries(connection) as queries:
        await client.get(ME, headers=as_user(owner))
        await redis.flushdb()
        assert (await client.get(ME, headers=as_user(owner))).status_code == 200
    assert len(queries) == 2
    assert await redis.get(generation_keys(owner.tenant_id)[0])


async def test_a_bulk_change_outside_any_tenant_renews_every_tenants_token(
    app: FastAPI, client: AsyncClient, redis: Redis, owner: User, as_user: AsUser
) -> None:
    await client.get(ME, headers=as_user(owner))
    before = await redis.mget(ALL_TENANTS, generation_keys(owner.tenant_id)[0])
    async with app_session(app) as session:
        with bypass_tenant(session):
            statement = update(User).where(User.id == owner.id).values(is_superuser=True)
            await session.execute(statement)
    after = await redis.mget(ALL_TENANTS, generation_keys(owner.tenant_id)[0])
    assert after[0] != before[0]
    assert after[1] == before[1]


async def test_a_change_that_does_not_touch_an_actor_keeps_the_tokens(
    client: AsyncClient, redis: Redis, owner: User, as_user: AsUser
) -> None:
    await client.get(ME, headers=as_user(owner))
    key = generation_keys(owner.tenant_id)[0]
    before = await redis.get(key)
    renamed = await client.patch(ME, json={"full_name": "Renamed"}, headers=as_user(owner))
    assert renamed.status_code == 200
    assert await redis.get(key) == before


async def test_without_redis_every_request_asks_the_database(
    connection: AsyncConnection, owner: User
) -> None:
    settings = make_settings(redis=RedisSettings(_env_file=None, url=CLOSED_PORT_REDIS))
    queries = await actor_queries_for_two_requests(settings, connection, owner)
    assert len(queries) == 2


@pytest.mark.parametrize(("redis_url", "queries_expected"), [(None, 1), (CLOSED_PORT_REDIS, 2)])
async def test_without_the_rate_limiter_the_cache_reads_its_own_tokens(
    connection: AsyncConnection, owner: User, redis_url: str | None, queries_expected: int
) -> None:
    groups: dict[str, object] = {"rate_limit": RateLimitSettings(_env_file=None, enabled=False)}
    if redis_url is not None:
        groups["redis"] = RedisSettings(_env_file=None, url=redis_url)
    queries = await actor_queries_for_two_requests(make_settings(**groups), connection, owner)
    assert len(queries) == queries_expected


async def test_with_the_cache_turned_off_every_request_asks_the_database(
    settings: Settings, connection: AsyncConnection, owner: User
) -> None:
    auth = settings.auth.model_copy(update={"actor_cache_seconds": 0})
    queries = await actor_queries_for_two_requests(make_settings(auth=auth), connection, owner)
    assert len(queries) == 2


async def test_a_remembered_actor_expires_after_its_time(
    redis: Redis, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = ActorCache(redis, ttl_seconds=60)
    principal = Principal(user_id=uuid4(), tenant_id=uuid4(), token_id="t")
    actor = Actor(user_id=principal.user_id, tenant_id=principal.tenant_id, is_superuser=False)
    stamp = (b"a", b"b")
    cache.put(principal, stamp, actor)
    assert cache.get(principal, stamp) is actor
    assert cache.get(principal, (b"a", b"c")) is None  # another token: changed since
    later = time.monotonic() + 61
    monkeypatch.setattr(time, "monotonic", lambda: later)
    assert cache.get(principal, stamp) is None


async def test_the_memory_of_actors_is_bounded(redis: Redis) -> None:
    cache = ActorCache(redis, ttl_seconds=60, max_actors=2)
    principals = [Principal(user_id=uuid4(), tenant_id=uuid4(), token_id="t") for _ in range(3)]
    for principal in principals:
        actor = Actor(user_id=principal.user_id, tenant_id=principal.tenant_id, is_superuser=True)
        cache.put(principal, (b"s",), actor)
    assert cache.get(principals[0], (b"s",)) is None  # the oldest made room
    assert cache.get(principals[2], (b"s",)) is not None


async def test_a_failed_invalidation_makes_this_process_forget(owner: User) -> None:
    dead = Redis.from_url(CLOSED_PORT_REDIS)
    cache = ActorCache(dead, ttl_seconds=60)
    principal = Principal(user_id=owner.id, tenant_id=owner.tenant_id, token_id="t")
    cache.put(principal, (b"s",), Actor(owner.id, owner.tenant_id, is_superuser=False))
    await cache.invalidate({owner.tenant_id})
    assert cache.get(principal, (b"s",)) is None
    await dead.aclose()
