"""Reads that skip the ORM session see one tenant, as the session does."""

import pytest
from sqlalchemy import bindparam, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from app.core.database.reads import TenantReads
from app.core.database.tenant_queries import CompiledQuery, PageQuery, TenantQuery
from app.features import enabled_feature_names
from app.modules.tenants import Tenant
from app.modules.users import User
from tests.factories import create_user

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


@pytest.mark.skipif(
    "postgres_rls" not in enabled_feature_names(), reason="the database wall is postgres_rls"
)
async def test_row_level_security_holds_for_sql_without_the_filter(
    db: AsyncSession, connection: AsyncConnection, tenant: Tenant, other_tenant: Tenant
) -> None:
    mine = await create_user(db, tenant)
    await create_user(db, other_tenant)
    unfiltered = CompiledQuery("SELECT tenant_id FROM users", ())
    rows = await TenantReads(connection).fetch(tenant.id, unfiltered, {})
    assert {row["tenant_id"] for row in rows} == {mine.tenant_id}


async def test_a_failed_read_leaves_the_shared_connection_usable(
    db: AsyncSession, connection: AsyncConnection, tenant: Tenant
) -> None:
    broken = CompiledQuery("SELECT no_such_column FROM users", ())
    with pytest.raises(Exception, match="no_such_column"):
        await TenantReads(connection).fetch(tenant.id, broken, {})
    assert await create_user(db, tenant)
