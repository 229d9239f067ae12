"""`just seed` gives two demo tenants with a user in every role, and prints how to sign in."""

import pytest
from httpx import AsyncClient
from scripts.seed import DEMO_PASSWORD, demo, load
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.auth import Passwords
from app.core.database import in_tenant
from app.modules.tenants import Tenant
from tests.conftest import make_settings
from tests.support.tenants import user_with_email

pytestmark = pytest.mark.integration


@pytest.fixture
def passwords() -> Passwords:
    return Passwords(make_settings().auth)


async def test_the_demo_scenario_creates_two_tenants_with_every_role(
    db: AsyncSession, passwords: Passwords, client: AsyncClient
) -> None:
    credentials = await demo(db, passwords)
    assert {c.tenant for c in credentials} == {"Acme Demo", "Globex Demo"}
    assert {c.role for c in credentials} == {"owner", "admin", "member", "viewer"}
    assert len(credentials) == 8
    viewer = next(c for c in credentials if c.role == "viewer")
    login = await client.post(
        "/api/v1/auth/login", json={"email": viewer.email, "password": viewer.password}
    )
    assert login.status_code == 200
    headers = {"Authorization": f"Bearer {login.json()['access_token']}"}
    assert (await client.get("/api/v1/users", headers=headers)).json()["total"] == 4


async def test_seeding_the_demo_twice_changes_nothing(
    db: AsyncSession, passwords: Passwords
) -> None:
    first = await demo(db, passwords)
    second = await demo(db, passwords)
    assert [c.email for c in first] == [c.email for c in second]
    names = set()
    for credentials in second:
        user = await user_with_email(db, credentials.email)
        assert user is not None
        with in_tenant(db, user.tenant_id):
            names.add(await db.scalar(select(Tenant.name).where(Tenant.id == user.tenant_id)))
    assert sorted(names) == ["Acme Demo", "Globex Demo"]


async def test_the_load_scenario_creates_one_tenant_with_many_users(
    db: AsyncSession, passwords: Passwords, client: AsyncClient
) -> None:
    (owner,) = await load(db, passwords, users=12)
    assert owner.password == DEMO_PASSWORD
    login = await client.post(
        "/api/v1/auth/login", json={"email": owner.email, "password": owner.password}
    )
    headers = {"Authorization": f"Bearer {login.json()['access_token']}"}
    assert (await client.get("/api/v1/users", headers=headers)).json()["total"] == 12
