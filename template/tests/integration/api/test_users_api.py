"""Managing users through /api/v1/users."""

import pytest
from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from app.modules.tenants import Tenant
from app.modules.users import User
from tests.factories import create_user
from tests.support.auth import AsUser
from tests.support.invitations import Inbox

pytestmark = pytest.mark.integration


async def test_the_user_list_is_paginated(
    client: AsyncClient, db: AsyncSession, tenant: Tenant, owner: User, as_user: AsUser
) -> None:
    for _ in range(4):
        await create_user(db, tenant)
    page = (
        await client.get(
            "/api/v1/users", params={"page": 2, "page_size": 2}, headers=as_user(owner)
        )
    ).json()
    assert page["total"] == 5
    assert page["page"] == 2
    assert page["page_size"] == 2
    assert page["pages"] == 3
    assert page["has_next"] is True
    assert page["has_prev"] is True
    assert len(page["items"]) == 2


async def test_a_page_past_the_end_is_empty_but_still_counts_the_users(
    client: AsyncClient, db: AsyncSession, tenant: Tenant, owner: User, as_user: AsUser
) -> None:
    await create_user(db, tenant)
    page = (
        await client.get(
            "/api/v1/users", params={"page": 9, "page_size": 2}, headers=as_user(owner)
        )
    ).json()
    assert (page["items"], page["total"], page["pages"]) == ([], 2, 1)


@pytest.mark.parametrize(
    "params", [{"page_size": 101}, {"page": 0}, {"page": 10**17}, {"page_size": "many"}]
)
async def test_out_of_range_paging_is_a_validation_problem(
    client: AsyncClient, owner: User, as_user: AsUser, params: dict[str, object]
) -> None:
    response = await client.get("/api/v1/users", params=params, headers=as_user(owner))
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"


async def test_an_invited_person_who_accepted_can_sign_in(
    client: AsyncClient, owner: User, as_user: AsUser, inbox: Inbox
) -> None:
    invited = await client.post(
        "/api/v1/users",
        json={"email": "New.Hire@Example.com", "full_name": "New Hire", "roles": ["viewer"]},
        headers=as_user(owner),
    )
    assert invited.status_code == 202
    assert invited.json()["email"] == "new.hire@example.com"
    token = inbox.token_for("new.hire@example.com")
    accepted = await client.post(
        "/api/v1/auth/invitations/accept",
        json={"token": token, "password": "long enough password"},
    )
    assert accepted.status_code == 201
    login = await client.post(
        "/api/v1/auth/login",
        json={"email": "new.hire@example.com", "password": "long enough password"},
    )
    assert login.status_code == 200


async def test_a_duplicate_email_is_a_409(
    client: AsyncClient, owner: User, as_user: AsUser
) -> None:
    response = await client.post(
        "/api/v1/users", json={"email": owner.email, "full_name": "Twin"}, headers=as_user(owner)
    )
    assert response.status_code == 409


async def test_unknown_fields_are_refused(
    client: AsyncClient, owner: User, as_user: AsUser
) -> None:
    response = await client.patch(
        "/api/v1/users/me", json={"is_superuser": True}, headers=as_user(owner)
    )
    assert response.status_code == 422


async def test_a_user_updates_their_own_name(
    client: AsyncClient, owner: User, as_user: AsUser
) -> None:
    response = await client.patch(
        "/api/v1/users/me", json={"full_name": "Renamed"}, headers=as_user(owner)
    )
    assert response.json()["full_name"] == "Renamed"


async def test_an_admin_deactivates_and_reactivates_a_user(
    client: AsyncClient, db: AsyncSession, tenant: Tenant, owner: User, as_user: AsUser
) -> None:
    member = await create_user(db, tenant)
    off = await client.patch(
        f"/api/v1/users/{member.id}", json={"is_active": False}, headers=as_user(owner)
    )
    assert off.json()["is_active"] is False
    assert (await client.get("/api/v1/users/me", headers=as_user(member))).status_code == 401
    on = await client.patch(
        f"/api/v1/users/{member.id}",
        json={"is_active": True, "full_name": "Back"},
        headers=as_user(owner),
    )
    assert on.json() | {"full_name": "Back", "is_active": True} == on.json()


async def test_nobody_deletes_or_deactivates_themselves(
    client: AsyncClient, owner: User, as_user: AsUser
) -> None:
    assert (
        await client.delete(f"/api/v1/users/{owner.id}", headers=as_user(owner))
    ).status_code == 422
    response = await client.patch(
        f"/api/v1/users/{owner.id}", json={"is_active": False}, headers=as_user(owner)
    )
    assert response.status_code == 422


async def test_a_malformed_user_id_is_a_validation_problem(
    client: AsyncClient, owner: User, as_user: AsUser
) -> None:
    response = await client.get("/api/v1/users/not-a-uuid", headers=as_user(owner))
    assert response.status_code == 422
