"""Fixtures shared by integration tests: a recording Cache on the test Redis, and an app
whose sessions commit for real (for races that need two real transactions)."""

from collections.abc import AsyncIterator

import pytest
from fastapi import FastAPI
from redis.asyncio import Redis

from app.config import Settings
from app.core.cache import Cache
from tests.support.custom_app import running_app
from tests.support.signals import RecordingSignals


@pytest.fixture
def signals() -> RecordingSignals:
    return RecordingSignals()


@pytest.fixture
def cache(redis: Redis, signals: RecordingSignals) -> Cache:
    return Cache(redis, signals)


@pytest.fixture
async def committed_app(settings: Settings) -> AsyncIterator[FastAPI]:
    """The app on its own pooled engine: what it writes is committed, so tests that use it
    clean up after themselves."""
    async with running_app(settings) as app:
        yield app
