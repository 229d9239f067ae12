"""A request's session works in the caller's tenant only on routes that require the caller."""

import pytest
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncConnection

from app.config import Settings
from app.core.auth import CurrentActor
from app.core.database import DbSession, session_tenant
from app.core.routing import AgencyRouter
from app.modules.users import User
from tests.support.auth import bearer
from tests.support.custom_app import client_for, running_app

pytestmark = pytest.mark.integration

router = AgencyRouter(prefix="/probe", tags=["probe"])


class SessionTenant(BaseModel):
    tenant: str | None


def tenant_of(session: DbSession) -> SessionTenant:
    tenant = session_tenant(session)
    return SessionTenant(tenant=None if tenant is None else str(tenant))


@router.get("/public", response_model=SessionTenant, summary="No caller required")
async def public(session: DbSession) -> SessionTenant:
    return tenant_of(session)


@router.get("/session-first", response_model=SessionTenant, summary="The session, then the actor")
async def session_first(session: DbSession, _: CurrentActor) -> SessionTenant:
    return tenant_of(session)


@router.get("/actor-first", response_model=SessionTenant, summary="The actor, then the session")
async def actor_first(_: CurrentActor, session: DbSession) -> SessionTenant:
    return tenant_of(session)


async def test_a_route_that_requires_no_caller_keeps_a_session_without_tenant(
    settings: Settings, connection: AsyncConnection, owner: User
) -> None:
    async with (
        running_app(settings, connection, routers=[router]) as app,
        client_for(app) as client,
    ):
        answer = await client.get("/probe/public", headers=bearer(app, owner))
    assert answer.status_code == 200
    assert answer.json() == {"tenant": None}


@pytest.mark.parametrize("path", ["/probe/session-first", "/probe/actor-first"])
async def test_requiring_the_actor_puts_the_session_in_its_tenant_in_either_order(
    settings: Settings, connection: AsyncConnection, owner: User, path: str
) -> None:
    async with (
        running_app(settings, connection, routers=[router]) as app,
        client_for(app) as client,
    ):
        answer = await client.get(path, headers=bearer(app, owner))
    assert answer.status_code == 200
    assert answer.json() == {"tenant": str(owner.tenant_id)}
