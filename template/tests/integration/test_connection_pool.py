"""Pooled connections are checked before use only after sitting idle, and replaced if dead."""

import asyncio
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from app.config import Settings
from app.core.database import create_engine

pytestmark = pytest.mark.integration

BACKEND = text("SELECT pg_backend_pid()")


@pytest.fixture
async def idle_checked(settings: Settings) -> AsyncIterator[AsyncEngine]:
    """One pooled connection, checked once it has been idle for 0.2 s."""
    database = settings.database.model_copy(update={"pool_size": 1, "max_overflow": 0})
    engine = create_engine(database, ping_after_idle_seconds=0.2)
    yield engine
    await engine.dispose()


async def backend_of(engine: AsyncEngine) -> int:
    async with engine.connect() as connection:
        return int(await connection.scalar(BACKEND) or 0)


async def test_a_connection_used_a_moment_ago_is_handed_out_unchecked(
    idle_checked: AsyncEngine,
) -> None:
    first = await backend_of(idle_checked)
    assert await backend_of(idle_checked) == first


async def test_a_connection_that_died_while_idle_is_replaced_before_use(
    idle_checked: AsyncEngine, engine: AsyncEngine
) -> None:
    victim = await backend_of(idle_checked)
    async with engine.connect() as killer:
        await killer.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": victim})
    await asyncio.sleep(0.3)
    replacement = await backend_of(idle_checked)  # no error reaches the caller
    assert replacement != victim


async def test_a_live_idle_connection_passes_its_check(idle_checked: AsyncEngine) -> None:
    first = await backend_of(idle_checked)
    await asyncio.sleep(0.3)
    assert await backend_of(idle_checked) == first
