"""Two refreshes racing with the same token: exactly one wins, and the loser counts as reuse.

This needs two real transactions on two connections, so it runs against a real pooled
engine with committed data (cleaned up afterwards), not the rolled-back test connection.
"""

import asyncio
from uuid import UUID

import pytest
from fastapi import FastAPI

from app.core.database import set_tenant
from app.modules.tenants import TenantService
from tests.support.custom_app import client_for

pytestmark = pytest.mark.integration

PASSWORD = "correct horse battery staple"


async def test_two_concurrent_refreshes_of_one_token_give_exactly_one_success(
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
        try:
            responses = await asyncio.gather(
                *(
                    client.post("/api/v1/auth/refresh", json={"refresh_token": token})
                    for _ in range(2)
                )
            )
            assert sorted(response.status_code for response in responses) == [200, 401]
            [winner] = [response for response in responses if response.status_code == 200]
            successor = winner.cookies["refresh_token"]
            # The loser presented a token that was already rotated, which is what a stolen
            # copy looks like (RFC 9700 4.14): the family is revoked, the winner's token too.
            again = await client.post("/api/v1/auth/refresh", json={"refresh_token": successor})
            assert again.status_code == 401
        finally:
            me = await client.get(
                "/api/v1/users/me",
                headers={"Authorization": f"Bearer {registered.json()['access_token']}"},
            )
            async with committed_app.state.resources.sessionmaker() as session, session.begin():
                tenant_id = UUID(me.json()["tenant_id"])
                set_tenant(session, tenant_id)
                await TenantService(session).delete(tenant_id)
