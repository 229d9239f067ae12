"""A sliding-window rate limiter: one atomic Lua script, one round trip per request.

Each caller's accepted requests are a sorted set scored by the Redis server's clock (so
every app instance agrees on time). The script drops entries older than the window,
counts what is left and records the request ONLY when it is under the limit: a refused
request does not consume the window, so a client that keeps retrying while blocked is
let through as soon as its oldest accepted request ages out. Running the check and the
write in one script makes concurrent requests race-free: of 50 simultaneous requests
against a limit of 10, exactly 10 are accepted.

The same script can also read the caller's actor generation tokens (`hit_and_read`), so
an authenticated request learns whether its cached actor still holds without a second
round trip (see `app.core.auth.actor_cache`).
"""

import math
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from redis.asyncio import Redis

from app.core.auth.actor_cache import GENERATIONS_LUA

KEY_PREFIX = "ratelimit:"

# Errors that mean "the limiter could not decide"; callers apply RATE_LIMIT_FAIL_OPEN.

# KEYS[1]: the caller's log of accepted requests; ARGV: limit, window (ms), unique member.
# Returns {accepted (0/1), requests counted in the window, when the oldest leaves it, now},
# followed by the generation tokens of KEYS[2..] (minted from the member where missing).
SLIDING_WINDOW_LUA = (
    GENERATIONS_LUA
    + """
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local count = redis.call('ZCARD', KEYS[1])
local accepted = 0
if count < limit then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], window)
  count = count + 1
  accepted = 1
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
local first = now
if oldest[2] then
  first = tonumber(oldest[2])
end
local result = {accepted, count, first + window, now}
for _, token in ipairs(generations(2, ARGV[3])) do
  table.insert(result, token)
end
return result
"""
)


@dataclass(frozen=True, slots=True)
class Decision:
    """The outcome of one check, with what the client is told in the response headers."""

    allowed: bool
    limit: int
    remaining: int
    reset_at_ms: int
    now_ms: int

    @property
    def reset_epoch(self) -> int:
        """Unix time (s) when the oldest counted request leaves the window."""
        return math.ceil(self.reset_at_ms / 1000)

    @property
    def retry_after(self) -> int:
        """Whole seconds until a request can succeed again (at least 1)."""
        return max(1, math.ceil((self.reset_at_ms - self.now_ms) / 1000))

    def headers(self) -> dict[str, str]:
        headers = {
            "X-RateLimit-Limit": str(self.limit),
            "X-RateLimit-Remaining": str(self.remaining),
            "X-RateLimit-Reset": str(self.reset_epoch),
        }
        if not self.allowed:
            headers["Retry-After"] = str(self.retry_after)
        return headers


def binding_decision(decisions: list[Decision]) -> Decision | None:
    """The decision the client should see: a refusal first, else the fewest remaining."""
    if not decisions:
        return None
    return min(decisions, key=lambda d: (d.allowed, d.remaining, -d.reset_at_ms))


class SlidingWindowLimiter:
    def __init__(self, redis: Redis) -> None:
        # EVALSHA, loading the script on NOSCRIPT (e.g. after a Redis restart).
        self._script = redis.register_script(SLIDING_WINDOW_LUA)

    async def hit(self, key: str, limit: int, window_seconds: float) -> Decision:
        """Count one request against `key`; raises one of REDIS_ERRORS if Redis fails."""
        decision, _ = await self.hit_and_read(key, limit, window_seconds, ())
        return decision

    async def hit_and_read(
        self, key: str, limit: int, window_seconds: float, generations: Sequence[str]
    ) -> tuple[Decision, tuple[bytes, ...]]:
        """`hit()`, plus the generation tokens stored at `generations`, in one round trip."""
        window_ms = max(1, round(window_seconds * 1000))
        accepted, count, reset_at, now, *tokens = await self._script(
            keys=[KEY_PREFIX + key, *generations], args=[limit, window_ms, uuid.uuid4().hex]
        )
        decision = Decision(
            allowed=bool(accepted),
            limit=limit,
            remaining=max(0, limit - int(count)),
            reset_at_ms=int(reset_at),
            now_ms=int(now),
        )
        return decision, tuple(tokens)
