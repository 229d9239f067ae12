"""Reads that skip the ORM session: a tenant's rows from the driver into a response schema.

The session (unit of work, identity map, flush, the listeners of `install_session_hooks`)
is what writes need. A read that projects columns into a response needs none of it, and
on the hottest routes the session costs more than the SQL. `TenantReads` runs a
`TenantQuery` (tenant filter built in) on a pooled connection, straight through asyncpg,
and returns plain dicts that FastAPI validates into the route's `response_model`, once.

Both walls hold:
- the application wall: the query's SQL carries `tenant_id = $n`, added when it was
  compiled (`tenant_queries.py`), bound here to the caller's tenant;
- PostgreSQL row-level security (`postgres_rls`): the connection starts a read-only
  transaction whose BEGIN carries the tenant setting, exactly as a session's does
  (`TenantScopedConnection`). Without RLS one statement needs no transaction at all.

Where the app's sessions all share one connection (the test suite's rolled-back
transaction), reads use it too, inside a savepoint that is always rolled back, so they see
what the test wrote and leave nothing behind.
"""

import asyncio
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from typing import Any, Protocol, runtime_checkable
from uuid import UUID

import asyncpg
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from sqlalchemy.util import greenlet_spawn

from app.core.database.tenant_queries import (
    TENANT_PARAMETER,
    TOTAL_COLUMN,
    CompiledQuery,
    PageQuery,
    TenantQuery,
)

type Row = dict[str, Any]


@runtime_checkable
class TenantScopedConnection(Protocol):
    """A driver connection that knows how to put a transaction in a tenant (RLS)."""

    async def start_tenant_transaction(
        self, tenant: str, *, readonly: bool
    ) -> asyncpg.transaction.Transaction: ...


class TenantReads:
    """Read-only queries for one process: built at start-up from the engine."""

    def __init__(self, bind: AsyncEngine | AsyncConnection) -> None:
        self.bind = bind

    @asynccontextmanager
    async def _driver(self) -> AsyncIterator[tuple[asyncpg.Connection, bool]]:
        """The driver connection, and whether it is shared (a test's, in a transaction)."""
        if isinstance(self.bind, AsyncConnection):
            raw = await self.bind.get_raw_connection()
            yield raw.driver_connection, True
            return
        # The pooled connection alone, without the Core `Connection` around it (half the
        # cost). It goes back to the pool only if it ended clean; one that an error or a
        # cancellation left inside a transaction is dropped, never handed to the next
        # request, shielded so that a second cancellation cannot skip it.
        raw = await self.bind.raw_connection()
        driver: asyncpg.Connection = raw.driver_connection
        clean = False
        try:
            yield driver, False
            clean = not driver.is_in_transaction()
        finally:
            if clean:
                await greenlet_spawn(raw.close)  # checks in without awaiting: not cancellable
            else:
                await asyncio.shield(greenlet_spawn(raw.invalidate))

    @asynccontextmanager
    async def _in_tenant(self, tenant_id: UUID) -> AsyncIterator[asyncpg.Connection]:
        async with self._driver() as (driver, shared):
            transaction: asyncpg.transaction.Transaction | None = None
            try:
                if isinstance(driver, TenantScopedConnection):
                    transaction = await driver.start_tenant_transaction(
                        str(tenant_id), readonly=not shared
                    )
                elif shared:
                    transaction = driver.transaction()  # a savepoint: a failure stays in it
                    await transaction.start()
                yield driver  # without RLS, one statement: the SQL's own filter is the wall
            except BaseException:
                if transaction is not None and shared:
                    await asyncio.shield(transaction.rollback())  # the shared one stays usable
                raise  # a pooled one is dropped by `_driver` if still in the transaction
            if transaction is not None:
                if shared:
                    await transaction.rollback()  # a savepoint in a shared connection: undo it
                else:
                    await transaction.commit()

    async def fetch(
        self, tenant_id: UUID, compiled: CompiledQuery, values: Mapping[str, Any]
    ) -> list[Row]:
        """Run compiled SQL in the tenant's read transaction; a `TenantQuery` is the safe
        way to get it (its SQL filters on the tenant), RLS the second wall beneath it."""
        arguments = compiled.arguments({TENANT_PARAMETER: tenant_id, **values})
        async with self._in_tenant(tenant_id) as driver:
            records = await driver.fetch(compiled.sql, *arguments)
        return [dict(record) for record in records]

    async def rows(self, tenant_id: UUID, query: TenantQuery, **values: Any) -> list[Row]:
        return await self.fetch(tenant_id, query.compiled, values)

    async def one(self, tenant_id: UUID, query: TenantQuery, **values: Any) -> Row | None:
        rows = await self.rows(tenant_id, query, **values)
        return rows[0] if rows else None

    async def page(
        self, tenant_id: UUID, query: PageQuery, *, limit: int, offset: int, **values: Any
    ) -> tuple[list[Row], int]:
        """One page of rows and the total, in one statement (a page past the end: two)."""
        parameters: Mapping[str, Any] = {
            TENANT_PARAMETER: tenant_id,
            "limit": limit,
            "offset": offset,
            **values,
        }
        async with self._in_tenant(tenant_id) as driver:
            records = await driver.fetch(query.compiled.sql, *query.compiled.arguments(parameters))
            if not records:
                total = 0
                if offset:
                    total = await driver.fetchval(
                        query.count.sql, *query.count.arguments(parameters)
                    )
                return [], int(total)
        rows = [dict(record) for record in records]
        total = rows[0][TOTAL_COLUMN]
        for row in rows:
            del row[TOTAL_COLUMN]
        return rows, int(total)
