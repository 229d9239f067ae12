"""A password change and signing out everywhere end the access tokens issued before them
at once, not when they expire; tokens issued afterwards work."""

import pytest
from httpx import AsyncClient

from app.modules.users import User
from tests.factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.integration

NEW_PASSWORD = "a brand new passphrase"


async def sign_in(
    client: AsyncClient, user: User, password: str = DEFAULT_PASSWORD
) -> dict[str, str]:
    credentials = {"email": user.email, "password": password}
    response = await client.post("/api/v1/auth/login", json=credentials)
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


async def test_an_access_token_from_before_a_password_change_is_refused_after_it(
    client: AsyncClient, owner: User
) -> None:
    laptop, phone = await sign_in(client, owner), await sign_in(client, owner)
    assert (await client.get("/api/v1/users/me", headers=phone)).status_code == 200  # cached
    changed = await client.post(
        "/api/v1/auth/password",
        json={"current_password": DEFAULT_PASSWORD, "new_password": NEW_PASSWORD},
        headers=laptop,
    )
    assert changed.status_code == 204
    for headers in (laptop, phone):
        response = await client.get("/api/v1/users/me", headers=headers)
        assert response.status_code == 401, response.text
        assert response.headers["content-type"] == "application/problem+json"
    fresh = await sign_in(client, owner, NEW_PASSWORD)
    assert (await client.get("/api/v1/users/me", headers=fresh)).status_code == 200


async def test_signing_out_everywhere_ends_every_access_and_refresh_token(
    client: AsyncClient, owner: User
) -> None:
    laptop = await sign_in(client, owner)
    refresh_token = client.cookies.get("refresh_token")
    phone = await sign_in(client, owner)
    assert (await client.get("/api/v1/users/me", headers=laptop)).status_code == 200
    assert (await client.post("/api/v1/auth/logout-all", headers=phone)).status_code == 204
    for headers in (laptop, phone):
        assert (await client.get("/api/v1/users/me", headers=headers)).status_code == 401
    client.cookies.clear()
    refreshed = await client.post("/api/v1/auth/refresh", json={"refresh_token": refresh_token})
    assert refreshed.status_code == 401
    fresh = await sign_in(client, owner)
    assert (await client.get("/api/v1/users/me", headers=fresh)).status_code == 200


async def test_signing_out_everywhere_needs_a_valid_access_token(client: AsyncClient) -> None:
    response = await client.post("/api/v1/auth/logout-all")
    assert response.status_code == 401
