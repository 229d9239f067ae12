"""Two owners demoting each other at the same moment: the tenant keeps one of them.

This needs two real transactions on two connections, so it runs against a real pooled
engine with committed data (cleaned up afterwards), not the rolled-back test connection.
"""

import asyncio
from collections.abc import AsyncIterator

import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from app.config import Settings
from app.core.auth import Actor
from app.core.database import app_session
from app.core.errors import BusinessRuleError
from app.modules.tenants import Tenant, TenantService
from app.modules.users import User
from app.modules.users.services import SignInTokens, UserService
from tests.factories import create_tenant, create_user

pytestmark = pytest.mark.integration

OWNER_RIGHTS = frozenset({"tenants:delete", "roles:assign", "users:update"})


@pytest.fixture
async def two_owners(committed_app: FastAPI) -> AsyncIterator[tuple[User, User]]:
    async with app_session(committed_app) as session:
        tenant: Tenant = await create_tenant(session, "Two Owners")
        first = await create_user(session, tenant, roles=["owner"])
        second = await create_user(session, tenant, roles=["owner"])
    yield first, second
    async with app_session(committed_app, tenant.id) as session:
        await TenantService(session).delete(tenant.id)


def users_of(app: FastAPI, session: AsyncSession) -> UserService:
    settings: Settings = app.state.settings
    tokens = SignInTokens(session, app.state.access_tokens, settings.auth)
    return UserService(session, app.state.passwords, tokens, settings.auth)


def acting_as(user: User) -> Actor:
    return Actor(user.id, user.tenant_id, is_superuser=False, permissions=OWNER_RIGHTS)


async def test_two_owners_demoting_each_other_at_once_leave_one_owner(
    committed_app: FastAPI, two_owners: tuple[User, User]
) -> None:
    first, second = two_owners

    async def second_demotes_first() -> None:
        async with app_session(committed_app, first.tenant_id) as session:
            await users_of(committed_app, session).set_roles(acting_as(second), first.id, ["admin"])

    async with app_session(committed_app, first.tenant_id) as session:
        await users_of(committed_app, session).set_roles(acting_as(first), second.id, ["admin"])
        racing = asyncio.create_task(second_demotes_first())
        await asyncio.sleep(0.3)
        assert not racing.done(), "the second demotion did not wait for the first"
    # the first demotion commits here; the second now sees that `first` is the last owner
    with pytest.raises(BusinessRuleError, match="last owner"):
        await racing
