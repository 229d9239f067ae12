"""Per-route budgets, stricter than the global one: `dependencies=[rate_limit(10, 60)]`.

A route budget counts per caller (the user when authenticated, else the address) or per
address (`by="ip"`), in its own bucket: by default the route itself, or a named `bucket`
that several routes share (sign-in by JSON and by form share "auth:password", so an
attacker cannot double their guesses). `auth_rate_limit()` reads its numbers from
RATE_LIMIT_AUTH_REQUESTS / RATE_LIMIT_AUTH_WINDOW_SECONDS at request time.

While Redis is down a route budget never opens: it counts in the process (fail-open) or
answers 503 (fail-closed); see `local.py`.
"""

from typing import Literal

from fastapi import Request, params

from app.config import Settings
from app.core.auth.caller import caller_of
from app.core.errors import RETRY_AFTER_SECONDS, RateLimitedError, ServiceUnavailableError
from app.core.rate_limit.middleware import get_limiter, get_local_limiter, recorded_decisions
from app.core.rate_limit.responses import (
    RATE_LIMITED_DETAIL,
    UNAVAILABLE_DETAIL,
    report_backend_failure,
    report_rejection,
)
from app.core.redis import REDIS_ERRORS
from app.core.routing import route_template

KeyBy = Literal["caller", "ip"]


class RouteRateLimit:
    """The dependency object; build it with `rate_limit()` or `auth_rate_limit()`."""

    def __init__(
        self,
        requests: int | None,
        window_seconds: float | None,
        *,
        by: KeyBy = "caller",
        bucket: str | None = None,
    ) -> None:
        if (requests is not None and requests < 1) or (
            window_seconds is not None and window_seconds <= 0
        ):
            msg = "rate_limit() needs requests >= 1 and a positive window"
            raise ValueError(msg)
        self.requests = requests
        self.window_seconds = window_seconds
        self.by = by
        self.bucket = bucket

    def budget(self, settings: Settings) -> tuple[int, float]:
        """Fixed numbers, or (for auth routes) the auth budget from settings."""
        auth = settings.rate_limit
        return (
            self.requests if self.requests is not None else auth.auth_requests,
            self.window_seconds if self.window_seconds is not None else auth.auth_window_seconds,
        )

    async def __call__(self, request: Request) -> None:
        settings: Settings = request.app.state.settings
        if not settings.rate_limit.enabled:
            return
        scope = request.scope
        caller = caller_of(scope)
        who = caller.ip_key if self.by == "ip" else caller.key
        bucket = self.bucket or f"route:{request.method}:{route_template(scope)}"
        requests, window = self.budget(settings)
        key = f"{bucket}:{who}"
        try:
            decision = await get_limiter(scope).hit(key, requests, window)
        except REDIS_ERRORS as exc:
            # Never open: counted in this process with fail-open, else refused (see local.py).
            fail_open = settings.rate_limit.fail_open
            report_backend_failure(scope, exc, action="counted locally" if fail_open else "refused")
            if not fail_open:
                raise ServiceUnavailableError(
                    UNAVAILABLE_DETAIL, headers={"Retry-After": RETRY_AFTER_SECONDS}
                ) from None
            decision = get_local_limiter(scope).hit(key, requests, window)
        recorded_decisions(scope).append(decision)
        if not decision.allowed:
            report_rejection(scope)
            raise RateLimitedError(RATE_LIMITED_DETAIL, headers=decision.headers())


def rate_limit(
    requests: int, window: float, *, by: KeyBy = "caller", bucket: str | None = None
) -> params.Depends:
    """At most `requests` per `window` seconds on this route (or shared `bucket`)."""
    return params.Depends(RouteRateLimit(requests, window, by=by, bucket=bucket))


def auth_rate_limit(bucket: str, *, by: KeyBy = "ip") -> params.Depends:
    """The strict budget (RATE_LIMIT_AUTH_*) of routes that check a secret: per address for
    sign-in, sign-up and refresh; per caller for a password change, whose caller is known."""
    return params.Depends(RouteRateLimit(None, None, by=by, bucket=bucket))
