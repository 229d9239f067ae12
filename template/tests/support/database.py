"""Build the test database from the real migrations, once per test session."""

import asyncio

from alembic import command
from alembic.config import Config

from app.core.database.admin import ensure_database, reset_schema

ALEMBIC_INI = "alembic.ini"


def alembic_config(url: str) -> Config:
    config = Config(ALEMBIC_INI)
    config.set_main_option("sqlalchemy.url", url)
    config.attributes["configure_logging"] = False
    return config


def prepare_database(url: str) -> None:
    """Create the database if needed, wipe it, and apply every migration."""
    asyncio.run(ensure_database(url))
    asyncio.run(reset_schema(url))
    command.upgrade(alembic_config(url), "head")
