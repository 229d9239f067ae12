"""GET /tenants/current is served from the cache and forgotten when the tenant changes."""

import pytest
from httpx import AsyncClient
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncSession

from app.modules.tenants import Tenant
from app.modules.users import User
from tests.factories import create_user
from tests.support.auth import AsUser

pytestmark = pytest.mark.integration

URL = "/api/v1/tenants/current"


async def test_the_current_tenant_is_cached_until_it_is_renamed(
    client: AsyncClient, db: AsyncSession, tenant: Tenant, owner: User, as_user: AsUser
) -> None:
    original = tenant.name
    assert (await client.get(URL, headers=as_user(owner))).json()["name"] == original
    tenant.name = "Changed Behind The Service's Back"
    await db.flush()
    assert (await client.get(URL, headers=as_user(owner))).json()["name"] == original
    renamed = await client.patch(URL, json={"name": "Renamed"}, headers=as_user(owner))
    assert renamed.status_code == 200
    assert (await client.get(URL, headers=as_user(owner))).json()["name"] == "Renamed"


async def test_each_tenant_reads_its_own_cached_tenant(
    client: AsyncClient,
    db: AsyncSession,
    owner: User,
    other_tenant: Tenant,
    tenant: Tenant,
    as_user: AsUser,
) -> None:
    other_owner = await create_user(db, other_tenant, roles=["owner"])
    for _ in range(2):
        mine = await client.get(URL, headers=as_user(owner))
        theirs = await client.get(URL, headers=as_user(other_owner))
        assert mine.json()["id"] == str(tenant.id)
        assert theirs.json()["id"] == str(other_tenant.id)


async def test_deleting_a_tenant_forgets_everything_cached_for_it(
    client: AsyncClient, redis: Redis, tenant: Tenant, owner: User, as_user: AsUser
) -> None:
    await client.get(URL, headers=as_user(owner))
    assert (await client.delete(URL, headers=as_user(owner))).status_code == 204
    assert await redis.get(f"cache:{{t:{tenant.id}}}:gen") == b"1"
