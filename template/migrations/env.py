"""Alembic environment: one linear history whose revisions live beside their modules.

The database URL comes from `-x url=...`, then `sqlalchemy.url` set programmatically (tests),
then MIGRATION_DATABASE_URL, then DATABASE_URL. Migrations run as the schema owner; the app
itself connects with DATABASE_URL (with row-level security, a role that owns nothing).
"""

import asyncio
from logging.config import fileConfig

from alembic import context
from sqlalchemy import pool
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from app.config import DatabaseSettings, to_asyncpg_url
from app.core import audit, permissions  # noqa: F401 - core tables join Base.metadata
from app.core.database import Base
from app.modules import discover_modules

discover_modules()  # imports every module's models into Base.metadata
target_metadata = Base.metadata
config = context.config
if config.config_file_name is not None and config.attributes.get("configure_logging", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)


def database_url() -> str:
    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option(
        "sqlalchemy.url"
    )
    return to_asyncpg_url(url) if url else DatabaseSettings().owner_url


def run_migrations_offline() -> None:
    context.configure(
        url=database_url(),
        target_metadata=target_metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def do_run_migrations(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        compare_type=True,
        compare_server_default=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def run_async_migrations(engine: AsyncEngine | None = None) -> None:
    owned = engine is None
    engine = engine or create_async_engine(database_url(), poolclass=pool.NullPool)
    async with engine.connect() as connection:
        await connection.run_sync(do_run_migrations)
    if owned:
        await engine.dispose()


def run_migrations_online() -> None:
    # Tests (pytest-alembic) may hand over a connection or an engine to run on.
    given = config.attributes.get("connection")
    if isinstance(given, Connection):
        do_run_migrations(given)
    else:
        asyncio.run(run_async_migrations(given))


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
