"""Fixtures for the cache tests: a Cache on the test Redis that records its signals."""

import pytest
from redis.asyncio import Redis

from app.core.cache import Cache
from tests.support.signals import RecordingSignals


@pytest.fixture
def signals() -> RecordingSignals:
    return RecordingSignals()


@pytest.fixture
def cache(redis: Redis, signals: RecordingSignals) -> Cache:
    return Cache(redis, signals)
