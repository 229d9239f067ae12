"""A request's work is committed only when it succeeds, and never half-written."""

from uuid import uuid4

import pytest
from fastapi import FastAPI
from httpx import AsyncClient
from pydantic import BaseModel
from sqlalchemy import event, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from app.core.database import DbSession, in_tenant, on_commit, set_tenant
from app.core.errors import ConflictError
from app.core.routing import AgencyRouter
from app.modules.tenants import Tenant

pytestmark = pytest.mark.integration

router = AgencyRouter(prefix="/_test", tags=["test"])
followed_up: list[str] = []
attempted: list[Tenant] = []  # every tenant a route tried to create, committed or not


class Created(BaseModel):
    name: str


def add_tenant(session: AsyncSession, name: str) -> None:
    tenant = Tenant(id=uuid4(), name=name, slug=name)
    set_tenant(session, tenant.id)
    session.add(tenant)
    attempted.append(tenant)


@router.post("/tenants/{name}", response_model=Created, status_code=201, summary="Create")
async def create_tenant(name: str, session: DbSession) -> Created:
    add_tenant(session, name)
    await session.flush()

    async def follow_up() -> None:
        followed_up.append(name)

    on_commit(session, follow_up)
    return Created(name=name)


@router.post("/tenants/{name}/then-fail", response_model=Created, summary="Create then fail")
async def create_then_fail(name: str, session: DbSession) -> Created:
    add_tenant(session, name)
    await session.flush()
    raise ConflictError("changed my mind")


@pytest.fixture
def api_app(app: FastAPI) -> FastAPI:
    app.include_router(router)
    followed_up.clear()
    attempted.clear()
    return app


async def count(db: AsyncSession, name: str) -> int:
    """Saved tenants called `name`, looked up in each tenant a route tried to create."""
    found = 0
    for tenant in (tried for tried in attempted if tried.name == name):
        with in_tenant(db, tenant.id):
            statement = select(func.count()).select_from(Tenant).where(Tenant.id == tenant.id)
            found += int(await db.scalar(statement) or 0)
    return found


async def test_a_successful_request_commits_and_runs_follow_ups(
    api_app: FastAPI, client: AsyncClient, db: AsyncSession
) -> None:
    response = await client.post("/_test/tenants/alpha")
    assert response.status_code == 201
    assert await count(db, "alpha") == 1
    assert followed_up == ["alpha"]


async def test_a_failing_request_rolls_back_and_skips_follow_ups(
    api_app: FastAPI, client: AsyncClient, db: AsyncSession
) -> None:
    response = await client.post("/_test/tenants/beta/then-fail")
    assert response.status_code == 409
    assert await count(db, "beta") == 0
    assert followed_up == []


async def test_a_duplicate_key_is_a_409_problem_not_a_500(
    api_app: FastAPI, client: AsyncClient, db: AsyncSession
) -> None:
    assert (await client.post("/_test/tenants/gamma")).status_code == 201
    response = await client.post("/_test/tenants/gamma")
    assert response.status_code == 409
    assert response.headers["content-type"] == "application/problem+json"
    assert await count(db, "gamma") == 1


async def test_a_failed_commit_is_an_error_response_and_nothing_is_saved(
    api_app: FastAPI, client: AsyncClient, db: AsyncSession
) -> None:
    def refuse(_session: Session) -> None:
        raise RuntimeError("disk full")

    event.listen(Session, "before_commit", refuse)
    try:
        response = await client.post("/_test/tenants/delta")
    finally:
        event.remove(Session, "before_commit", refuse)
    assert response.status_code == 500
    assert response.headers["content-type"] == "application/problem+json"
    assert await count(db, "delta") == 0
    assert followed_up == []
