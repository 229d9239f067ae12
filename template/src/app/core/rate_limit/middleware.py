"""The global rate limit, as pure ASGI middleware (no per-request task hop).

Every request except the health probes and /metrics counts against its caller's budget:
RATE_LIMIT_REQUESTS per RATE_LIMIT_WINDOW_SECONDS for anonymous callers (per address),
the tenant plan's RATE_LIMIT_PLAN_* for authenticated users (per user). Routes may add
stricter budgets with the `rate_limit()` dependency; the response then carries the
X-RateLimit-* headers of whichever budget is closest to running out.

When Redis cannot answer, RATE_LIMIT_FAIL_OPEN decides: let the request through (the
default: Redis is an accelerator, not a gate) or answer 503. Never a 500. The stricter
per-route budgets (sign-in and the like) never open: see `local.py`.

For an authenticated caller the same round trip reads its actor generation tokens and
leaves them on the request's `Caller` for `CurrentActor` (`app.core.auth.actor_cache`).
"""

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.config import RateLimitSettings
from app.core.auth.actor_cache import generation_keys
from app.core.auth.caller import Caller, caller_of
from app.core.rate_limit.limiter import Decision, SlidingWindowLimiter, binding_decision
from app.core.rate_limit.local import LocalSlidingWindow
from app.core.rate_limit.responses import (
    rate_limited_response,
    report_backend_failure,
    report_rejection,
    unavailable_response,
)
from app.core.redis import REDIS_ERRORS

DECISIONS_SCOPE_KEY = "app.rate_limit.decisions"
EXEMPT_PREFIXES = ("/health/",)
EXEMPT_PATHS = frozenset({"/metrics"})


def is_exempt(path: str) -> bool:
    return path in EXEMPT_PATHS or path.startswith(EXEMPT_PREFIXES)


def global_budget(caller: Caller, settings: RateLimitSettings) -> tuple[str, int]:
    """(bucket key, limit) of the global budget; the window is RATE_LIMIT_WINDOW_SECONDS."""
    if caller.user_key is not None and caller.plan is not None:
        return f"global:{caller.user_key}", settings.plan_limit(caller.plan)
    return f"global:{caller.ip_key}", settings.requests


def recorded_decisions(scope: Scope) -> list[Decision]:
    """Decisions taken for this request; route dependencies append theirs here."""
    decisions: list[Decision] = scope.setdefault(DECISIONS_SCOPE_KEY, [])
    return decisions


def generations_to_read(caller: Caller) -> list[str]:
    """The caller's actor generation keys, when the app caches actors."""
    if caller.tenant_id is None or caller.actors is None or not caller.actors.caching:
        return []
    return generation_keys(caller.tenant_id)


def get_limiter(scope: Scope) -> SlidingWindowLimiter:
    limiter: SlidingWindowLimiter = scope["app"].state.rate_limiter
    return limiter


def get_local_limiter(scope: Scope) -> LocalSlidingWindow:
    limiter: LocalSlidingWindow = scope["app"].state.local_rate_limiter
    return limiter


class RateLimitMiddleware:
    def __init__(self, app: ASGIApp, settings: RateLimitSettings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or is_exempt(scope.get("path", "")):
            await self.app(scope, receive, send)
            return
        caller = caller_of(scope)
        key, limit = global_budget(caller, self.settings)
        generations = generations_to_read(caller)
        decisions = recorded_decisions(scope)
        try:
            decision, tokens = await get_limiter(scope).hit_and_read(
                key, limit, self.settings.window_seconds, generations
            )
        except REDIS_ERRORS as exc:
            if generations:  # no tokens: the actor comes from the database
                caller.stamp_read, caller.stamp = True, None
            action = "allowed" if self.settings.fail_open else "refused"
            report_backend_failure(scope, exc, action=action)
            if not self.settings.fail_open:
                await unavailable_response(scope)(scope, receive, send)
                return
        else:
            if generations:
                caller.stamp_read, caller.stamp = True, tuple(tokens)
            if not decision.allowed:
                report_rejection(scope)
                await rate_limited_response(scope, decision)(scope, receive, send)
                return
            decisions.append(decision)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                binding = binding_decision(decisions)
                if binding is not None:
                    headers = MutableHeaders(scope=message)
                    for name, value in binding.headers().items():
                        headers[name] = value
            await send(message)

        await self.app(scope, receive, send_with_headers)
