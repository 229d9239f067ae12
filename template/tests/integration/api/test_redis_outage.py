"""With Redis unreachable the service keeps answering: the global limit and caches step
aside (or, with RATE_LIMIT_FAIL_OPEN=false, limited routes answer 503), never a 500; the
per-route budgets that guard sign-in and the like keep counting in the process."""

from typing import Any

import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncConnection

from app.config import RateLimitSettings, RedisSettings, Settings
from app.core.rate_limit import RateLimitMiddleware
from app.modules.tenants import Tenant
from app.modules.users import User
from tests.conftest import make_settings
from tests.support.auth import bearer
from tests.support.custom_app import CLOSED_PORT_REDIS, client_for, recorded, running_app
from tests.support.limited_routes import router

pytestmark = pytest.mark.integration

PROBLEM = "application/problem+json"


def without_redis(**rate_limit: Any) -> Settings:
    return make_settings(
        redis=RedisSettings(_env_file=None, url=CLOSED_PORT_REDIS),
        rate_limit=RateLimitSettings(_env_file=None, **rate_limit),
    )


def drop_global_limit(app: FastAPI) -> None:
    """Leave only the route budgets (the middleware would otherwise decide first)."""
    app.user_middleware = [m for m in app.user_middleware if m.cls is not RateLimitMiddleware]


async def test_limited_and_cached_routes_still_answer_when_redis_is_down(
    connection: AsyncConnection, tenant: Tenant, owner: User
) -> None:
    async with running_app(without_redis(), connection, [router]) as app, client_for(app) as c:
        limited = await c.get("/limited/ten")
        current = await c.get("/api/v1/tenants/current", headers=bearer(app, owner))
        again = await c.get("/api/v1/tenants/current", headers=bearer(app, owner))
        sign_in = await c.post("/api/v1/auth/login", json={"email": owner.email, "password": "x"})
        ready = await c.get("/health/ready")
    assert limited.status_code == 200
    assert limited.headers["X-RateLimit-Limit"] == "10"  # counted in the process
    assert current.status_code == again.status_code == 200
    assert again.json()["name"] == tenant.name
    assert sign_in.status_code == 401
    assert ready.status_code == 503
    assert ready.json()["checks"]["redis"] == "down"
    outages = set(recorded(app).outages)
    assert outages == {("redis", "rate_limit"), ("redis", "cache")}


async def test_failing_closed_answers_503_problems_but_probes_still_answer() -> None:
    settings = without_redis(fail_open=False)
    async with running_app(settings, routers=[router]) as app, client_for(app) as client:
        refused = await client.get("/limited/open")
        live = await client.get("/health/live")
    assert refused.status_code == 503
    assert refused.headers["content-type"] == PROBLEM
    assert refused.headers["Retry-After"] == "5"
    assert live.status_code == 200
    assert recorded(app).outages == [("redis", "rate_limit")]


async def test_a_route_budget_counts_in_the_process_when_failing_open() -> None:
    settings = without_redis(fail_open=True)
    async with (
        running_app(settings, routers=[router], prepare=drop_global_limit) as app,
        client_for(app) as client,
    ):
        statuses = [(await client.get("/limited/ten")).status_code for _ in range(12)]
    assert statuses == [200] * 10 + [429] * 2
    assert ("redis", "rate_limit") in recorded(app).outages


async def test_a_route_budget_answers_503_when_failing_closed() -> None:
    settings = without_redis(fail_open=False)
    async with (
        running_app(settings, routers=[router], prepare=drop_global_limit) as app,
        client_for(app) as client,
    ):
        response = await client.get("/limited/ten")
    assert response.status_code == 503
    assert response.headers["content-type"] == PROBLEM
    assert recorded(app).outages == [("redis", "rate_limit")]


async def test_wrong_passwords_meet_the_sign_in_budget_while_redis_is_down(
    connection: AsyncConnection, owner: User
) -> None:
    settings = without_redis(fail_open=True)  # the global budget lets requests through
    wrong = {"email": owner.email, "password": "not the password"}
    async with running_app(settings, connection) as app, client_for(app) as client:
        responses = [await client.post("/api/v1/auth/login", json=wrong) for _ in range(13)]
    statuses = [response.status_code for response in responses]
    assert statuses[:10] == [401] * 10
    assert statuses[10:] == [429] * 3
