"""Session per request: commit when the endpoint succeeds, roll back when anything fails.

A request's session works in the caller's tenant once the route has required the caller
(`CurrentPrincipal`, `CurrentActor`), whichever of the two dependencies FastAPI resolves
first. On routes that require no caller (sign-in, sign-up, refresh, accepting an
invitation) it starts without a tenant, whatever token came along, and the flow names the
tenant with `set_tenant` once it knows it.

The dependency runs with `scope="function"`, so the commit happens after the endpoint
returns and its response is serialised but before a byte is sent: a failed commit
becomes an error response, never a 200 for data that was not saved. Work registered with
`on_commit()` (event delivery, cache invalidation) runs only after a successful commit.
"""

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Annotated, Any
from uuid import UUID

import structlog
from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import Session

from app.core.context import CALLER_SCOPE_KEY, SESSION_SCOPE_KEY
from app.core.database.tenant import set_tenant

AFTER_COMMIT_KEY = "after_commit"

AfterCommit = Callable[[], Awaitable[None]]

log = structlog.get_logger("app.database")


def on_commit(session: AsyncSession | Session, callback: AfterCommit) -> None:
    """Run `callback` once the session's current unit of work has committed."""
    session.info.setdefault(AFTER_COMMIT_KEY, []).append(callback)


def pending_after_commit(session: AsyncSession | Session) -> list[AfterCommit]:
    """What will run once the current unit of work commits (a callback may be extended)."""
    pending: list[AfterCommit] = session.info.get(AFTER_COMMIT_KEY, [])
    return pending


async def run_after_commit(session: AsyncSession) -> None:
    callbacks: list[AfterCommit] = session.info.pop(AFTER_COMMIT_KEY, [])
    for callback in callbacks:
        try:
            await callback()
        except Exception:
            # The data is committed; a failing follow-up must not turn success into an error.
            log.exception(
                "after_commit_callback_failed",
                callback=getattr(callback, "__qualname__", repr(callback)),
            )


async def commit(session: AsyncSession) -> None:
    """Commit and then run the follow-ups registered for this unit of work."""
    await session.commit()
    await run_after_commit(session)


async def rollback(session: AsyncSession) -> None:
    session.info.pop(AFTER_COMMIT_KEY, None)
    await session.rollback()


def session_info(app: Any) -> dict[str, Any]:
    """What every session of the app starts with in `session.info` (the event bus, say)."""
    return dict(getattr(app.state, "session_info", {}))


@asynccontextmanager
async def app_session(app: Any, tenant_id: UUID | None = None) -> AsyncIterator[AsyncSession]:
    """One unit of work: commits when the block succeeds, rolls back when anything fails.

    Requests get theirs from `get_session`; event handlers and jobs open one directly.
    """
    sessionmaker: async_sessionmaker[AsyncSession] = app.state.resources.sessionmaker
    async with sessionmaker(info=session_info(app)) as session:
        if tenant_id is not None:
            set_tenant(session, tenant_id)
        try:
            yield session
        except BaseException:
            await rollback(session)
            raise
        await commit(session)


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    caller = request.scope.get(CALLER_SCOPE_KEY)
    authenticated = getattr(caller, "authenticated", False)
    tenant_id: UUID | None = getattr(caller, "tenant_id", None) if authenticated else None
    async with app_session(request.app, tenant_id) as session:
        request.scope[SESSION_SCOPE_KEY] = session
        yield session


DbSession = Annotated[AsyncSession, Depends(get_session, scope="function")]
