"""Every bad access token is a 401 problem with a WWW-Authenticate challenge."""

from datetime import UTC, datetime, timedelta

import jwt
import pytest
from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from app.modules.users import User
from tests.conftest import TEST_SECRET

pytestmark = pytest.mark.integration


async def assert_unauthorized(client: AsyncClient, token: str | None) -> None:
    headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
    response = await client.get("/api/v1/users/me", headers=headers)
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["www-authenticate"].startswith("Bearer")


async def test_no_token_is_401(client: AsyncClient) -> None:
    await assert_unauthorized(client, None)


async def test_an_expired_token_is_401(app: FastAPI, client: AsyncClient, owner: User) -> None:
    token = app.state.access_tokens.issue(
        owner.id, owner.tenant_id, now=datetime.now(UTC) - timedelta(hours=1)
    )
    await assert_unauthorized(client, token)


async def test_a_tampered_token_is_401(app: FastAPI, client: AsyncClient, owner: User) -> None:
    token = app.state.access_tokens.issue(owner.id, owner.tenant_id)
    await assert_unauthorized(
        client, token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    )


async def test_an_alg_none_token_is_401(app: FastAPI, client: AsyncClient, owner: User) -> None:
    claims = jwt.decode(
        app.state.access_tokens.issue(owner.id, owner.tenant_id),
        options={"verify_signature": False},
    )
    await assert_unauthorized(client, jwt.encode(claims, key=None, algorithm="none"))


async def test_a_wrong_audience_token_is_401(
    app: FastAPI, client: AsyncClient, owner: User
) -> None:
    claims = jwt.decode(
        app.state.access_tokens.issue(owner.id, owner.tenant_id),
        options={"verify_signature": False},
    )
    claims["aud"] = "another-api"
    await assert_unauthorized(client, jwt.encode(claims, TEST_SECRET, algorithm="HS256"))


async def test_a_token_of_a_deleted_user_is_401(
    app: FastAPI, client: AsyncClient, owner: User, db: AsyncSession
) -> None:
    token = app.state.access_tokens.issue(owner.id, owner.tenant_id)
    await db.delete(owner)
    await db.flush()
    await assert_unauthorized(client, token)


async def test_a_token_of_a_deactivated_user_is_401(
    app: FastAPI, client: AsyncClient, owner: User, db: AsyncSession
) -> None:
    token = app.state.access_tokens.issue(owner.id, owner.tenant_id)
    owner.is_active = False
    await db.flush()
    await assert_unauthorized(client, token)
