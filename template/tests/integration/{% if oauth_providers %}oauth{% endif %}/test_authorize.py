"""Starting a sign-in: a redirect to the provider carrying state, nonce and a PKCE challenge."""

import pytest
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from fastapi import FastAPI
from httpx import AsyncClient
from redis.asyncio import Redis

from app.modules.users.oauth.pending import PendingSignIn, state_key
from app.modules.users.oauth.provider import OAuthProviders
from app.modules.users.oauth.settings import OAuthSettings
from tests.integration.oauth.browser import OAUTH, Browser, query_of
from tests.integration.oauth.conftest import CLIENT_ID, FRONTEND, OpenIDServer

pytestmark = pytest.mark.integration

PROBLEM = "application/problem+json"


async def test_the_redirect_carries_state_nonce_and_an_s256_code_challenge(
    oauth_app: FastAPI, client: AsyncClient, openid_server: OpenIDServer, redis: Redis
) -> None:
    response = await client.get(f"{OAUTH}/mock/authorize")

    assert response.status_code == 302
    assert response.headers["cache-control"] == "no-store"
    location = response.headers["location"]
    assert location.startswith(f"{openid_server.base_url}/oauth2/authorize?")
    params = query_of(location)
    assert params["response_type"] == "code"
    assert params["client_id"] == CLIENT_ID
    assert params["redirect_uri"] == "http://testserver/api/v1/auth/oauth/mock/callback"
    assert set(params["scope"].split()) == {"openid", "email", "profile"}
    assert params["code_challenge_method"] == "S256"
    assert len(params["state"]) >= 32
    stored = await redis.get(state_key(params["state"]))
    assert stored is not None
    pending = PendingSignIn.loads(stored)
    assert params["code_challenge"] == create_s256_code_challenge(pending.code_verifier)
    assert pending.code_verifier not in location
    assert params["nonce"] == pending.nonce
    assert 0 < await redis.ttl(state_key(params["state"])) <= 600


async def test_the_state_is_also_set_in_a_short_lived_http_only_cookie(
    oauth_app: FastAPI, client: AsyncClient
) -> None:
    response = await client.get(f"{OAUTH}/mock/authorize")

    state = query_of(response.headers["location"])["state"]
    assert response.headers["set-cookie"].startswith(f"oauth_state={state};")
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie
    assert "samesite=lax" in cookie
    assert "path=/api/v1/auth/oauth" in cookie
    assert "max-age=600" in cookie


async def test_each_sign_in_gets_its_own_state_verifier_and_nonce(
    oauth_app: FastAPI, browser: Browser
) -> None:
    first = query_of(await browser.start("mock"))
    second = query_of(await browser.start("mock"))
    assert first["state"] != second["state"]
    assert first["code_challenge"] != second["code_challenge"]
    assert first["nonce"] != second["nonce"]


async def test_a_public_callback_base_url_replaces_the_request_host(
    oauth_app: FastAPI, browser: Browser
) -> None:
    oauth_app.state.oauth_settings = OAuthSettings(
        _env_file=None,
        frontend_redirect_url=FRONTEND,
        callback_base_url="https://api.example.test/",
    )
    params = query_of(await browser.start("mock"))
    assert params["redirect_uri"] == "https://api.example.test/api/v1/auth/oauth/mock/callback"


@pytest.mark.parametrize("endpoint", ["authorize", "callback"])
async def test_an_unknown_provider_is_a_404_problem(
    oauth_app: FastAPI, client: AsyncClient, endpoint: str
) -> None:
    response = await client.get(f"{OAUTH}/myspace/{endpoint}")
    assert response.status_code == 404
    assert response.headers["content-type"] == PROBLEM
    assert "myspace" in response.json()["detail"]


async def test_an_unreachable_provider_is_a_502_problem_not_a_crash(
    oauth_app: FastAPI, client: AsyncClient, openid_server: OpenIDServer, redis: Redis
) -> None:
    gone = openid_server.provider("gone")
    gone.discovery_url = "http://127.0.0.1:9/.well-known/openid-configuration"
    oauth_app.state.oauth_providers = OAuthProviders([gone])

    response = await client.get(f"{OAUTH}/gone/authorize")

    assert response.status_code == 502
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["type"].endswith("/oauth-provider-error")
    assert await redis.keys("oauth:state:*") == []


async def test_a_discovery_document_without_endpoints_is_refused(
    oauth_app: FastAPI, client: AsyncClient, openid_server: OpenIDServer
) -> None:
    odd = openid_server.provider("odd")
    odd.discovery_url = f"{openid_server.base_url}/jwks"  # JSON, but not a discovery document
    oauth_app.state.oauth_providers = OAuthProviders([odd])

    response = await client.get(f"{OAUTH}/odd/authorize")

    assert response.status_code == 502
