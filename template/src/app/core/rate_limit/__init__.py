"""Rate limiting: a global budget per caller (middleware) and stricter per-route budgets.

See `middleware.py` for what is counted and `limiter.py` for the algorithm.
"""

from app.core.rate_limit.dependencies import RouteRateLimit, auth_rate_limit, rate_limit
from app.core.rate_limit.limiter import Decision, SlidingWindowLimiter
from app.core.rate_limit.local import LocalSlidingWindow
from app.core.rate_limit.middleware import RateLimitMiddleware

__all__ = [
    "Decision",
    "LocalSlidingWindow",
    "RateLimitMiddleware",
    "RouteRateLimit",
    "SlidingWindowLimiter",
    "auth_rate_limit",
    "rate_limit",
]
