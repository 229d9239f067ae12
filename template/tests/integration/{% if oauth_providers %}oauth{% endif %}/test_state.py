"""The callback accepts only the state of a sign-in this browser started, and only once."""

import pytest
from fastapi import FastAPI
from httpx import AsyncClient
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncSession

from app.modules.users.oauth.provider import OAuthProviders
from tests.integration.oauth.browser import OAUTH, Browser, query_of
from tests.integration.oauth.conftest import OpenIDServer
from tests.support.tenants import users_with_email

pytestmark = pytest.mark.integration

COOKIE_PATH = "/api/v1/auth/oauth"


def refused_for_state(status: int, body: dict[str, object]) -> bool:
    return status == 400 and str(body["type"]).endswith("/oauth-state-invalid")


async def test_a_reused_state_is_refused(
    oauth_app: FastAPI, browser: Browser, client: AsyncClient, openid_server: OpenIDServer
) -> None:
    subject = openid_server.user("reuse", email="reuse@example.com", email_verified=True)
    callback = await browser.approve_as(await browser.start("mock"), subject)
    assert (await browser.back(callback)).status_code == 302
    # Even with the (now cleared) state cookie put back, as a copied request would carry it:
    client.cookies.set("oauth_state", query_of(callback)["state"], path=COOKIE_PATH)

    replayed = await browser.back(callback)

    assert refused_for_state(replayed.status_code, replayed.json())
    assert "already used" in replayed.json()["detail"]


async def test_an_unknown_state_is_refused(oauth_app: FastAPI, client: AsyncClient) -> None:
    client.cookies.set("oauth_state", "made-up", path=COOKIE_PATH)
    response = await client.get(f"{OAUTH}/mock/callback", params={"code": "x", "state": "made-up"})
    assert refused_for_state(response.status_code, response.json())


async def test_an_expired_state_is_refused(
    oauth_app: FastAPI, browser: Browser, openid_server: OpenIDServer, redis: Redis
) -> None:
    subject = openid_server.user("late", email="late@example.com", email_verified=True)
    callback = await browser.approve_as(await browser.start("mock"), subject)
    await redis.flushdb()  # what the TTL does after OAUTH_STATE_TTL_SECONDS

    response = await browser.back(callback)

    assert refused_for_state(response.status_code, response.json())


async def test_a_callback_in_another_browser_is_refused_and_signs_no_one_in(
    oauth_app: FastAPI,
    browser: Browser,
    client: AsyncClient,
    openid_server: OpenIDServer,
    db: AsyncSession,
) -> None:
    """Login CSRF: an attacker's callback link, opened by a victim, must not sign them in."""
    subject = openid_server.user("attacker", email="attacker@example.com", email_verified=True)
    callback = await browser.approve_as(await browser.start("mock"), subject)
    client.cookies.clear()  # the victim's browser never started this sign-in

    response = await browser.back(callback)

    assert refused_for_state(response.status_code, response.json())
    assert "not started in this browser" in response.json()["detail"]
    assert await users_with_email(db, "attacker@example.com") == 0


async def test_a_state_that_does_not_match_the_cookie_is_refused(
    oauth_app: FastAPI, browser: Browser, client: AsyncClient
) -> None:
    state = query_of(await browser.start("mock"))["state"]
    response = await client.get(
        f"{OAUTH}/mock/callback", params={"code": "x", "state": state[::-1]}
    )
    assert refused_for_state(response.status_code, response.json())


async def test_a_callback_without_state_is_refused(oauth_app: FastAPI, client: AsyncClient) -> None:
    response = await client.get(f"{OAUTH}/mock/callback", params={"code": "x"})
    assert refused_for_state(response.status_code, response.json())


async def test_a_state_started_with_another_provider_is_refused(
    oauth_app: FastAPI, browser: Browser, client: AsyncClient, openid_server: OpenIDServer
) -> None:
    oauth_app.state.oauth_providers = OAuthProviders(
        [openid_server.provider(), openid_server.provider("other")]
    )
    state = query_of(await browser.start("mock"))["state"]
    response = await client.get(f"{OAUTH}/other/callback", params={"code": "x", "state": state})
    assert refused_for_state(response.status_code, response.json())
    assert "another provider" in response.json()["detail"]


async def test_a_refusal_at_the_provider_is_a_clear_problem_and_uses_up_the_state(
    oauth_app: FastAPI, browser: Browser, client: AsyncClient
) -> None:
    state = query_of(await browser.start("mock"))["state"]
    cancelled = {"state": state, "error": "access_denied", "error_description": "User said no"}

    response = await client.get(f"{OAUTH}/mock/callback", params=cancelled)

    assert response.status_code == 400
    assert response.json()["type"].endswith("/oauth-denied")
    assert "User said no" in response.json()["detail"]
    again = await client.get(f"{OAUTH}/mock/callback", params={"code": "x", "state": state})
    assert refused_for_state(again.status_code, again.json())


async def test_a_callback_without_code_is_refused(
    oauth_app: FastAPI, browser: Browser, client: AsyncClient
) -> None:
    state = query_of(await browser.start("mock"))["state"]
    response = await client.get(f"{OAUTH}/mock/callback", params={"state": state})
    assert response.status_code == 400
    assert "no authorization code" in response.json()["detail"]


async def test_without_redis_sign_in_is_unavailable_not_broken(
    oauth_app: FastAPI, client: AsyncClient
) -> None:
    working = oauth_app.state.resources.redis
    unreachable = Redis.from_url("redis://127.0.0.1:9/0", socket_connect_timeout=0.2)
    oauth_app.state.resources.redis = unreachable
    try:
        started = await client.get(f"{OAUTH}/mock/authorize")
        client.cookies.set("oauth_state", "s", path=COOKIE_PATH)
        finished = await client.get(f"{OAUTH}/mock/callback", params={"code": "x", "state": "s"})
    finally:
        oauth_app.state.resources.redis = working
        await unreachable.aclose()
    assert started.status_code == finished.status_code == 503
