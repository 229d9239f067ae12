"""Sign-up and sign-in endpoints: clear errors, no account enumeration."""

import pytest
from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from app.modules.tenants import Tenant
from app.modules.users import User
from tests.factories import DEFAULT_PASSWORD
from tests.support.auth import AsUser

pytestmark = pytest.mark.integration

PROBLEM = "application/problem+json"


def signup(email: str = "new@example.com", password: str = DEFAULT_PASSWORD) -> dict[str, str]:
    return {
        "email": email,
        "password": password,
        "full_name": "New Person",
        "tenant_name": "New Co",
    }


async def test_registering_an_existing_email_is_a_409(client: AsyncClient, owner: User) -> None:
    response = await client.post("/api/v1/auth/register", json=signup(owner.email.upper()))
    assert response.status_code == 409
    assert response.headers["content-type"] == PROBLEM


async def test_a_short_password_is_refused_with_the_field_named(client: AsyncClient) -> None:
    response = await client.post("/api/v1/auth/register", json=signup(password="short-pw"))
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "body.password"


async def test_an_invalid_email_is_a_validation_problem(client: AsyncClient) -> None:
    response = await client.post("/api/v1/auth/register", json=signup(email="nope"))
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "body.email"


async def test_blank_names_are_refused_and_names_are_stored_trimmed(
    client: AsyncClient,
) -> None:
    for field in ("full_name", "tenant_name"):
        blank = await client.post("/api/v1/auth/register", json={**signup(), field: "   "})
        assert blank.status_code == 422
        assert [error["field"] for error in blank.json()["errors"]] == [f"body.{field}"]
    padded = {**signup(), "full_name": "  Ada Lovelace ", "tenant_name": " Analytical Co  "}
    registered = await client.post("/api/v1/auth/register", json=padded)
    headers = {"Authorization": f"Bearer {registered.json()['access_token']}"}
    assert (await client.get("/api/v1/users/me", headers=headers)).json()[
        "full_name"
    ] == "Ada Lovelace"
    assert (await client.get("/api/v1/tenants/current", headers=headers)).json()[
        "name"
    ] == "Analytical Co"


async def test_sign_up_can_be_turned_off(app: FastAPI, client: AsyncClient) -> None:
    app.state.settings.auth.signup_enabled = False
    try:
        response = await client.post("/api/v1/auth/register", json=signup())
    finally:
        app.state.settings.auth.signup_enabled = True
    assert response.status_code == 403


async def test_wrong_password_and_unknown_email_get_the_same_answer(
    client: AsyncClient, owner: User
) -> None:
    wrong = await client.post("/api/v1/auth/login", json={"email": owner.email, "password": "nope"})
    unknown = await client.post(
        "/api/v1/auth/login", json={"email": "ghost@example.com", "password": "nope"}
    )
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json()["detail"] == unknown.json()["detail"]
    assert wrong.headers["www-authenticate"].startswith("Bearer")


async def test_an_inactive_user_cannot_sign_in(
    client: AsyncClient, owner: User, db: AsyncSession
) -> None:
    owner.is_active = False
    await db.flush()
    response = await client.post(
        "/api/v1/auth/login", json={"email": owner.email, "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 401


async def test_the_oauth2_password_form_signs_in_for_the_docs(
    client: AsyncClient, owner: User, tenant: Tenant
) -> None:
    response = await client.post(
        "/api/v1/auth/token", data={"username": owner.email, "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 200
    me = await client.get(
        "/api/v1/users/me", headers={"Authorization": f"Bearer {response.json()['access_token']}"}
    )
    assert me.json()["tenant_id"] == str(tenant.id)


async def test_the_password_form_answers_bad_input_with_a_422_problem(
    client: AsyncClient,
) -> None:
    for form, field in (
        ({"username": "admin", "password": DEFAULT_PASSWORD}, "body.username"),
        ({"username": "someone@example.com", "password": "x" * 129}, "body.password"),
    ):
        response = await client.post("/api/v1/auth/token", data=form)

        assert response.status_code == 422, response.text
        assert response.headers["content-type"] == "application/problem+json"
        assert [error["field"] for error in response.json()["errors"]] == [field]


async def test_a_suspended_tenants_users_can_neither_sign_in_nor_use_their_tokens(
    client: AsyncClient, owner: User, tenant: Tenant, as_user: AsUser, db: AsyncSession
) -> None:
    credentials = {"email": owner.email, "password": DEFAULT_PASSWORD}
    assert (await client.post("/api/v1/auth/login", json=credentials)).status_code == 200
    headers = as_user(owner)

    tenant.is_active = False
    await db.flush()

    for response in (
        await client.post("/api/v1/auth/login", json=credentials),
        await client.post("/api/v1/auth/refresh"),  # the refresh cookie of the sign-in above
        await client.get("/api/v1/users/me", headers=headers),
    ):
        assert response.status_code == 401, response.text
        assert response.headers["content-type"] == PROBLEM


async def test_changing_the_password_needs_the_current_one(
    client: AsyncClient, owner: User, as_user: AsUser
) -> None:
    headers = as_user(owner)
    response = await client.post(
        "/api/v1/auth/password",
        json={"current_password": "wrong", "new_password": "another long password"},
        headers=headers,
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "body.current_password"
