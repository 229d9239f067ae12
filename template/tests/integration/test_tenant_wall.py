"""The application wall: the ORM only ever sees and writes the session tenant's rows."""

import pytest
from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.database import (
    TenantContextRequired,
    bypass_tenant,
    database_wall,
    in_tenant,
    set_tenant,
)
from app.core.permissions import Role, UserRole
from app.modules.tenants import Tenant
from app.modules.users import User
from tests.factories import UserFactory, create_user

pytestmark = pytest.mark.integration


@pytest.fixture
async def two_users(db: AsyncSession, tenant: Tenant, other_tenant: Tenant) -> tuple[User, User]:
    mine = await create_user(db, tenant)
    theirs = await create_user(db, other_tenant)
    set_tenant(db, tenant.id)
    return mine, theirs


async def test_a_query_without_a_tenant_raises(db: AsyncSession) -> None:
    db.info.pop("tenant_id", None)
    with pytest.raises(TenantContextRequired):
        await db.scalars(select(User))
    with pytest.raises(TenantContextRequired):
        await db.scalar(select(func.count()).select_from(User))


async def test_selects_see_only_the_session_tenant(
    db: AsyncSession, two_users: tuple[User, User]
) -> None:
    mine, theirs = two_users
    assert set(await db.scalars(select(User.id))) == {mine.id}
    assert await db.scalar(select(func.count()).select_from(User)) == 1
    assert await db.get(User, theirs.id, populate_existing=True) is None


async def test_updates_and_deletes_touch_only_the_session_tenant(
    db: AsyncSession, two_users: tuple[User, User]
) -> None:
    mine, theirs = two_users
    await db.execute(update(User).values(full_name="Changed"))
    await db.execute(delete(User).where(User.id == theirs.id))
    names = {}
    for user in (mine, theirs):
        with in_tenant(db, user.tenant_id):
            rows = await db.execute(select(User.id, User.full_name))
            names.update({row.id: row.full_name for row in rows})
    assert names[mine.id] == "Changed"
    assert theirs.id in names
    assert names[theirs.id] != "Changed"


async def test_inserts_are_stamped_with_the_session_tenant(
    db: AsyncSession, tenant: Tenant
) -> None:
    set_tenant(db, tenant.id)
    user = UserFactory.build(tenant_id=None)
    db.add(user)
    await db.flush()
    assert user.tenant_id == tenant.id


async def test_an_insert_into_another_tenant_is_refused(
    db: AsyncSession, tenant: Tenant, other_tenant: Tenant
) -> None:
    set_tenant(db, tenant.id)
    db.add(UserFactory.build(tenant_id=other_tenant.id))
    with pytest.raises(TenantContextRequired):
        await db.flush()


async def test_an_insert_without_a_tenant_is_refused(db: AsyncSession) -> None:
    db.info.pop("tenant_id", None)
    db.add(UserFactory.build(tenant_id=None))
    with pytest.raises(TenantContextRequired):
        await db.flush()


async def test_moving_a_row_to_another_tenant_is_refused(
    db: AsyncSession, two_users: tuple[User, User], other_tenant: Tenant
) -> None:
    mine, _ = two_users
    mine.tenant_id = other_tenant.id
    with pytest.raises(TenantContextRequired):
        await db.flush()


async def test_bulk_inserts_are_stamped_and_checked(
    db: AsyncSession, two_users: tuple[User, User], tenant: Tenant, other_tenant: Tenant
) -> None:
    mine, theirs = two_users
    role = await db.scalar(select(Role).where(Role.name == "viewer"))
    assert role is not None
    await db.execute(insert(UserRole), [{"user_id": mine.id, "role_id": role.id}])
    assert (
        await db.scalar(
            select(UserRole).where(UserRole.user_id == mine.id, UserRole.role_id == role.id)
        )
    ) is not None
    with pytest.raises(TenantContextRequired):
        await db.execute(
            insert(UserRole),
            [{"user_id": theirs.id, "role_id": role.id, "tenant_id": other_tenant.id}],
        )


async def test_bypass_lifts_the_orm_filter(db: AsyncSession, two_users: tuple[User, User]) -> None:
    mine, theirs = two_users
    db.info.pop("tenant_id", None)
    with bypass_tenant(db):  # no TenantContextRequired without a tenant
        ids = set(await db.scalars(select(User.id)))
    if database_wall():
        assert ids == set()  # the database still shows only the session's tenant: none
    else:
        assert {mine.id, theirs.id} <= ids
