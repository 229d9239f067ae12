"""The sliding window, straight against Redis: atomic, and refusals cost nothing."""

import asyncio
import time

import pytest
from redis.asyncio import Redis

from app.core.rate_limit import SlidingWindowLimiter

pytestmark = pytest.mark.integration


async def test_fifty_concurrent_requests_against_ten_admit_exactly_ten(redis: Redis) -> None:
    limiter = SlidingWindowLimiter(redis)
    decisions = await asyncio.gather(*(limiter.hit("burst", 10, 60) for _ in range(50)))
    allowed = [d for d in decisions if d.allowed]
    assert len(allowed) == 10
    assert sorted(d.remaining for d in allowed) == list(range(10))
    assert all(d.remaining == 0 and d.retry_after >= 59 for d in decisions if not d.allowed)


async def test_refused_requests_do_not_extend_the_window(redis: Redis) -> None:
    """Two accepted requests, then 0.6 s of refused retries: the 2 s window still ends
    two seconds after the accepted ones. Counting refusals (as a naive ZADD-first script
    does) would keep the caller locked out until two seconds after the LAST retry."""
    limiter = SlidingWindowLimiter(redis)
    assert (await limiter.hit("retry", 2, 2)).allowed
    assert (await limiter.hit("retry", 2, 2)).allowed
    accepted_by = time.monotonic()
    refused = 0
    while time.monotonic() - accepted_by < 0.6:
        decision = await limiter.hit("retry", 2, 2)
        assert not decision.allowed
        refused += 1
        await asyncio.sleep(0.01)
    assert refused > 10
    await asyncio.sleep(max(0.0, accepted_by + 2.1 - time.monotonic()))
    # 2.1 s after the accepted requests, but only ~1.5 s after the last refusal.
    after = await limiter.hit("retry", 2, 2)
    assert after.allowed
    assert after.remaining == 1


async def test_a_refusal_says_when_the_oldest_request_leaves_the_window(redis: Redis) -> None:
    limiter = SlidingWindowLimiter(redis)
    first = await limiter.hit("reset", 1, 30)
    refused = await limiter.hit("reset", 1, 30)
    assert not refused.allowed
    assert refused.reset_at_ms == first.now_ms + 30_000
    assert refused.retry_after in {29, 30}


async def test_the_script_is_reloaded_after_redis_forgets_it(redis: Redis) -> None:
    limiter = SlidingWindowLimiter(redis)
    assert (await limiter.hit("noscript", 5, 60)).allowed
    await redis.script_flush()
    decision = await limiter.hit("noscript", 5, 60)
    assert decision.allowed
    assert decision.remaining == 3


async def test_callers_have_separate_windows(redis: Redis) -> None:
    limiter = SlidingWindowLimiter(redis)
    assert (await limiter.hit("user:a", 1, 60)).allowed
    assert not (await limiter.hit("user:a", 1, 60)).allowed
    assert (await limiter.hit("user:b", 1, 60)).allowed
