"""Every response carries security headers; CORS, hosts and body sizes are policed."""

import base64
import hashlib
import re
from collections.abc import AsyncIterator

import pytest
from fastapi import FastAPI
from httpx import AsyncClient
from pydantic import SecretStr

from app.config import AppSettings, Environment, HttpSettings
from app.core.http.body_limit import declared_length
from app.core.logging import configure_logging
from app.core.routing import AgencyRouter
from tests.conftest import DEPLOYED_SECRET, make_settings
from tests.support.serving import serving

pytestmark = pytest.mark.integration

PROBLEM = "application/problem+json"
ORIGIN = "https://app.example"
SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "strict-origin-when-cross-origin",
    "cross-origin-opener-policy": "same-origin",
}

router = AgencyRouter(prefix="/_test", tags=["test"])


@router.post("/echo", response_model=dict[str, int], summary="Read a JSON body")
async def echo(body: dict[str, str]) -> dict[str, int]:
    return {"fields": len(body)}


@pytest.fixture
async def api(app: FastAPI, client: AsyncClient) -> AsyncClient:
    app.include_router(router)
    return client


def http(**values: object) -> HttpSettings:
    return HttpSettings(_env_file=None, **values)  # type: ignore[arg-type]


async def test_api_responses_carry_security_headers_and_a_strict_csp(client: AsyncClient) -> None:
    for response in (await client.get("/health/live"), await client.get("/nowhere")):
        for name, value in SECURITY_HEADERS.items():
            assert response.headers[name] == value
        assert "camera=()" in response.headers["permissions-policy"]
        assert response.headers["content-security-policy"].startswith("default-src 'none'")
        assert "strict-transport-security" not in response.headers  # development and tests


@pytest.fixture
def production(monkeypatch: pytest.MonkeyPatch) -> AppSettings:
    # Production caches loggers for good; keep this process's logging reconfigurable.
    monkeypatch.setattr(
        "app.main.configure_logging",
        lambda **options: configure_logging(**{**options, "cache_loggers": False}),
    )
    return AppSettings(
        _env_file=None, environment=Environment.PRODUCTION, secret_key=SecretStr(DEPLOYED_SECRET)
    )


async def test_hsts_is_sent_outside_development(production: AppSettings) -> None:
    async with serving(make_settings(app=production, http=http(hsts_max_age=600))) as (_, client):
        response = await client.get("/health/live")
    assert response.headers["strict-transport-security"] == "max-age=600; includeSubDomains"


async def test_the_docs_pages_may_run_exactly_their_own_inline_script(client: AsyncClient) -> None:
    docs = await client.get("/docs")
    inline = re.search(rb"<script>(.*?)</script>", docs.content, re.DOTALL)
    assert inline is not None
    digest = base64.b64encode(hashlib.sha256(inline.group(1)).digest()).decode()
    policy = docs.headers["content-security-policy"]
    assert f"'sha256-{digest}'" in policy
    assert "https://cdn.jsdelivr.net" in policy
    assert "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
    redoc = await client.get("/redoc")
    assert "worker-src blob:" in redoc.headers["content-security-policy"]
    assert redoc.headers["x-frame-options"] == "DENY"


async def test_docs_are_not_served_when_turned_off() -> None:
    async with serving(make_settings(http=http(docs_enabled=False))) as (_, client):
        for path in ("/docs", "/redoc", "/openapi.json", "/docs/oauth2-redirect"):
            response = await client.get(path)
            assert response.status_code == 404, path
            assert response.headers["content-type"] == PROBLEM


async def test_production_serves_no_docs_unless_they_are_turned_on(
    production: AppSettings,
) -> None:
    async with serving(make_settings(app=production)) as (_, client):
        for path in ("/docs", "/redoc", "/openapi.json"):
            assert (await client.get(path)).status_code == 404, path
    async with serving(make_settings(app=production, http=http(docs_enabled=True))) as (_, client):
        for path in ("/docs", "/redoc", "/openapi.json"):
            assert (await client.get(path)).status_code == 200, path


