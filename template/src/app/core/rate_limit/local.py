"""The in-process fallback of the per-route budgets while Redis cannot answer.

The global budget follows RATE_LIMIT_FAIL_OPEN during an outage: letting everyone through
keeps the service up. The per-route budgets guard secrets (sign-in, sign-up, refresh, a
password change), and letting those through would hand an attacker unlimited password
guesses for as long as Redis is down. So with fail-open they keep counting here, in the
process's memory: each app process then allows the budget on its own (N processes, N
times the budget), still a hard bound, and sign-in stays available. With fail-closed
they answer 503 like everything else.

The counters are a sliding window per key, like the Redis one; at most MAX_KEYS keys are
kept, the least recently used going first, so the memory stays bounded whatever the
number of callers.
"""

import time
from collections import OrderedDict, deque

from app.core.rate_limit.limiter import Decision

MAX_KEYS = 10_000


class LocalSlidingWindow:
    def __init__(self, max_keys: int = MAX_KEYS) -> None:
        self._accepted: OrderedDict[str, deque[int]] = OrderedDict()
        self._max_keys = max_keys

    def hit(self, key: str, limit: int, window_seconds: float) -> Decision:
        """Count one request against `key`; synchronous, so atomic under asyncio."""
        now = time.time_ns() // 1_000_000
        window = max(1, round(window_seconds * 1000))
        accepted = self._accepted.pop(key, None) or deque()
        while accepted and accepted[0] <= now - window:
            accepted.popleft()
        allowed = len(accepted) < limit
        if allowed:
            accepted.append(now)
        self._accepted[key] = accepted  # most recently used last
        if len(self._accepted) > self._max_keys:
            self._accepted.popitem(last=False)
        first = accepted[0] if accepted else now
        return Decision(
            allowed=allowed,
            limit=limit,
            remaining=max(0, limit - len(accepted)),
            reset_at_ms=first + window,
            now_ms=now,
        )
