"""Liveness and readiness probes for orchestrators and load balancers.

`/health/live` answers while the process can serve at all; `/health/ready` also checks
PostgreSQL and Redis, each with a short timeout, and answers 503 with the status of each
check when one is down, so a load balancer stops sending traffic but nothing crashes.
Error details go to the log, not to the unauthenticated caller.
"""

import asyncio
from collections.abc import Awaitable, Callable
from typing import Literal

import structlog
from fastapi import Request, Response
from pydantic import BaseModel
from sqlalchemy import text

from app.core.resources import Resources
from app.core.routing import AgencyRouter

CHECK_TIMEOUT_SECONDS = 2.0

log = structlog.get_logger("app.health")

router = AgencyRouter(prefix="/health", tags=["health"])

CheckStatus = Literal["ok", "down"]


class Liveness(BaseModel):
    status: Literal["alive"] = "alive"


class Readiness(BaseModel):
    status: Literal["ready", "degraded"]
    checks: dict[str, CheckStatus]


async def _database(resources: Resources) -> None:
    async with resources.engine.connect() as connection:
        await connection.execute(text("SELECT 1"))


async def _redis(resources: Resources) -> None:
    await resources.redis.ping()


CHECKS: dict[str, Callable[[Resources], Awaitable[None]]] = {
    "database": _database,
    "redis": _redis,
}


async def _run(
    name: str, check: Callable[[Resources], Awaitable[None]], resources: Resources
) -> CheckStatus:
    try:
        await asyncio.wait_for(check(resources), timeout=CHECK_TIMEOUT_SECONDS)
    except Exception as exc:  # noqa: BLE001 - any failure means "not ready"; the reason is logged
        log.warning("readiness_check_failed", check=name, error=type(exc).__name__, reason=str(exc))
        return "down"
    return "ok"


@router.get("/live", response_model=Liveness, summary="Liveness probe")
async def live() -> Liveness:
    return Liveness()


@router.get(
    "/ready",
    response_model=Readiness,
    summary="Readiness probe: PostgreSQL and Redis reachable",
    responses={503: {"model": Readiness, "description": "A dependency is down"}},
)
async def ready(request: Request, response: Response) -> Readiness:
    resources: Resources = request.app.state.resources
    names = list(CHECKS)
    results = await asyncio.gather(*(_run(name, CHECKS[name], resources) for name in names))
    checks = dict(zip(names, results, strict=True))
    healthy = all(result == "ok" for result in results)
    response.status_code = 200 if healthy else 503
    return Readiness(status="ready" if healthy else "degraded", checks=checks)