@pytest.fixture
async def cors_client() -> AsyncIterator[AsyncClient]:
    async with serving(make_settings(http=http(cors_origins=ORIGIN))) as (_, client):
        yield client


def preflight(origin: str) -> dict[str, str]:
    return {
        "Origin": origin,
        "Access-Control-Request-Method": "PATCH",
        "Access-Control-Request-Headers": "authorization, content-type",
    }


async def test_a_preflight_from_an_allowed_origin_passes(cors_client: AsyncClient) -> None:
    response = await cors_client.options("/api/v1/users/me", headers=preflight(ORIGIN))
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == ORIGIN
    assert response.headers["access-control-allow-credentials"] == "true"
    assert "PATCH" in response.headers["access-control-allow-methods"]


async def test_a_preflight_from_another_origin_gets_no_cors_grant(cors_client: AsyncClient) -> None:
    response = await cors_client.options(
        "/api/v1/users/me", headers=preflight("https://evil.example")
    )
    assert response.status_code == 400
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["type"].endswith("/cors-refused")
    assert not [name for name in response.headers if name.startswith("access-control-")]


async def test_responses_to_an_allowed_origin_expose_what_clients_read(
    cors_client: AsyncClient,
) -> None:
    response = await cors_client.get("/api/v1/users/me", headers={"Origin": ORIGIN})
    assert response.status_code == 401  # errors are readable by the browser too
    assert response.headers["access-control-allow-origin"] == ORIGIN
    assert "X-Request-ID" in response.headers["access-control-expose-headers"]
    other = await cors_client.get("/health/live", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in other.headers


async def test_an_untrusted_host_is_refused_with_a_problem() -> None:
    settings = make_settings(http=http(trusted_hosts="api.example.com,*.internal.example"))
    async with serving(settings, base_url="http://api.example.com") as (_, client):
        for host in ("api.example.com:8000", "API.example.com", "app.internal.example"):
            allowed = await client.get("/health/live", headers={"Host": host})
            assert allowed.status_code == 200, host
        refused = [
            await client.get("/health/live", headers={"Host": host})
            for host in ("attacker.example", "internal.example", "api.example.com.evil", "")
        ]
    for response in refused:
        assert response.status_code == 400
        assert response.headers["content-type"] == PROBLEM
        assert response.json()["type"].endswith("/invalid-host")
        assert response.headers["x-content-type-options"] == "nosniff"


def oversized(app: FastAPI) -> bytes:
    limit: int = app.state.settings.http.max_body_bytes
    return b'{"padding": "' + b"x" * limit + b'"}'


async def test_an_oversized_body_with_content_length_is_a_413_problem(
    app: FastAPI, api: AsyncClient
) -> None:
    response = await api.post(
        "/_test/echo", content=oversized(app), headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413
    assert response.headers["content-type"] == PROBLEM
    problem = response.json()
    assert problem["type"].endswith("/content-too-large")
    assert problem["trace_id"]


async def test_an_oversized_chunked_body_is_a_413_problem(app: FastAPI, api: AsyncClient) -> None:
    body = oversized(app)

    async def chunks() -> AsyncIterator[bytes]:
        for start in range(0, len(body), 64 * 1024):
            yield body[start : start + 64 * 1024]

    response = await api.post(
        "/_test/echo", content=chunks(), headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["type"].endswith("/content-too-large")


async def test_a_body_within_the_limit_is_read_normally(api: AsyncClient) -> None:
    response = await api.post("/_test/echo", json={"name": "small"})
    assert response.status_code == 200
    assert response.json() == {"fields": 1}


@pytest.mark.parametrize(("value", "length"), [(b"12", 12), (b"twelve", None)])
def test_a_malformed_content_length_is_left_to_the_server(value: bytes, length: int | None) -> None:
    assert declared_length({"headers": [(b"content-length", value)]}) == length
