"""The async engine: one pool per process, owned by the application lifespan.

A pooled connection is checked before use only when it sat idle for PING_AFTER_IDLE_SECONDS
or longer. SQLAlchemy's `pool_pre_ping` checks every checkout, and with asyncpg a check is
three round trips (BEGIN, an empty query, ROLLBACK, so that it also works behind
PgBouncer): more than the queries of a typical request. The connections that go stale are
the idle ones (server and proxy idle timeouts, a restart during a quiet spell); one used a
moment ago is as alive as a freshly pinged one. Should the server restart under load, the
requests in flight on the lost connections fail once, and the disconnect makes SQLAlchemy
discard every pooled connection older than it, so the next ones start fresh.
"""

import time

from sqlalchemy import event
from sqlalchemy.engine import Dialect
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.exc import InvalidatePoolError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import ConnectionPoolEntry, PoolProxiedConnection

from app.config import DatabaseSettings

PING_AFTER_IDLE_SECONDS = 10.0
CHECKED_IN_KEY = "checked_in_at"


def create_engine(
    settings: DatabaseSettings,
    *,
    application_name: str = "app",
    ping_after_idle_seconds: float = PING_AFTER_IDLE_SECONDS,
) -> AsyncEngine:
    server_settings = {"application_name": application_name[:63]}
    if settings.statement_timeout_ms:
        server_settings["statement_timeout"] = str(settings.statement_timeout_ms)
    engine = create_async_engine(
        settings.url,
        pool_size=settings.pool_size,
        max_overflow=settings.max_overflow,
        pool_timeout=settings.pool_timeout,
        pool_recycle=settings.pool_recycle,
        echo=settings.echo,
        connect_args={"server_settings": server_settings},
    )
    ping_idle_connections(engine, ping_after_idle_seconds)
    return engine


def ping_idle_connections(engine: AsyncEngine, after_seconds: float) -> None:
    """Before handing out a connection idle for `after_seconds`, check it; replace it if dead."""
    pool = engine.sync_engine.pool
    dialect: Dialect = engine.sync_engine.dialect

    def note_checkin(_connection: DBAPIConnection, record: ConnectionPoolEntry) -> None:
        record.info[CHECKED_IN_KEY] = time.monotonic()

    def check_if_idle(
        connection: DBAPIConnection, record: ConnectionPoolEntry, _proxy: PoolProxiedConnection
    ) -> None:
        checked_in: float | None = record.info.pop(CHECKED_IN_KEY, None)
        if checked_in is None or time.monotonic() - checked_in < after_seconds:
            return  # new, or used a moment ago
        try:
            dialect.do_ping(connection)
        except Exception as exc:
            # The pool drops it (and every older connection) and checks out a fresh one.
            raise InvalidatePoolError(str(exc)) from exc

    event.listen(pool, "checkin", note_checkin)
    event.listen(pool, "checkout", check_if_idle)


def create_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    # expire_on_commit=False: objects stay readable after the request's commit.
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=True)
