"""Provider sign-in has the strict per-address budget of password sign-in, per step."""

from typing import Any

import pytest
from fastapi import FastAPI
from httpx import Response
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncConnection

from app.config import RateLimitSettings
from app.modules.users.oauth.provider import OAuthProviders
from app.modules.users.oauth.settings import OAuthSettings
from tests.conftest import GENEROUS, make_settings
from tests.integration.oauth.browser import OAUTH
from tests.integration.oauth.conftest import FRONTEND, OpenIDServer
from tests.support.custom_app import client_for, recorded, running_app

pytestmark = pytest.mark.integration


def assert_refused(response: Response) -> None:
    assert response.status_code == 429
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["X-RateLimit-Limit"] == "1"
    assert int(response.headers["Retry-After"]) >= 1


async def test_starting_and_finishing_a_provider_sign_in_are_limited_per_address(
    redis: Redis, connection: AsyncConnection, openid_server: OpenIDServer
) -> None:
    budgets: dict[str, Any] = {
        "requests": GENEROUS,
        "plan_free": GENEROUS,
        "plan_pro": GENEROUS,
        "plan_enterprise": GENEROUS,
    }
    settings = make_settings(
        rate_limit=RateLimitSettings(_env_file=None, auth_requests=1, **budgets)
    )

    def offer_the_mock_provider(app: FastAPI) -> None:
        app.state.oauth_settings = OAuthSettings(_env_file=None, frontend_redirect_url=FRONTEND)
        app.state.oauth_providers = OAuthProviders([openid_server.provider()])

    async with (
        running_app(settings, connection, prepare=offer_the_mock_provider) as app,
        client_for(app, "198.51.100.1") as client,
        client_for(app, "198.51.100.2") as elsewhere,
    ):
        assert (await client.get(f"{OAUTH}/mock/authorize")).status_code == 302
        assert_refused(await client.get(f"{OAUTH}/mock/authorize"))
        # The callback has a bucket of its own: starting used none of it.
        assert (await client.get(f"{OAUTH}/mock/callback?state=forged")).status_code == 400
        assert_refused(await client.get(f"{OAUTH}/mock/callback?state=forged"))
        assert (await elsewhere.get(f"{OAUTH}/mock/authorize")).status_code == 302

    assert recorded(app).rejected_routes == [
        "/api/v1/auth/oauth/{provider}/authorize",
        "/api/v1/auth/oauth/{provider}/callback",
    ]
