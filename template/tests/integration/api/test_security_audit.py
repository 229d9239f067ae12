"""Sign-ins, sign-outs, role changes and replayed tokens are in the tenant's audit trail."""

from datetime import UTC, datetime, timedelta

import pytest
from httpx import AsyncClient
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.audit import AuditLog
from app.core.context import USER_AGENT_MAX_LENGTH
from app.core.database import bypass_tenant
from app.modules.tenants import Tenant
from app.modules.users import User
from app.modules.users.models import RefreshToken
from tests.factories import DEFAULT_PASSWORD, create_user
from tests.support.audit import audit_entries
from tests.support.auth import AsUser

pytestmark = pytest.mark.integration

LOGIN = "/api/v1/auth/login"


async def test_a_sign_in_is_recorded_with_the_user_as_actor(
    client: AsyncClient, db: AsyncSession, tenant: Tenant, owner: User
) -> None:
    response = await client.post(LOGIN, json={"email": owner.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 200
    [entry] = await audit_entries(db, tenant.id, action="login")
    assert (entry.actor_id, entry.resource_id) == (owner.id, str(owner.id))
    assert entry.request_id == response.headers["X-Request-ID"]
    assert entry.ip_address == "127.0.0.1"
    assert await audit_entries(db, tenant.id, action="update") == []  # last_login_at only


async def test_a_wrong_password_is_recorded_although_the_request_fails(
    client: AsyncClient, db: AsyncSession, tenant: Tenant, owner: User
) -> None:
    response = await client.post(LOGIN, json={"email": owner.email, "password": "wrong guess"})
    assert response.status_code == 401
    [entry] = await audit_entries(db, tenant.id, action="login_failed")
    assert entry.resource_id == str(owner.id)
    assert entry.actor_id is None
    assert entry.details == {"reason": "credentials"}


async def test_an_endless_user_agent_is_cut_to_fit_the_audit_trail(
    client: AsyncClient, db: AsyncSession, tenant: Tenant, owner: User
) -> None:
    headers = {"User-Agent": "Mozilla/5.0 " + "x" * 5000}
    for password, status in (("wrong guess", 401), (DEFAULT_PASSWORD, 200)):
        response = await client.post(
            LOGIN, json={"email": owner.email, "password": password}, headers=headers
        )
        assert response.status_code == status
    entries = [
        *await audit_entries(db, tenant.id, action="login_failed"),
        *await audit_entries(db, tenant.id, action="login"),
    ]
    assert [len(entry.user_agent or "") for entry in entries] == [USER_AGENT_MAX_LENGTH] * 2


async def test_a_sign_in_to_a_deactivated_account_is_recorded(
    client: AsyncClient, db: AsyncSession, tenant: Tenant
) -> None:
    user = await create_user(db, tenant, is_active=False)
    response = await client.post(LOGIN, json={"email": user.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 401
    [entry] = await audit_entries(db, tenant.id, action="login_failed")
    assert entry.details == {"reason": "inactive"}


async def test_an_unknown_email_has_no_tenant_and_leaves_no_entry(
    client: AsyncClient, db: AsyncSession
) -> None:
    with bypass_tenant(db):
        before = await db.scalar(select(func.count()).select_from(AuditLog))
    response = await client.post(
        LOGIN, json={"email": "nobody@example.com", "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 401
    with bypass_tenant(db):
        assert await db.scalar(select(func.count()).select_from(AuditLog)) == before


async def test_a_sign_out_is_recorded(
    client: AsyncClient, db: AsyncSession, tenant: Tenant, owner: User
) -> None:
    await client.post(LOGIN, json={"email": owner.email, "password": DEFAULT_PASSWORD})
    assert (await client.post("/api/v1/auth/logout")).status_code == 204
    [entry] = await audit_entries(db, tenant.id, action="logout")
    assert (entry.actor_id, entry.resource_id) == (owner.id, str(owner.id))
    assert (await client.post("/api/v1/auth/logout")).status_code == 204
    assert len(await audit_entries(db, tenant.id, action="logout")) == 1  # nothing left to end


async def test_a_replayed_refresh_token_is_recorded_although_the_request_fails(
    client: AsyncClient, db: AsyncSession, tenant: Tenant, owner: User
) -> None:
    await client.post(LOGIN, json={"email": owner.email, "password": DEFAULT_PASSWORD})
    stolen = client.cookies.get("refresh_token")
    assert (await client.post("/api/v1/auth/refresh")).status_code == 200
    with bypass_tenant(db):  # replayed after REFRESH_REUSE_GRACE_SECONDS
        await db.execute(
            update(RefreshToken)
            .where(RefreshToken.used_at.is_not(None))
            .values(used_at=datetime.now(UTC) - timedelta(minutes=5))
        )
    client.cookies.clear()
    replay = await client.post("/api/v1/auth/refresh", json={"refresh_token": stolen})
    assert replay.status_code == 401
    [entry] = await audit_entries(db, tenant.id, action="refresh_token_reuse")
    assert entry.resource_id == str(owner.id)
    assert entry.details is not None
    assert entry.details["revoked"] == 2  # the replayed token and its successor


async def test_a_role_change_is_recorded_with_the_old_and_new_roles(
    client: AsyncClient, db: AsyncSession, tenant: Tenant, owner: User, as_user: AsUser
) -> None:
    user = await create_user(db, tenant, roles=["viewer"])
    url = f"/api/v1/users/{user.id}/roles"
    response = await client.put(url, json={"roles": ["admin", "member"]}, headers=as_user(owner))
    assert response.status_code == 200
    [entry] = await audit_entries(db, tenant.id, action="roles_changed")
    assert entry.changes == {"roles": {"old": ["viewer"], "new": ["admin", "member"]}}
    assert (entry.actor_id, entry.resource_id) == (owner.id, str(user.id))

    await client.put(url, json={"roles": ["member", "admin"]}, headers=as_user(owner))
    assert len(await audit_entries(db, tenant.id, action="roles_changed")) == 1  # no change


async def test_a_password_change_is_recorded_without_any_hash(
    client: AsyncClient, db: AsyncSession, tenant: Tenant, owner: User, as_user: AsUser
) -> None:
    response = await client.post(
        "/api/v1/auth/password",
        json={"current_password": DEFAULT_PASSWORD, "new_password": "a brand new passphrase"},
        headers=as_user(owner),
    )
    assert response.status_code == 204
    [entry] = await audit_entries(db, tenant.id, action="update", resource_id=str(owner.id))
    assert entry.changes == {"password_hash": {"old": "[redacted]", "new": "[redacted]"}}
    assert entry.actor_id == owner.id
