"""Routes with per-route budgets, mounted only in the rate-limit tests."""

from pydantic import BaseModel

from app.core.rate_limit import rate_limit
from app.core.routing import AgencyRouter

router = AgencyRouter(prefix="/limited", tags=["tests"])


class Pong(BaseModel):
    ok: bool = True


@router.get(
    "/ten", response_model=Pong, summary="Ten per minute", dependencies=[rate_limit(10, 60)]
)
async def ten_per_minute() -> Pong:
    return Pong()


@router.get(
    "/brief", response_model=Pong, summary="Two per second", dependencies=[rate_limit(2, 1)]
)
async def two_per_second() -> Pong:
    return Pong()


@router.get("/open", response_model=Pong, summary="Only the global budget")
async def global_budget_only() -> Pong:
    return Pong()
