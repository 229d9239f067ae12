"""The migration history is linear, reversible, and matches the models exactly.

The four tests imported from pytest-alembic walk the real history on a scratch database
of their own, so they never touch the data of other tests.
"""

import asyncio
from pathlib import Path

import pytest
from alembic.config import Config
from pytest_alembic.tests import (
    test_model_definitions_match_ddl,
    test_single_head_revision,
    test_up_down_consistency,
    test_upgrade,
)
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import NullPool

from app.core.database.admin import ensure_database, reset_schema
from tests.support.servers import database_url_for_tests

pytestmark = pytest.mark.integration

__all__ = [
    "test_model_definitions_match_ddl",
    "test_single_head_revision",
    "test_up_down_consistency",
    "test_upgrade",
]


@pytest.fixture
def alembic_config() -> Config:
    config = Config("alembic.ini")
    config.attributes["configure_logging"] = False
    return config


@pytest.fixture
def alembic_engine(servers: None) -> AsyncEngine:
    url = database_url_for_tests() + "_alembic"
    asyncio.run(ensure_database(url))
    asyncio.run(reset_schema(url))  # every walk starts from an empty database
    return create_async_engine(url, poolclass=NullPool)


def test_every_versions_folder_is_listed_in_alembic_ini() -> None:
    listed = {
        Path(path).resolve() for path in Config("alembic.ini").get_version_locations_list() or []
    }
    on_disk = {path.resolve() for path in Path("src").rglob("migrations/versions")}
    assert on_disk == listed
