"""Refreshes racing with the same token: exactly one rotates it, and the others, inside
the grace window, are handed the same successor (two browser tabs stay signed in).

This needs two real transactions on two connections, so it runs against a real pooled
engine with committed data (cleaned up afterwards), not the rolled-back test connection.
"""

import asyncio
from uuid import UUID

import pytest
from fastapi import FastAPI
from sqlalchemy import func, select

from app.core.database import in_tenant, set_tenant
from app.modules.tenants import TenantService
from app.modules.users.models import RefreshToken
from tests.support.custom_app import client_for

pytestmark = pytest.mark.integration

PASSWORD = "correct horse battery staple"


async def test_concurrent_refreshes_of_one_token_rotate_it_once_and_share_the_successor(
    committed_app: FastAPI,
) -> None:
    async with client_for(committed_app) as client:
        registered = await client.post(
            "/api/v1/auth/register",
            json={
                "email": "racer@example.com",
                "password": PASSWORD,
                "full_name": "Race Condition",
                "tenant_name": "Racers",
            },
        )
        assert registered.status_code == 201, registered.text
        token = client.cookies.get("refresh_token")
        assert token
        client.cookies.clear()
        me = await client.get(
            "/api/v1/users/me",
            headers={"Authorization": f"Bearer {registered.json()['access_token']}"},
        )
        try:
            responses = await asyncio.gather(
                *(
                    client.post("/api/v1/auth/refresh", json={"refresh_token": token})
                    for _ in range(20)
                )
            )
            assert [response.status_code for response in responses] == [200] * 20
            successors = {response.cookies["refresh_token"] for response in responses}
            assert len(successors) == 1  # every tab got the same successor
            async with committed_app.state.resources.sessionmaker() as session:
                with in_tenant(session, UUID(me.json()["tenant_id"])):
                    rows = await session.scalar(
                        select(func.count())
                        .select_from(RefreshToken)
                        .where(RefreshToken.user_id == UUID(me.json()["id"]))
                    )
            assert rows == 2  # the sign-in's token and exactly one new token
            client.cookies.clear()
            [successor] = successors
            again = await client.post("/api/v1/auth/refresh", json={"refresh_token": successor})
            assert again.status_code == 200
        finally:
            async with committed_app.state.resources.sessionmaker() as session, session.begin():
                tenant_id = UUID(me.json()["tenant_id"])
                set_tenant(session, tenant_id)
                await TenantService(session).delete(tenant_id)
