"""Roles decide what a user may do inside their tenant; superusers may do everything."""

import pytest
from httpx import AsyncClient
from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.database import set_tenant
from app.core.permissions import Permission, Role, RolePermission
from app.modules.tenants import Tenant
from app.modules.users import User
from tests.factories import create_user
from tests.support.auth import AsUser

pytestmark = pytest.mark.integration


def new_user(email: str = "added@example.com") -> dict[str, object]:
    return {"email": email, "full_name": "Added Person"}


async def test_a_viewer_cannot_write(
    client: AsyncClient, db: AsyncSession, tenant: Tenant, as_user: AsUser
) -> None:
    viewer = await create_user(db, tenant, roles=["viewer"])
    assert (await client.get("/api/v1/users", headers=as_user(viewer))).status_code == 200
    response = await client.post("/api/v1/users", json=new_user(), headers=as_user(viewer))
    assert response.status_code == 403
    assert response.headers["content-type"] == "application/problem+json"
    assert "users:create" in response.json()["detail"]
    assert (
        await client.patch("/api/v1/tenants/current", json={"name": "x"}, headers=as_user(viewer))
    ).status_code == 403


async def test_a_member_cannot_delete_users_but_an_owner_can(
    client: AsyncClient, db: AsyncSession, tenant: Tenant, owner: User, as_user: AsUser
) -> None:
    member = await create_user(db, tenant, roles=["member"])
    victim = await create_user(db, tenant, roles=["viewer"])
    assert (
        await client.delete(f"/api/v1/users/{victim.id}", headers=as_user(member))
    ).status_code == 403
    assert (
        await client.delete(f"/api/v1/users/{victim.id}", headers=as_user(owner))
    ).status_code == 204
    assert (
        await client.get(f"/api/v1/users/{victim.id}", headers=as_user(owner))
    ).status_code == 404


async def test_a_custom_role_with_users_read_can_list_users(
    client: AsyncClient, db: AsyncSession, tenant: Tenant, as_user: AsUser
) -> None:
    set_tenant(db, tenant.id)
    auditor = Role(tenant_id=tenant.id, name="auditor", description="Reads the user list")
    db.add(auditor)
    await db.flush()
    read_users = await db.scalar(
        select(Permission.id).where(Permission.resource == "users", Permission.action == "read")
    )
    await db.execute(
        insert(RolePermission),
        [{"tenant_id": tenant.id, "role_id": auditor.id, "permission_id": read_users}],
    )
    user = await create_user(db, tenant, roles=["auditor"])
    assert (await client.get("/api/v1/users", headers=as_user(user))).status_code == 200
    assert (await client.get("/api/v1/roles", headers=as_user(user))).status_code == 403


async def test_a_user_without_roles_can_only_read_their_profile(
    client: AsyncClient, db: AsyncSession, tenant: Tenant, as_user: AsUser
) -> None:
    nobody = await create_user(db, tenant, roles=[])
    assert (await client.get("/api/v1/users/me", headers=as_user(nobody))).status_code == 200
    assert (await client.get("/api/v1/users", headers=as_user(nobody))).status_code == 403


async def test_a_superuser_bypasses_permission_checks(
    client: AsyncClient, db: AsyncSession, tenant: Tenant, as_user: AsUser
) -> None:
    root = await create_user(db, tenant, roles=[], is_superuser=True)
    assert (
        await client.post("/api/v1/users", json=new_user(), headers=as_user(root))
    ).status_code == 202
    assert (await client.get("/api/v1/tenants", headers=as_user(root))).status_code == 200


async def test_only_superusers_list_every_tenant(
    client: AsyncClient, owner: User, as_user: AsUser
) -> None:
    assert (await client.get("/api/v1/tenants", headers=as_user(owner))).status_code == 403


async def test_an_admin_cannot_grant_the_owner_role_but_an_owner_can(
    client: AsyncClient, db: AsyncSession, tenant: Tenant, owner: User, as_user: AsUser
) -> None:
    admin = await create_user(db, tenant, roles=["admin"])
    member = await create_user(db, tenant, roles=["member"])
    url = f"/api/v1/users/{member.id}/roles"
    assert (
        await client.put(url, json={"roles": ["owner"]}, headers=as_user(admin))
    ).status_code == 403
    response = await client.put(url, json={"roles": ["owner", "admin"]}, headers=as_user(owner))
    assert response.status_code == 200
    assert response.json()["roles"] == ["admin", "owner"]


async def test_the_last_active_owner_cannot_be_demoted_deleted_or_deactivated(
    client: AsyncClient, db: AsyncSession, tenant: Tenant, owner: User, as_user: AsUser
) -> None:
    await create_user(db, tenant, roles=["owner"], is_active=False)  # does not count
    operator = as_user(await create_user(db, tenant, roles=[], is_superuser=True))
    url = f"/api/v1/users/{owner.id}"
    for response in (
        await client.delete(url, headers=operator),
        await client.patch(url, json={"is_active": False}, headers=operator),
        await client.put(f"{url}/roles", json={"roles": ["admin"]}, headers=operator),
        await client.put(f"{url}/roles", json={"roles": ["admin"]}, headers=as_user(owner)),
    ):
        assert response.status_code == 422, response.text
        assert "last owner" in response.json()["detail"]


async def test_only_an_owner_can_demote_deactivate_or_delete_an_owner(
    client: AsyncClient, db: AsyncSession, tenant: Tenant, owner: User, as_user: AsUser
) -> None:
    other_owner = await create_user(db, tenant, roles=["owner"])
    admin = as_user(await create_user(db, tenant, roles=["admin"]))
    url = f"/api/v1/users/{other_owner.id}"
    for response in (
        await client.delete(url, headers=admin),
        await client.patch(url, json={"is_active": False}, headers=admin),
        await client.put(f"{url}/roles", json={"roles": ["member"]}, headers=admin),
    ):
        assert response.status_code == 403, response.text
        assert "Only an owner" in response.json()["detail"]

    demoted = await client.put(f"{url}/roles", json={"roles": ["admin"]}, headers=as_user(owner))

    assert demoted.status_code == 200
    assert demoted.json()["roles"] == ["admin"]


async def test_assigning_an_unknown_role_names_it(
    client: AsyncClient, owner: User, as_user: AsUser
) -> None:
    response = await client.put(
        f"/api/v1/users/{owner.id}/roles", json={"roles": ["wizard"]}, headers=as_user(owner)
    )
    assert response.status_code == 422
    assert "wizard" in response.json()["detail"]


async def test_roles_are_listed_with_their_permissions(
    client: AsyncClient, owner: User, as_user: AsUser
) -> None:
    roles = {
        role["name"]: role
        for role in (await client.get("/api/v1/roles", headers=as_user(owner))).json()
    }
    assert set(roles) == {"owner", "admin", "member", "viewer"}
    assert "tenants:delete" in roles["owner"]["permissions"]
    assert "tenants:delete" not in roles["admin"]["permissions"]
