"""Refresh tokens rotate on every use; a replayed one ends the whole session family."""

from datetime import UTC, datetime, timedelta
from uuid import UUID

import pytest
from httpx import AsyncClient
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.database import in_tenant
from app.modules.users import User
from app.modules.users.models import RefreshToken
from tests.factories import DEFAULT_PASSWORD
from tests.support.auth import AsUser

pytestmark = pytest.mark.integration


async def sign_in(client: AsyncClient, user: User) -> str:
    response = await client.post(
        "/api/v1/auth/login", json={"email": user.email, "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 200
    token = client.cookies.get("refresh_token")
    assert token
    return token


async def refresh_with(client: AsyncClient, token: str) -> int:
    client.cookies.clear()
    response = await client.post("/api/v1/auth/refresh", json={"refresh_token": token})
    return response.status_code


async def test_a_refresh_issues_a_new_refresh_token_and_retires_the_old(
    client: AsyncClient, owner: User
) -> None:
    first = await sign_in(client, owner)
    response = await client.post("/api/v1/auth/refresh")
    assert response.status_code == 200
    second = client.cookies.get("refresh_token")
    assert second
    assert second != first
    assert await refresh_with(client, second) == 200


async def rotated_long_ago(db: AsyncSession, tenant_id: UUID) -> None:
    """Move every rotation of the tenant out of REFRESH_REUSE_GRACE_SECONDS."""
    with in_tenant(db, tenant_id):
        await db.execute(
            update(RefreshToken)
            .where(RefreshToken.used_at.is_not(None))
            .values(used_at=datetime.now(UTC) - timedelta(minutes=5))
        )


async def test_reusing_a_rotated_refresh_token_after_the_grace_window_revokes_the_family(
    client: AsyncClient, owner: User, db: AsyncSession
) -> None:
    first = await sign_in(client, owner)
    assert (await client.post("/api/v1/auth/refresh")).status_code == 200
    current = client.cookies.get("refresh_token")
    assert current
    await rotated_long_ago(db, owner.tenant_id)

    assert await refresh_with(client, first) == 401  # the thief replays the old token
    assert await refresh_with(client, current) == 401  # ...and the whole family is dead
    with in_tenant(db, owner.tenant_id):
        family = list(
            await db.scalars(select(RefreshToken).where(RefreshToken.user_id == owner.id))
        )
    assert family
    assert all(token.revoked_at is not None for token in family)


async def test_repeating_a_rotation_within_the_grace_window_gets_the_same_successor(
    client: AsyncClient, owner: User, db: AsyncSession
) -> None:
    first = await sign_in(client, owner)
    client.cookies.clear()
    once = await client.post("/api/v1/auth/refresh", json={"refresh_token": first})
    client.cookies.clear()
    twice = await client.post("/api/v1/auth/refresh", json={"refresh_token": first})
    assert once.status_code == twice.status_code == 200
    assert once.cookies["refresh_token"] == twice.cookies["refresh_token"]
    with in_tenant(db, owner.tenant_id):
        family = list(
            await db.scalars(select(RefreshToken).where(RefreshToken.user_id == owner.id))
        )
    assert len(family) == 2  # the sign-in's token and one successor: nothing was added
    assert await refresh_with(client, once.cookies["refresh_token"]) == 200


async def test_repeating_a_rotation_whose_successor_was_used_revokes_the_family(
    client: AsyncClient, owner: User
) -> None:
    first = await sign_in(client, owner)
    assert await refresh_with(client, first) == 200
    successor = client.cookies.get("refresh_token")
    assert successor
    assert await refresh_with(client, successor) == 200  # the successor is spent
    newest = client.cookies.get("refresh_token")
    assert newest
    assert await refresh_with(client, first) == 401
    assert await refresh_with(client, newest) == 401


async def test_a_refresh_token_works_from_the_json_body_for_non_browser_clients(
    client: AsyncClient, owner: User
) -> None:
    token = await sign_in(client, owner)
    assert await refresh_with(client, token) == 200


async def test_a_refresh_without_a_token_is_401(client: AsyncClient) -> None:
    response = await client.post("/api/v1/auth/refresh")
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"


async def test_an_unknown_refresh_token_is_401(client: AsyncClient) -> None:
    assert await refresh_with(client, "made-up-token") == 401


async def test_an_expired_refresh_token_is_401(
    client: AsyncClient, owner: User, db: AsyncSession
) -> None:
    token = await sign_in(client, owner)
    with in_tenant(db, owner.tenant_id):
        await db.execute(
            update(RefreshToken).values(expires_at=datetime.now(UTC) - timedelta(seconds=1))
        )
    assert await refresh_with(client, token) == 401


async def test_logout_revokes_the_session(client: AsyncClient, owner: User) -> None:
    token = await sign_in(client, owner)
    response = await client.post("/api/v1/auth/logout")
    assert response.status_code == 204
    assert "refresh_token=" in response.headers["set-cookie"]
    assert await refresh_with(client, token) == 401


async def test_logout_without_a_session_is_still_204(client: AsyncClient) -> None:
    assert (await client.post("/api/v1/auth/logout")).status_code == 204


async def test_a_password_change_ends_every_session(
    client: AsyncClient, owner: User, as_user: AsUser
) -> None:
    laptop = await sign_in(client, owner)
    phone = await sign_in(client, owner)
    response = await client.post(
        "/api/v1/auth/password",
        json={"current_password": DEFAULT_PASSWORD, "new_password": "a brand new passphrase"},
        headers=as_user(owner),
    )
    assert response.status_code == 204
    assert await refresh_with(client, laptop) == 401
    assert await refresh_with(client, phone) == 401
    login = await client.post(
        "/api/v1/auth/login", json={"email": owner.email, "password": "a brand new passphrase"}
    )
    assert login.status_code == 200
