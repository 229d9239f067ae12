"""Fail when the models and the migrations disagree: `just db-check [URL]`.

Applies every migration to a scratch database, then asks Alembic's autogenerate
comparison what a new revision would contain. Anything at all means a model changed
without a migration (or the reverse); the differences are printed and the exit code is 1.
"""

import asyncio
import sys
from pprint import pformat

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import pool
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine

from app.config import to_asyncpg_url
from app.core import audit, permissions  # noqa: F401 - core tables join the metadata
from app.core.database import Base
from app.core.database.admin import ensure_database, reset_schema
from app.modules import discover_modules


def differences(connection: Connection) -> list[object]:
    context = MigrationContext.configure(
        connection, opts={"compare_type": True, "compare_server_default": True}
    )
    return list(compare_metadata(context, Base.metadata))


async def compare(url: str) -> list[object]:
    engine = create_async_engine(url, poolclass=pool.NullPool)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(differences)
    finally:
        await engine.dispose()


def main() -> int:
    if len(sys.argv) != 2:  # noqa: PLR2004 - one argument
        print("usage: check_migrations.py SCRATCH_DATABASE_URL", file=sys.stderr)
        return 2
    url = to_asyncpg_url(sys.argv[1])
    asyncio.run(ensure_database(url))
    asyncio.run(reset_schema(url))
    config = Config("alembic.ini")
    config.set_main_option("sqlalchemy.url", url)
    command.upgrade(config, "head")
    discover_modules()
    found = asyncio.run(compare(url))
    if found:
        print("Models and migrations differ (create a migration with `just migration`):")
        print(pformat(found, width=100))
        return 1
    print("Models and migrations are in sync.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
