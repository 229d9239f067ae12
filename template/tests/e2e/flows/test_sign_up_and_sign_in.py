"""A new customer signs up, signs in and reads their profile, then signs out."""

import pytest
from httpx import AsyncClient

pytestmark = pytest.mark.e2e

CREDENTIALS = {"email": "Founder@Example.com", "password": "correct horse battery staple"}


async def test_register_login_read_profile_refresh_and_logout(client: AsyncClient) -> None:
    registered = await client.post(
        "/api/v1/auth/register",
        json={**CREDENTIALS, "full_name": "Fay Founder", "tenant_name": "Founders Inc"},
    )
    assert registered.status_code == 201, registered.text
    assert registered.json()["token_type"] == "bearer"
    assert registered.json()["expires_in"] == 900
    cookie = registered.headers["set-cookie"].lower()
    assert "httponly" in cookie
    assert "path=/api/v1/auth" in cookie

    login = await client.post("/api/v1/auth/login", json=CREDENTIALS)
    assert login.status_code == 200
    headers = {"Authorization": f"Bearer {login.json()['access_token']}"}

    me = await client.get("/api/v1/users/me", headers=headers)
    assert me.status_code == 200
    profile = me.json()
    assert profile["email"] == "founder@example.com"  # stored case-folded
    assert profile["full_name"] == "Fay Founder"
    assert profile["last_login_at"] is not None

    tenant = await client.get("/api/v1/tenants/current", headers=headers)
    assert tenant.json()["name"] == "Founders Inc"
    roles = await client.get(f"/api/v1/users/{profile['id']}/roles", headers=headers)
    assert roles.json()["roles"] == ["owner"]

    refreshed = await client.post("/api/v1/auth/refresh")
    assert refreshed.status_code == 200
    assert refreshed.json()["access_token"] != login.json()["access_token"]

    assert (await client.post("/api/v1/auth/logout")).status_code == 204
    assert (await client.post("/api/v1/auth/refresh")).status_code == 401
