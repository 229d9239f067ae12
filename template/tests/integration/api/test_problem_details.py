"""Every error leaves as RFC 9457 application/problem+json, never as a stack trace."""

from typing import Annotated

import pytest
from fastapi import FastAPI, Query
from httpx import AsyncClient
from pydantic import BaseModel, EmailStr
from sqlalchemy import text

from app.core.database import DbSession
from app.core.errors import ConflictError, NotFoundError, PermissionDeniedError
from app.core.routing import AgencyRouter

pytestmark = pytest.mark.integration

PROBLEM = "application/problem+json"


class Signup(BaseModel):
    email: EmailStr
    age: int


class Echo(BaseModel):
    ok: bool


router = AgencyRouter(prefix="/_test", tags=["test"])


@router.post("/signup", response_model=Echo, summary="Validate a body")
async def signup(body: Signup) -> Echo:
    return Echo(ok=bool(body))


@router.get("/search", response_model=Echo, summary="Validate a query")
async def search(limit: Annotated[int, Query(ge=1, le=10)]) -> Echo:
    return Echo(ok=limit > 0)


@router.get("/boom", response_model=Echo, summary="Fail unexpectedly")
async def boom() -> Echo:
    secret = "postgres://admin:hunter2@db"
    raise RuntimeError(f"internal failure talking to {secret}")


@router.get("/missing", response_model=Echo, summary="Raise a domain error")
async def missing() -> Echo:
    raise NotFoundError("Widget 42 does not exist")


@router.get("/conflict", response_model=Echo, summary="Raise a conflict")
async def conflict() -> Echo:
    raise ConflictError("Email already registered")


@router.get("/forbidden", response_model=Echo, summary="Raise a permission error")
async def forbidden() -> Echo:
    raise PermissionDeniedError("Missing permission users:delete")


@router.get("/slow", response_model=Echo, summary="Run out of statement time")
async def slow(session: DbSession) -> Echo:
    await session.execute(text("SELECT set_config('statement_timeout', '50', true)"))
    await session.execute(text("SELECT pg_sleep(2)"))
    return Echo(ok=True)


@router.get("/bad-sql", response_model=Echo, summary="Send SQL the database rejects")
async def bad_sql(session: DbSession) -> Echo:
    await session.execute(text("SELECT no_such_column FROM tenants"))
    return Echo(ok=True)


@pytest.fixture
def app_with_test_routes(app: FastAPI) -> FastAPI:
    app.include_router(router)
    return app


@pytest.fixture
async def api(app_with_test_routes: FastAPI, client: AsyncClient) -> AsyncClient:
    return client


async def test_an_invalid_body_lists_every_field_error(api: AsyncClient) -> None:
    response = await api.post("/_test/signup", json={"email": "not-an-email", "age": "x"})
    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM
    problem = response.json()
    assert problem["title"] == "Validation Error"
    assert problem["type"].endswith("/validation")
    assert problem["instance"] == "/_test/signup"
    fields = {error["field"] for error in problem["errors"]}
    assert fields == {"body.email", "body.age"}


async def test_malformed_json_is_a_validation_problem(api: AsyncClient) -> None:
    response = await api.post(
        "/_test/signup", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM


async def test_an_out_of_range_query_parameter_is_a_validation_problem(api: AsyncClient) -> None:
    response = await api.get("/_test/search", params={"limit": 500})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "query.limit"


async def test_an_unknown_route_is_a_404_problem(api: AsyncClient) -> None:
    response = await api.get("/nowhere")
    assert response.status_code == 404
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["type"].endswith("/not-found")


async def test_a_wrong_method_is_a_405_problem(api: AsyncClient) -> None:
    response = await api.delete("/_test/search")
    assert response.status_code == 405
    assert response.headers["content-type"] == PROBLEM


@pytest.mark.parametrize(
    ("path", "status", "slug"),
    [
        ("/_test/missing", 404, "not-found"),
        ("/_test/conflict", 409, "conflict"),
        ("/_test/forbidden", 403, "forbidden"),
    ],
)
async def test_domain_errors_map_to_their_status(
    api: AsyncClient, path: str, status: int, slug: str
) -> None:
    response = await api.get(path)
    assert response.status_code == status
    assert response.headers["content-type"] == PROBLEM
    problem = response.json()
    assert problem["type"].endswith(f"/{slug}")
    assert problem["status"] == status
    assert problem["detail"]


async def test_an_unexpected_error_is_a_500_without_internals_but_with_a_trace_id(
    api: AsyncClient,
) -> None:
    response = await api.get("/_test/boom", headers={"X-Request-ID": "support-ticket-1"})
    assert response.status_code == 500
    assert response.headers["content-type"] == PROBLEM
    problem = response.json()
    assert problem["trace_id"]
    assert response.headers["x-request-id"] == "support-ticket-1"
    for leak in ("hunter2", "RuntimeError", "Traceback", "postgres://"):
        assert leak not in response.text


async def test_a_statement_that_runs_out_of_time_is_a_503_problem(api: AsyncClient) -> None:
    response = await api.get("/_test/slow")
    assert response.status_code == 503
    assert response.headers["content-type"] == PROBLEM
    assert response.headers["retry-after"] == "5"
    assert "took too long" in response.json()["detail"]
    assert "pg_sleep" not in response.text


async def test_any_other_database_error_is_a_500_without_the_sql(api: AsyncClient) -> None:
    response = await api.get("/_test/bad-sql")
    assert response.status_code == 500
    assert response.headers["content-type"] == PROBLEM
    for leak in ("no_such_column", "SELECT", "ProgrammingError"):
        assert leak not in response.text
