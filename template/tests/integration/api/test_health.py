"""Probes tell an orchestrator the truth, without leaking internals."""

import pytest
from asgi_lifespan import LifespanManager
from httpx import ASGITransport, AsyncClient

from app.config import RedisSettings
from app.main import create_app
from tests.conftest import make_settings

pytestmark = pytest.mark.integration

CLOSED_PORT_REDIS = "redis://127.0.0.1:1/0"


async def test_liveness_answers_while_the_process_runs(client: AsyncClient) -> None:
    response = await client.get("/health/live")
    assert response.status_code == 200
    assert response.json() == {"status": "alive"}


async def test_readiness_checks_postgres_and_redis(client: AsyncClient) -> None:
    response = await client.get("/health/ready")
    assert response.status_code == 200
    assert response.json() == {"status": "ready", "checks": {"database": "ok", "redis": "ok"}}


async def test_readiness_is_503_with_per_check_status_when_redis_is_down() -> None:
    settings = make_settings(redis=RedisSettings(_env_file=None, url=CLOSED_PORT_REDIS))
    app = create_app(settings)
    async with LifespanManager(app):
        transport = ASGITransport(app=app, raise_app_exceptions=False)
        async with AsyncClient(transport=transport, base_url="http://testserver") as client:
            response = await client.get("/health/ready")
    assert response.status_code == 503
    body = response.json()
    assert body == {"status": "degraded", "checks": {"database": "ok", "redis": "down"}}
    assert "Connection" not in response.text  # the reason is logged, not returned
