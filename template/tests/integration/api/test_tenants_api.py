"""The caller's tenant: read, rename, and delete with everything in it."""

import pytest
from httpx import AsyncClient
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.database import in_tenant
from app.core.permissions import Role
from app.modules.tenants import Tenant
from app.modules.users import User
from app.modules.users.models import RefreshToken
from tests.factories import DEFAULT_PASSWORD, create_user
from tests.support.auth import AsUser
from tests.support.logs import json_lines, json_logs_to_current_stderr

pytestmark = pytest.mark.integration


async def rows_of(db: AsyncSession, model: type, tenant: Tenant) -> int:
    with in_tenant(db, tenant.id):
        statement = select(func.count()).select_from(model).where(model.tenant_id == tenant.id)  # type: ignore[attr-defined]
        return int(await db.scalar(statement) or 0)


async def test_the_current_tenant_can_be_read_and_renamed(
    client: AsyncClient, tenant: Tenant, owner: User, as_user: AsUser
) -> None:
    assert (await client.get("/api/v1/tenants/current", headers=as_user(owner))).json()[
        "id"
    ] == str(tenant.id)
    renamed = await client.patch(
        "/api/v1/tenants/current", json={"name": "Renamed Co"}, headers=as_user(owner)
    )
    assert renamed.json()["name"] == "Renamed Co"
    blank = await client.patch(
        "/api/v1/tenants/current", json={"name": "  "}, headers=as_user(owner)
    )
    assert blank.status_code == 422


async def test_only_an_owner_deletes_the_tenant(
    client: AsyncClient, db: AsyncSession, tenant: Tenant, as_user: AsUser
) -> None:
    admin = await create_user(db, tenant, roles=["admin"])
    assert (
        await client.delete("/api/v1/tenants/current", headers=as_user(admin))
    ).status_code == 403


async def test_deleting_a_tenant_removes_all_its_rows_and_leaves_others_intact(
    client: AsyncClient,
    db: AsyncSession,
    tenant: Tenant,
    other_tenant: Tenant,
    as_user: AsUser,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    owner = await create_user(db, tenant, roles=["owner"])
    neighbour = await create_user(db, other_tenant, roles=["owner"])
    await client.post(
        "/api/v1/auth/login", json={"email": owner.email, "password": DEFAULT_PASSWORD}
    )
    await client.post(
        "/api/v1/auth/login", json={"email": neighbour.email, "password": DEFAULT_PASSWORD}
    )
    before = {model: await rows_of(db, model, other_tenant) for model in (User, Role, RefreshToken)}

    json_logs_to_current_stderr(monkeypatch)
    capsys.readouterr()
    assert (
        await client.delete("/api/v1/tenants/current", headers=as_user(owner))
    ).status_code == 204
    # Its audit trail went with it: the log keeps who deleted which tenant.
    [record] = [
        line for line in json_lines(capsys.readouterr().err) if line["event"] == "tenant_deleted"
    ]
    assert (record["deleted_tenant_id"], record["user_id"]) == (str(tenant.id), str(owner.id))

    for model in (User, Role, RefreshToken):
        assert await rows_of(db, model, tenant) == 0, model
        assert await rows_of(db, model, other_tenant) == before[model], model
    with in_tenant(db, other_tenant.id):
        assert await db.get(Tenant, other_tenant.id, populate_existing=True) is not None
    assert (await client.get("/api/v1/users/me", headers=as_user(owner))).status_code == 401


async def test_a_superuser_lists_every_tenant_and_an_owner_cannot(
    client: AsyncClient,
    db: AsyncSession,
    tenant: Tenant,
    other_tenant: Tenant,
    owner: User,
    as_user: AsUser,
) -> None:
    root = await create_user(db, tenant, roles=[], is_superuser=True)

    listed = await client.get("/api/v1/tenants", params={"page_size": 100}, headers=as_user(root))

    assert listed.status_code == 200
    assert {str(tenant.id), str(other_tenant.id)} <= {item["id"] for item in listed.json()["items"]}
    assert (await client.get("/api/v1/tenants", headers=as_user(owner))).status_code == 403
