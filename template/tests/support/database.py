"""Build the test database from the real migrations, once per test session."""

import asyncio

import asyncpg
from alembic import command
from alembic.config import Config
from sqlalchemy.engine import make_url

from app.core.database.admin import ensure_database

ALEMBIC_INI = "alembic.ini"


def alembic_config(url: str) -> Config:
    config = Config(ALEMBIC_INI)
    config.set_main_option("sqlalchemy.url", url)
    config.attributes["configure_logging"] = False
    return config


async def reset_schema(url: str) -> None:
    connection = await asyncpg.connect(
        make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    )
    try:
        await connection.execute("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;")
    finally:
        await connection.close()


def prepare_database(url: str) -> None:
    """Create the database if needed, wipe it, and apply every migration."""
    asyncio.run(ensure_database(url))
    asyncio.run(reset_schema(url))
    command.upgrade(alembic_config(url), "head")
