"""Fixtures shared by integration tests: a recording Cache on the test Redis, an app whose
sessions commit for real (for races that need two real transactions), and an engine with a
single pooled connection."""

from collections.abc import AsyncIterator

import pytest
from fastapi import FastAPI
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from app.config import Settings
from app.core.cache import Cache
from tests.support.custom_app import running_app
from tests.support.invitations import Inbox, open_inbox
from tests.support.signals import RecordingSignals


@pytest.fixture
def signals() -> RecordingSignals:
    return RecordingSignals()


@pytest.fixture
def cache(redis: Redis, signals: RecordingSignals) -> Cache:
    return Cache(redis, signals)


@pytest.fixture
def inbox(app: FastAPI) -> Inbox:
    """The invitations the app sends, with their one-time tokens."""
    return open_inbox(app)


@pytest.fixture
async def committed_app(settings: Settings) -> AsyncIterator[FastAPI]:
    """The app on its own pooled engine: what it writes is committed, so tests that use it
    clean up after themselves."""
    async with running_app(settings) as app:
        yield app


@pytest.fixture(scope="module")
async def pooled(settings: Settings) -> AsyncIterator[AsyncEngine]:
    """The app's engine (with postgres_rls, the runtime role's) with one pooled connection,
    so reuse is observable. What it commits is real: tests clean up after themselves."""
    engine = create_async_engine(settings.database.url, pool_size=1, max_overflow=0)
    yield engine
    await engine.dispose()
