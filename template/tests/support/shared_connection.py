"""Point the running app's sessions and reads at one connection: the test's transaction."""

from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession, async_sessionmaker

from app.core.database.reads import TenantReads
from app.core.resources import Resources


def share_connection(app: FastAPI, connection: AsyncConnection) -> async_sessionmaker[AsyncSession]:
    """Sessions join the connection's transaction in savepoints, and so do reads, so the
    app sees what the test wrote and the test's rollback undoes whatever the app did."""
    resources: Resources = app.state.resources
    resources.sessionmaker = async_sessionmaker(
        bind=connection, expire_on_commit=False, join_transaction_mode="create_savepoint"
    )
    resources.reads = TenantReads(connection)
    return resources.sessionmaker
