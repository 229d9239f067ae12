"""Two sign-ups naming their tenants alike at the same moment both succeed, slugs apart.

This needs two real transactions on two connections, so it runs against a real pooled
engine with committed data (cleaned up afterwards), not the rolled-back test connection.
"""

import asyncio

import pytest
from fastapi import FastAPI

from app.core.database import app_session
from app.modules.tenants import Tenant, TenantService

pytestmark = pytest.mark.integration


async def test_a_slug_taken_by_an_uncommitted_sign_up_gets_a_suffix_instead_of_a_409(
    committed_app: FastAPI,
) -> None:
    created: list[Tenant] = []

    async def second_sign_up() -> None:
        async with app_session(committed_app) as session:
            created.append(await TenantService(session).create("Race Co"))

    try:
        async with app_session(committed_app) as session:
            created.append(await TenantService(session).create("Race Co"))
            racing = asyncio.create_task(second_sign_up())
            await asyncio.sleep(0.3)  # it found the slug free and now waits on the index
        await racing  # the first committed: the second retries with a suffix
        first, second = created
        assert first.slug == "race-co"
        assert second.slug.startswith("race-co-")
    finally:
        for tenant in created:
            async with app_session(committed_app, tenant.id) as session:
                await TenantService(session).delete(tenant.id)
