"""Reads that skip the ORM session see one tenant, as the session does."""

import pytest
from sqlalchemy import bindparam, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession

from app.core.database import create_sessionmaker, set_tenant
from app.core.database.reads import TenantReads
from app.core.database.tenant_queries import CompiledQuery, PageQuery, TenantQuery
from app.modules.tenants import Tenant, TenantService
from app.modules.users import User
from tests.factories import create_tenant, create_user

pytestmark = pytest.mark.integration

EMAILS = PageQuery(select(User.email).order_by(User.email))
BY_ID = TenantQuery(select(User.email).where(User.id == bindparam("user_id")))


async def test_a_page_lists_and_counts_only_the_tenants_rows(
    db: AsyncSession, connection: AsyncConnection, tenant: Tenant, other_tenant: Tenant
) -> None:
    mine = [await create_user(db, tenant) for _ in range(3)]
    await create_user(db, other_tenant)
    reads = TenantReads(connection)
    rows, total = await reads.page(tenant.id, EMAILS, limit=2, offset=0)
    assert total == 3
    assert [row["email"] for row in rows] == sorted(user.email for user in mine)[:2]
    assert await reads.page(tenant.id, EMAILS, limit=2, offset=10) == ([], 3)
    assert await reads.page(tenant.id, EMAILS, limit=2, offset=0) == (rows, 3)


async def test_another_tenants_row_is_not_found(
    db: AsyncSession, connection: AsyncConnection, tenant: Tenant, other_tenant: Tenant
) -> None:
    theirs = await create_user(db, other_tenant)
    reads = TenantReads(connection)
    assert await reads.one(tenant.id, BY_ID, user_id=theirs.id) is None
    assert await reads.one(other_tenant.id, BY_ID, user_id=theirs.id) == {"email": theirs.email}


async def test_a_failed_read_leaves_the_shared_connection_usable(
    db: AsyncSession, connection: AsyncConnection, tenant: Tenant
) -> None:
    broken = CompiledQuery("SELECT no_such_column FROM users", ())
    with pytest.raises(Exception, match="no_such_column"):
        await TenantReads(connection).fetch(tenant.id, broken, {})
    assert await create_user(db, tenant)


async def test_on_the_pool_a_read_sees_committed_rows_of_its_tenant_only(
    engine: AsyncEngine,
) -> None:
    sessions = create_sessionmaker(engine)
    async with sessions() as session, session.begin():
        mine = await create_tenant(session, "Pool A")
        theirs = await create_tenant(session, "Pool B")
        alice = await create_user(session, mine)
        bob = await create_user(session, theirs)
    try:
        reads = TenantReads(engine)  # as the app reads: a pooled connection of its own
        assert await reads.one(mine.id, BY_ID, user_id=alice.id) == {"email": alice.email}
        assert await reads.one(mine.id, BY_ID, user_id=bob.id) is None
        assert await reads.page(mine.id, EMAILS, limit=5, offset=0) == ([{"email": alice.email}], 1)
    finally:
        for tenant_id in (mine.id, theirs.id):
            async with sessions() as session, session.begin():
                set_tenant(session, tenant_id)
                await TenantService(session).delete(tenant_id)
