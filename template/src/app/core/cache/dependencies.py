"""How request handlers get the app's `Cache`, and invalidation that waits for the commit."""

from typing import Annotated
from uuid import UUID

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.cache.keys import check_namespace, resolve_tenant
from app.core.cache.store import Cache
from app.core.database import on_commit


async def get_cache(request: Request) -> Cache:
    """The process-wide cache the lifespan built over `resources.redis`."""
    cache: Cache = request.app.state.cache
    return cache


AppCache = Annotated[Cache, Depends(get_cache)]


def invalidate_on_commit(
    session: AsyncSession,
    cache: Cache | None,
    namespace: str,
    *,
    tenant_id: UUID | None = None,
    global_: bool = False,
) -> None:
    """Forget `namespace` once the session's transaction has committed.

    Invalidating earlier would let a concurrent reader reload the old row (the change
    is not visible yet) and cache it under the new version. The scope is resolved now,
    so a missing tenant fails at the call site, not after the commit.
    """
    check_namespace(namespace)
    tenant = resolve_tenant(tenant_id, global_=global_)
    if cache is None:
        return

    async def invalidate() -> None:
        await cache.invalidate(namespace, tenant_id=tenant, global_=global_)

    on_commit(session, invalidate)


def invalidate_tenant_on_commit(
    session: AsyncSession, cache: Cache | None, tenant_id: UUID
) -> None:
    """Forget everything cached for the tenant once the transaction has committed."""
    if cache is None:
        return

    async def invalidate() -> None:
        await cache.invalidate_tenant(tenant_id)

    on_commit(session, invalidate)
