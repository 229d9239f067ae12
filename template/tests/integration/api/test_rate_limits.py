"""Rate limits over HTTP: exact under concurrency, per caller, tiered, strict on auth."""

import asyncio
import time
import uuid
from collections import Counter
from typing import Any

import pytest
from fastapi import FastAPI
from httpx import AsyncClient, Response
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from app.config import HttpSettings, RateLimitSettings, Settings
from app.core.tenancy import Plan
from tests.conftest import GENEROUS, make_settings
from tests.factories import DEFAULT_PASSWORD, create_tenant, create_user
from tests.support.custom_app import client_for, recorded, running_app
from tests.support.limited_routes import router

pytestmark = pytest.mark.integration

PROBLEM = "application/problem+json"
BUDGET_HEADERS = ("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset")


def limits(http: HttpSettings | None = None, **budget: Any) -> Settings:
    """Generous everywhere except the budgets a test names."""
    values: dict[str, Any] = {
        "requests": GENEROUS,
        "auth_requests": GENEROUS,
        "plan_free": GENEROUS,
        "plan_pro": GENEROUS,
        "plan_enterprise": GENEROUS,
    }
    groups: dict[str, Any] = {"rate_limit": RateLimitSettings(_env_file=None, **values | budget)}
    if http is not None:
        groups["http"] = http
    return make_settings(**groups)


def bearer(app: FastAPI, plan: Plan = Plan.FREE) -> dict[str, str]:
    token = app.state.access_tokens.issue(uuid.uuid4(), uuid.uuid4(), plan=plan)
    return {"Authorization": f"Bearer {token}"}


def assert_refused(response: Response, limit: int) -> None:
    assert response.status_code == 429
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["type"].endswith("/rate-limited")
    assert response.headers["X-RateLimit-Limit"] == str(limit)
    assert response.headers["X-RateLimit-Remaining"] == "0"
    assert int(response.headers["X-RateLimit-Reset"]) >= int(time.time())
    assert int(response.headers["Retry-After"]) >= 1


async def successes(client: AsyncClient, url: str, count: int, **kwargs: Any) -> int:
    responses = [await client.get(url, **kwargs) for _ in range(count)]
    return sum(response.status_code == 200 for response in responses)


async def test_fifty_concurrent_requests_on_a_route_of_ten_let_exactly_ten_through(
    redis: Redis,
) -> None:
    async with running_app(limits(), routers=[router]) as app, client_for(app) as client:
        responses = await asyncio.gather(*(client.get("/limited/ten") for _ in range(50)))
    assert Counter(response.status_code for response in responses) == {200: 10, 429: 40}
    accepted = [response for response in responses if response.status_code == 200]
    assert {response.headers["X-RateLimit-Limit"] for response in accepted} == {"10"}
    assert sorted(int(r.headers["X-RateLimit-Remaining"]) for r in accepted) == list(range(10))
    for response in responses:
        if response.status_code == 429:
            assert_refused(response, limit=10)
            assert 55 <= int(response.headers["Retry-After"]) <= 60
    assert recorded(app).rejected_routes == ["/limited/ten"] * 40


async def test_after_the_window_requests_pass_again(redis: Redis) -> None:
    async with running_app(limits(), routers=[router]) as app, client_for(app) as client:
        assert await successes(client, "/limited/brief", 2) == 2
        accepted_by = time.monotonic()
        assert_refused(await client.get("/limited/brief"), limit=2)
        await asyncio.sleep(max(0.0, accepted_by + 1.1 - time.monotonic()))
        again = await client.get("/limited/brief")
    assert again.status_code == 200
    assert again.headers["X-RateLimit-Remaining"] == "1"


async def test_every_limited_response_carries_its_budget_but_probes_are_not_limited(
    redis: Redis,
) -> None:
    async with running_app(limits(requests=50), routers=[router]) as app, client_for(app) as c:
        limited = await c.get("/limited/open")
        missing = await c.get("/api/v1/no-such-route")
        probe = await c.get("/health/live")
    assert limited.headers["X-RateLimit-Limit"] == "50"
    assert limited.headers["X-RateLimit-Remaining"] == "49"
    assert "Retry-After" not in limited.headers
    assert missing.status_code == 404
    assert missing.headers["X-RateLimit-Remaining"] == "48"
    assert not any(name in probe.headers for name in BUDGET_HEADERS)


async def test_the_global_budget_refuses_with_a_problem_labelled_by_route(redis: Redis) -> None:
    async with running_app(limits(requests=1), routers=[router]) as app, client_for(app) as c:
        assert (await c.get("/limited/open")).status_code == 200
        assert_refused(await c.get("/limited/open"), limit=1)
        assert_refused(await c.get("/api/v1/no-such-route"), limit=1)
    assert recorded(app).rejected_routes == ["/limited/open", "unmatched"]


async def test_users_are_limited_per_user_and_anonymous_callers_per_address(
    redis: Redis,
) -> None:
    async with (
        running_app(limits(requests=2, plan_free=2), routers=[router]) as app,
        client_for(app, "198.51.100.1") as first,
        client_for(app, "198.51.100.2") as second,
    ):
        alice, bob = bearer(app), bearer(app)
        assert await successes(first, "/limited/open", 3) == 2
        assert await successes(second, "/limited/open", 1) == 1
        # The address is spent, but a signed-in user from it has a budget of their own.
        assert await successes(first, "/limited/open", 3, headers=alice) == 2
        assert await successes(first, "/limited/open", 1, headers=bob) == 1


