"""A deprecated route says so in OpenAPI and in every response, with its sunset date."""

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from fastapi import Depends, FastAPI
from httpx import AsyncClient
from pydantic import BaseModel

from app.api.versioning import deprecated, deprecation_headers
from app.core.routing import AgencyRouter

pytestmark = pytest.mark.integration

SINCE = date(2025, 1, 1)
SUNSET = date(2025, 12, 31)


class Thing(BaseModel):
    name: str


calls: list[str] = []


async def record_call() -> None:
    calls.append("dependency")


router = AgencyRouter(prefix="/_test", tags=["test"])


@router.get(
    "/old-things",
    response_model=Thing,
    summary="Read a thing the old way",
    **deprecated(
        since=SINCE,
        sunset=SUNSET,
        successor="/api/v2/things",
        dependencies=[Depends(record_call)],
    ),
)
async def read_old_thing() -> Thing:
    return Thing(name="old")


@router.get("/new-things", response_model=Thing, summary="Read a thing")
async def read_new_thing() -> Thing:
    return Thing(name="new")


retired = AgencyRouter(prefix="/_retired", tags=["test"], **deprecated(since=SINCE, sunset=SUNSET))


@retired.get("/thing", response_model=Thing, summary="Read a thing from a retired router")
async def read_retired_thing() -> Thing:
    return Thing(name="retired")


@pytest.fixture
async def api(app: FastAPI, client: AsyncClient) -> AsyncClient:
    app.include_router(router)
    app.include_router(retired)
    return client


async def test_a_deprecated_route_sends_deprecation_sunset_and_successor_link(
    api: AsyncClient,
) -> None:
    calls.clear()
    response = await api.get("/_test/old-things")
    assert response.status_code == 200
    assert response.headers["deprecation"] == "@1735689600"
    assert response.headers["sunset"] == "Wed, 31 Dec 2025 00:00:00 GMT"
    assert response.headers["link"] == '</api/v2/things>; rel="successor-version"'
    assert calls == ["dependency"]  # the route's own dependencies still run


async def test_a_current_route_sends_no_deprecation_headers(api: AsyncClient) -> None:
    response = await api.get("/_test/new-things")
    assert not {"deprecation", "sunset", "link"} & set(response.headers)


async def test_a_whole_router_can_be_deprecated(api: AsyncClient) -> None:
    response = await api.get("/_retired/thing")
    assert response.headers["deprecation"] == "@1735689600"
    assert "link" not in response.headers


async def test_openapi_marks_deprecated_operations(app: FastAPI, api: AsyncClient) -> None:
    paths = (await api.get("/openapi.json")).json()["paths"]
    assert paths["/_test/old-things"]["get"]["deprecated"] is True
    assert paths["/_retired/thing"]["get"]["deprecated"] is True
    assert "deprecated" not in paths["/_test/new-things"]["get"]
    assert paths["/_test/old-things"]["get"]["operationId"] == "read_old_thing"


def test_dates_are_instants_in_utc() -> None:
    paris_noon = datetime(2025, 6, 1, 12, tzinfo=timezone(timedelta(hours=2)))
    headers = deprecation_headers(since=paris_noon, sunset=datetime(2026, 1, 1, tzinfo=UTC))
    assert headers["Deprecation"] == f"@{int(paris_noon.timestamp())}"
    assert headers["Sunset"] == "Thu, 01 Jan 2026 00:00:00 GMT"


def test_a_naive_datetime_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        deprecation_headers(since=SINCE, sunset=datetime(2026, 1, 1))  # noqa: DTZ001
