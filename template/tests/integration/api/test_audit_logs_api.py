"""Reading the audit trail through GET /api/v1/audit-logs."""

from datetime import UTC, datetime, timedelta

import pytest
from httpx import AsyncClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.audit import AuditLog, AuditService
from app.core.database import set_tenant
from app.modules.tenants import Tenant
from app.modules.users import User
from tests.factories import create_user
from tests.support.auth import AsUser
from tests.support.invitations import Inbox

pytestmark = pytest.mark.integration

URL = "/api/v1/audit-logs"


async def test_a_user_update_through_the_api_is_one_entry_with_who_and_where(
    client: AsyncClient, db: AsyncSession, tenant: Tenant, owner: User, as_user: AsUser
) -> None:
    user = await create_user(db, tenant, full_name="Before")
    response = await client.patch(
        f"/api/v1/users/{user.id}",
        json={"full_name": "After"},
        headers={**as_user(owner), "X-Request-ID": "audit-req-1", "User-Agent": "audit-test"},
    )
    assert response.status_code == 200
    listed = await client.get(
        URL, params={"resource_id": str(user.id), "action": "update"}, headers=as_user(owner)
    )
    assert listed.status_code == 200
    [entry] = listed.json()["items"]
    assert entry["changes"] == {"full_name": {"old": "Before", "new": "After"}}
    assert entry["actor_id"] == str(owner.id)
    assert entry["resource_type"] == "users"
    assert entry["request_id"] == "audit-req-1"
    assert entry["user_agent"] == "audit-test"
    assert entry["ip_address"] == "127.0.0.1"
    assert "password" not in listed.text


async def test_creating_and_deleting_a_user_are_recorded(
    client: AsyncClient, owner: User, as_user: AsUser, inbox: Inbox
) -> None:
    invited = await client.post(
        "/api/v1/users",
        json={"email": "temp@example.com", "full_name": "Temp"},
        headers=as_user(owner),
    )
    assert invited.status_code == 202
    accepted = await client.post(
        "/api/v1/auth/invitations/accept",
        json={"token": inbox.token_for("temp@example.com"), "password": "long enough pw"},
    )
    assert accepted.status_code == 201
    me = await client.get(
        "/api/v1/users/me", headers={"Authorization": f"Bearer {accepted.json()['access_token']}"}
    )
    user_id = me.json()["id"]
    deleted = await client.delete(f"/api/v1/users/{user_id}", headers=as_user(owner))
    assert deleted.status_code == 204
    listed = await client.get(URL, params={"resource_id": user_id}, headers=as_user(owner))
    trail = listed.json()["items"]
    assert [entry["action"] for entry in trail] == ["delete", "roles_changed", "create"]
    removal, grant, creation = trail  # newest first
    assert grant["changes"] == {"roles": {"old": [], "new": ["member"]}}
    assert creation["changes"]["email"] == {"old": None, "new": "temp@example.com"}
    assert creation["changes"]["password_hash"] == {"old": None, "new": "[redacted]"}
    assert removal["changes"]["full_name"] == {"old": "Temp", "new": None}
    assert removal["actor_id"] == str(owner.id)


async def test_another_tenant_never_sees_the_trail(
    client: AsyncClient,
    db: AsyncSession,
    tenant: Tenant,
    other_tenant: Tenant,
    owner: User,
    as_user: AsUser,
) -> None:
    user = await create_user(db, tenant)
    await client.patch(
        f"/api/v1/users/{user.id}", json={"full_name": "Secret Rename"}, headers=as_user(owner)
    )
    intruder = await create_user(db, other_tenant, roles=["owner"])
    seen = (await client.get(URL, params={"page_size": 100}, headers=as_user(intruder))).json()
    assert "Secret Rename" not in str(seen)
    assert str(user.id) not in str(seen)

    set_tenant(db, other_tenant.id)
    tenants = set(await db.scalars(select(AuditLog.tenant_id)))
    assert tenants == {other_tenant.id}


async def test_members_may_not_read_the_trail_but_admins_may(
    client: AsyncClient, db: AsyncSession, tenant: Tenant, as_user: AsUser
) -> None:
    member = await create_user(db, tenant, roles=["member"])
    admin = await create_user(db, tenant, roles=["admin"])
    denied = await client.get(URL, headers=as_user(member))
    assert denied.status_code == 403
    assert denied.headers["content-type"] == "application/problem+json"
    assert (await client.get(URL, headers=as_user(admin))).status_code == 200
    assert (await client.get(URL)).status_code == 401


@pytest.fixture
async def trail(db: AsyncSession, tenant: Tenant, owner: User) -> datetime:
    """Five entries an hour apart from the returned time: owner exports, anonymous imports."""
    set_tenant(db, tenant.id)
    audit = AuditService(db)
    start = datetime(2025, 3, 1, 12, tzinfo=UTC)
    actions = ["export", "import", "export", "import", "export"]
    for hour, action in enumerate(actions):
        actor = owner.id if action == "export" else None
        entry = await audit.log(action, "reports", f"r{hour}", {"hour": hour}, actor_id=actor)
        entry.created_at = start + timedelta(hours=hour)
    await db.flush()
    return start


async def test_the_trail_filters_by_actor_action_resource_and_time(
    client: AsyncClient, owner: User, as_user: AsUser, trail: datetime
) -> None:
    start = trail

    async def resource_ids(**params: str) -> list[str]:
        response = await client.get(
            URL, params={"resource_type": "reports", **params}, headers=as_user(owner)
        )
        assert response.status_code == 200, response.text
        return [entry["resource_id"] for entry in response.json()["items"]]

    assert await resource_ids() == ["r4", "r3", "r2", "r1", "r0"]
    assert await resource_ids(action="import") == ["r3", "r1"]
    assert await resource_ids(actor_id=str(owner.id)) == ["r4", "r2", "r0"]
    assert await resource_ids(resource_id="r2") == ["r2"]
    window = {
        "since": (start + timedelta(hours=1)).isoformat(),
        "until": (start + timedelta(hours=3)).isoformat(),
    }
    assert await resource_ids(**window) == ["r2", "r1"]
    naive = (start + timedelta(hours=4)).replace(tzinfo=None).isoformat()
    assert await resource_ids(since=naive) == ["r4"]  # no zone means UTC


async def test_the_trail_is_paginated_newest_first(
    client: AsyncClient, owner: User, as_user: AsUser, trail: datetime
) -> None:
    page = (
        await client.get(
            URL,
            params={"resource_type": "reports", "page": 2, "page_size": 2},
            headers=as_user(owner),
        )
    ).json()
    assert [entry["resource_id"] for entry in page["items"]] == ["r2", "r1"]
    assert (page["total"], page["pages"], page["has_next"], page["has_prev"]) == (5, 3, True, True)
    assert page["items"][0]["details"] == {"hour": 2}


async def test_an_empty_time_window_is_a_validation_problem(
    client: AsyncClient, owner: User, as_user: AsUser
) -> None:
    moment = datetime(2025, 1, 1, tzinfo=UTC).isoformat()
    response = await client.get(
        URL, params={"since": moment, "until": moment}, headers=as_user(owner)
    )
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize("moment", ["0.5", "1700000000", "-3"])
async def test_a_bare_number_is_not_a_time(
    client: AsyncClient, owner: User, as_user: AsUser, moment: str
) -> None:
    response = await client.get(URL, params={"until": moment}, headers=as_user(owner))
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "query.until"
