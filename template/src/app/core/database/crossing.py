"""Crossing the tenant wall: the few questions asked before the tenant is known.

Sign-in by email, a refresh token, a provider account, housekeeping: each names rows in
some tenant the request cannot name yet. A crossing answers one such question for one
exact key, with a tenant id, a flag or a count, never with rows; the repository that asked
then sets the session's tenant and reads the rows through the ordinary walls.

With the `postgres_rls` feature the runtime role sees one tenant at a time and has no way
to see more, so each crossing is a SECURITY DEFINER function that the row-level-security
migrations create (`rls/ddl.py`, `create_crossing_function`). Without it, the same
question is the ORM statement given here, run under `bypass_tenant`. Which one answers is
decided the way `app.features` decides: by whether the feature's package was rendered.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib.util import find_spec
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import Executable

from app.core.database.tenant import bypass_tenant

DATABASE_WALL_PACKAGE = "app.core.database.rls"


@cache
def database_wall() -> bool:
    """True when PostgreSQL keeps its own tenant wall (the `postgres_rls` feature)."""
    return find_spec(DATABASE_WALL_PACKAGE) is not None


@dataclass(frozen=True)
class Crossing:
    """One question across tenants: `function` in the database, or `statement` in the ORM.

    `statement(*arguments)` returns the same single value as `function(*arguments)`.
    """

    function: str
    statement: Callable[..., Executable]

    async def ask(self, session: AsyncSession, *arguments: Any) -> Any:
        if database_wall():
            return await session.scalar(select(getattr(func, self.function)(*arguments)))
        with bypass_tenant(session):
            return await session.scalar(self.statement(*arguments))