async def test_route_budgets_are_per_caller_too(redis: Redis) -> None:
    async with running_app(limits(), routers=[router]) as app, client_for(app) as client:
        alice, bob = bearer(app), bearer(app)
        assert await successes(client, "/limited/brief", 3, headers=alice) == 2
        assert await successes(client, "/limited/brief", 1, headers=bob) == 1


async def test_plans_set_the_size_of_a_users_budget(redis: Redis) -> None:
    budgets = {"plan_free": 1, "plan_pro": 3, "plan_enterprise": 5}
    async with running_app(limits(**budgets), routers=[router]) as app, client_for(app) as c:
        counts = {
            plan: await successes(c, "/limited/open", 7, headers=bearer(app, plan)) for plan in Plan
        }
    assert counts == {Plan.FREE: 1, Plan.PRO: 3, Plan.ENTERPRISE: 5}


async def test_sign_in_is_limited_strictly_per_address(
    redis: Redis, connection: AsyncConnection
) -> None:
    wrong = {"email": "ghost@example.com", "password": "not-the-password"}
    form = {"username": wrong["email"], "password": wrong["password"]}
    async with (
        running_app(limits(auth_requests=2), connection) as app,
        client_for(app, "198.51.100.1") as client,
        client_for(app, "198.51.100.2") as elsewhere,
    ):
        first = [await client.post("/api/v1/auth/login", json=wrong) for _ in range(2)]
        assert [response.status_code for response in first] == [401, 401]
        assert_refused(await client.post("/api/v1/auth/login", json=wrong), limit=2)
        # The OAuth2 form is the same door: it shares the bucket.
        assert_refused(await client.post("/api/v1/auth/token", data=form), limit=2)
        assert (await elsewhere.post("/api/v1/auth/login", json=wrong)).status_code == 401
    assert recorded(app).rejected_routes == ["/api/v1/auth/login", "/api/v1/auth/token"]


@pytest.mark.parametrize(
    ("path", "body", "first_status"),
    [
        ("/api/v1/auth/refresh", {"refresh_token": "unknown"}, 401),
        ("/api/v1/auth/register", {"email": "not-an-email"}, 422),
        (
            "/api/v1/auth/invitations/accept",
            {"token": "guess", "password": "a long enough guess"},
            400,
        ),
    ],
)
async def test_sign_up_refresh_and_invitations_are_limited_strictly_too(
    redis: Redis, connection: AsyncConnection, path: str, body: dict[str, str], first_status: int
) -> None:
    async with running_app(limits(auth_requests=1), connection) as app, client_for(app) as c:
        assert (await c.post(path, json=body)).status_code == first_status
        assert_refused(await c.post(path, json=body), limit=1)


async def test_changing_a_password_is_limited_strictly_per_user(
    redis: Redis, connection: AsyncConnection
) -> None:
    change = {"current_password": "a guess", "new_password": "a brand new passphrase"}
    async with running_app(limits(auth_requests=2), connection) as app, client_for(app) as c:
        guesser, other = bearer(app), bearer(app)
        for _ in range(2):  # tokens of users the database does not know: 401 after the budget
            response = await c.post("/api/v1/auth/password", json=change, headers=guesser)
            assert response.status_code == 401
        assert_refused(await c.post("/api/v1/auth/password", json=change, headers=guesser), limit=2)
        response = await c.post("/api/v1/auth/password", json=change, headers=other)
        assert response.status_code == 401


async def test_addresses_come_from_forwarded_headers_of_trusted_proxies_only(
    redis: Redis,
) -> None:
    settings = limits(HttpSettings(_env_file=None, forwarded_allow_ips=["10.0.0.1"]), requests=1)
    spoofed = [{"X-Forwarded-For": f"198.51.100.{n}"} for n in (3, 4)]
    async with (
        running_app(settings, routers=[router]) as app,
        client_for(app, "10.0.0.1") as proxy,
        client_for(app, "10.0.0.2") as direct,
    ):
        for client_ip in ("198.51.100.1", "198.51.100.2"):
            forwarded = {"X-Forwarded-For": client_ip}
            assert await successes(proxy, "/limited/open", 2, headers=forwarded) == 1
        statuses = [(await direct.get("/limited/open", headers=h)).status_code for h in spoofed]
    assert statuses == [200, 429]


async def test_switching_rate_limiting_off_removes_budgets_and_headers(redis: Redis) -> None:
    settings = limits(enabled=False, requests=1)
    async with running_app(settings, routers=[router]) as app, client_for(app) as client:
        responses = [await client.get("/limited/brief") for _ in range(4)]
    assert [response.status_code for response in responses] == [200] * 4
    assert "X-RateLimit-Limit" not in responses[0].headers


async def test_sign_in_and_refresh_put_the_tenants_plan_in_the_access_token(
    app: FastAPI, client: AsyncClient, db: AsyncSession
) -> None:
    user = await create_user(db, await create_tenant(db, "Pro Co", Plan.PRO))
    credentials = {"email": user.email, "password": DEFAULT_PASSWORD}
    signed_in = await client.post("/api/v1/auth/login", json=credentials)
    refreshed = await client.post("/api/v1/auth/refresh")
    tokens = app.state.access_tokens
    assert tokens.decode(signed_in.json()["access_token"]).plan is Plan.PRO
    assert tokens.decode(refreshed.json()["access_token"]).plan is Plan.PRO
