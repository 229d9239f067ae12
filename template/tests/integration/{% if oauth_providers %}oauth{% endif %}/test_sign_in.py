"""The full OpenID Connect round trip: who gets signed in, linked, created, or refused."""

from uuid import UUID

import pytest
from fastapi import FastAPI
from httpx import AsyncClient, Response
from sqlalchemy.ext.asyncio import AsyncSession

from app.modules.tenants import Tenant
from app.modules.users import User
from tests.factories import DEFAULT_PASSWORD, create_user
from tests.integration.oauth.accounts import linked_accounts
from tests.integration.oauth.browser import Browser, fragment_of
from tests.integration.oauth.conftest import FRONTEND, OpenIDServer
from tests.support.audit import audit_entries
from tests.support.auth import AsUser
from tests.support.tenants import user_with_email, users_with_email

pytestmark = pytest.mark.integration


def access_token_of(response: Response) -> str:
    assert response.status_code == 302, response.text
    location = response.headers["location"]
    assert location.startswith(f"{FRONTEND}#")
    fragment = fragment_of(location)
    assert fragment["token_type"] == "bearer"
    assert int(fragment["expires_in"]) > 0
    return fragment["access_token"]


def bearer(response: Response) -> dict[str, str]:
    return {"Authorization": f"Bearer {access_token_of(response)}"}


async def me(client: AsyncClient, response: Response) -> dict[str, object]:
    profile = await client.get("/api/v1/users/me", headers=bearer(response))
    assert profile.status_code == 200, profile.text
    body: dict[str, object] = profile.json()
    return body


async def test_a_first_sign_in_creates_a_tenant_and_its_owner_without_a_password(
    oauth_app: FastAPI,
    browser: Browser,
    client: AsyncClient,
    openid_server: OpenIDServer,
    db: AsyncSession,
) -> None:
    subject = openid_server.user(
        "ada-1815", email="Ada@Example.com", email_verified=True, name="Ada Lovelace"
    )

    response = await browser.sign_in_as("mock", subject)

    profile = await me(client, response)
    assert profile["email"] == "ada@example.com"
    assert profile["full_name"] == "Ada Lovelace"
    assert profile["last_login_at"] is not None
    tenant = await client.get("/api/v1/tenants/current", headers=bearer(response))
    assert tenant.json()["name"] == "Ada Lovelace"
    roles = await client.get(f"/api/v1/users/{profile['id']}/roles", headers=bearer(response))
    assert roles.json()["roles"] == ["owner"]
    user = await user_with_email(db, "ada@example.com")
    assert user is not None
    assert user.password_hash is None
    [account] = await linked_accounts(db, subject)
    assert (account.provider, account.user_id, account.email) == ("mock", user.id, user.email)


async def test_the_owner_role_of_a_first_sign_in_is_recorded_as_a_role_change(
    oauth_app: FastAPI,
    browser: Browser,
    client: AsyncClient,
    openid_server: OpenIDServer,
    db: AsyncSession,
) -> None:
    subject = openid_server.user("grace-1906", email="grace@example.com", email_verified=True)

    profile = await me(client, await browser.sign_in_as("mock", subject))

    tenant_id = UUID(str(profile["tenant_id"]))
    [entry] = await audit_entries(db, tenant_id, action="roles_changed")
    assert entry.resource_id == profile["id"]
    assert entry.changes == {"roles": {"old": [], "new": ["owner"]}}


async def test_the_callback_sets_the_refresh_cookie_and_clears_the_state_cookie(
    oauth_app: FastAPI, browser: Browser, client: AsyncClient, openid_server: OpenIDServer
) -> None:
    subject = openid_server.user("cookie", email="cookie@example.com", email_verified=True)

    response = await browser.sign_in_as("mock", subject)

    cookies = response.headers.get_list("set-cookie")
    refresh = next(cookie for cookie in cookies if cookie.startswith("refresh_token="))
    assert "HttpOnly" in refresh
    assert "Path=/api/v1/auth" in refresh
    assert any(cookie.startswith('oauth_state=""') for cookie in cookies)
    assert response.headers["referrer-policy"] == "no-referrer"
    assert (await client.post("/api/v1/auth/refresh")).status_code == 200


async def test_signing_in_again_finds_the_same_user(
    oauth_app: FastAPI,
    browser: Browser,
    client: AsyncClient,
    openid_server: OpenIDServer,
    db: AsyncSession,
) -> None:
    subject = openid_server.user("again", email="again@example.com", email_verified=True)
    first = await me(client, await browser.sign_in_as("mock", subject))

    second = await me(client, await browser.sign_in_as("mock", subject))

    assert (second["id"], second["tenant_id"]) == (first["id"], first["tenant_id"])
    assert len(await linked_accounts(db, subject)) == 1
    assert await users_with_email(db, "again@example.com") == 1


async def test_a_linked_account_signs_in_even_once_its_email_is_no_longer_verified(
    oauth_app: FastAPI, browser: Browser, client: AsyncClient, openid_server: OpenIDServer
) -> None:
    """The provider account is the identity once linked; the email only matters to link."""
    subject = openid_server.user("linked", email="linked@example.com", email_verified=True)
    first = await me(client, await browser.sign_in_as("mock", subject))
    openid_server.user(subject, email="changed@example.com", email_verified=False)

    second = await me(client, await browser.sign_in_as("mock", subject))

    assert second["id"] == first["id"]


async def test_a_verified_email_links_to_a_user_added_without_a_password(
    oauth_app: FastAPI,
    browser: Browser,
    client: AsyncClient,
    openid_server: OpenIDServer,
    tenant: Tenant,
    db: AsyncSession,
) -> None:
    """A colleague accepted an invitation without a password; their sign-in finds them."""
    invited = await create_user(db, tenant, password_hash=None)
    subject = openid_server.user("invited", email=invited.email.upper(), email_verified=True)

    profile = await me(client, await browser.sign_in_as("mock", subject))

    assert (profile["id"], profile["tenant_id"]) == (str(invited.id), str(tenant.id))
    [account] = await linked_accounts(db, subject)
    assert (account.user_id, account.tenant_id) == (invited.id, tenant.id)


async def test_a_provider_sign_in_never_joins_a_tenant_that_only_invited_the_address(
    oauth_app: FastAPI,
    browser: Browser,
    client: AsyncClient,
    openid_server: OpenIDServer,
    owner: User,
    as_user: AsUser,
) -> None:
    invited = await client.post(
        "/api/v1/users",
        json={"email": "grace@example.com", "full_name": "Grace"},
        headers=as_user(owner),
    )
    assert invited.status_code == 202
    subject = openid_server.user("grace", email="grace@example.com", email_verified=True)

    profile = await me(client, await browser.sign_in_as("mock", subject))

    assert profile["email"] == "grace@example.com"
    assert profile["tenant_id"] != str(owner.tenant_id)  # a tenant of her own, as its owner


async def test_a_verified_email_never_takes_over_an_account_with_a_password(
    oauth_app: FastAPI,
    browser: Browser,
    client: AsyncClient,
    openid_server: OpenIDServer,
    owner: User,
    db: AsyncSession,
) -> None:
    """Whoever registered the address first proved nothing: no link, no sign-in (409)."""
    subject = openid_server.user("late", email=owner.email, email_verified=True)

    response = await browser.sign_in_as("mock", subject)

    assert response.status_code == 409
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"].endswith("/account-exists")
    assert "refresh_token=" not in response.headers.get("set-cookie", "")
    assert await linked_accounts(db, subject) == []
    assert await users_with_email(db, owner.email) == 1
    password_login = {"email": owner.email, "password": DEFAULT_PASSWORD}
    assert (await client.post("/api/v1/auth/login", json=password_login)).status_code == 200


async def test_an_unverified_email_is_never_linked_to_an_existing_user(
    oauth_app: FastAPI,
    browser: Browser,
    openid_server: OpenIDServer,
    owner: User,
    db: AsyncSession,
) -> None:
    subject = openid_server.user("imposter", email=owner.email, email_verified=False)

    response = await browser.sign_in_as("mock", subject)

    assert response.status_code == 403
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"].endswith("/email-not-verified")
    assert "no verified email" in response.json()["detail"]
    assert await linked_accounts(db, subject) == []


async def test_an_unverified_email_does_not_create_an_account(
    oauth_app: FastAPI, browser: Browser, openid_server: OpenIDServer, db: AsyncSession
) -> None:
    subject = openid_server.user("unverified", email="nobody@example.com", email_verified=False)

    response = await browser.sign_in_as("mock", subject)

    assert response.status_code == 403
    assert await users_with_email(db, "nobody@example.com") == 0
    assert await linked_accounts(db, subject) == []


async def test_an_identity_without_an_email_cannot_create_an_account(
    oauth_app: FastAPI, browser: Browser, openid_server: OpenIDServer, db: AsyncSession
) -> None:
    subject = openid_server.user("no-email", email_verified=True, name="No Email")

    response = await browser.sign_in_as("mock", subject)

    assert response.status_code == 403
    assert await linked_accounts(db, subject) == []


async def test_an_inactive_user_is_neither_signed_in_nor_linked(
    oauth_app: FastAPI,
    browser: Browser,
    openid_server: OpenIDServer,
    tenant: Tenant,
    db: AsyncSession,
) -> None:
    inactive = await create_user(db, tenant, password_hash=None, is_active=False)
    subject = openid_server.user("inactive", email=inactive.email, email_verified=True)

    response = await browser.sign_in_as("mock", subject)

    assert response.status_code == 401
    assert await linked_accounts(db, subject) == []


async def test_no_account_is_created_while_sign_up_is_turned_off(
    oauth_app: FastAPI, browser: Browser, openid_server: OpenIDServer, db: AsyncSession
) -> None:
    subject = openid_server.user("closed", email="closed@example.com", email_verified=True)
    oauth_app.state.settings.auth.signup_enabled = False
    try:
        response = await browser.sign_in_as("mock", subject)
    finally:
        oauth_app.state.settings.auth.signup_enabled = True
    assert response.status_code == 403
    assert await users_with_email(db, "closed@example.com") == 0


async def test_a_code_the_provider_does_not_know_is_a_502_problem(
    oauth_app: FastAPI, browser: Browser, openid_server: OpenIDServer
) -> None:
    subject = openid_server.user("bad-code", email="bad-code@example.com", email_verified=True)
    callback = await browser.approve_as(await browser.start("mock"), subject)

    response = await browser.back(callback.replace("code=", "code=forged", 1))

    assert response.status_code == 502
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"].endswith("/oauth-provider-error")
