"""What a refused request is told, and how a refusal is labelled for metrics."""

import re
from dataclasses import dataclass

import structlog
from starlette.routing import compile_path
from starlette.types import Scope

from app.core.errors import ProblemResponse, problem_response, service_unavailable
from app.core.observability.signals import signals
from app.core.rate_limit.limiter import Decision
from app.core.routing import api_routes, route_template

RATE_LIMITED_DETAIL = "Too many requests; retry after the number of seconds in Retry-After."
UNAVAILABLE_DETAIL = "Rate limiting is temporarily unavailable; retry shortly."
UNMATCHED_ROUTE = "unmatched"

log = structlog.get_logger("app.rate_limit")


@dataclass(frozen=True, slots=True)
class _RoutePattern:
    regex: re.Pattern[str]
    methods: frozenset[str]
    template: str


def rate_limited_response(scope: Scope, decision: Decision) -> ProblemResponse:
    return problem_response(
        scope,
        status=429,
        code="rate-limited",
        title="Too Many Requests",
        detail=RATE_LIMITED_DETAIL,
        headers=decision.headers(),
    )


def unavailable_response(scope: Scope) -> ProblemResponse:
    return service_unavailable(scope, UNAVAILABLE_DETAIL)


def report_rejection(scope: Scope) -> None:
    """Count a 429 under the route's template (never the raw path: bounded labels)."""
    route = route_template(scope) or _matching_template(scope)
    signals(scope.get("app")).rate_limited(route)
    log.info("rate_limited", route=route)


def report_backend_failure(scope: Scope, error: Exception, *, action: str) -> None:
    """Log what the limiter did instead of asking Redis ("allowed", "refused", ...)."""
    log.warning(
        "rate_limit_backend_unavailable",
        error=type(error).__name__,
        reason=str(error),
        action=action,
    )
    signals(scope.get("app")).backend_unavailable("redis", "rate_limit")


def _matching_template(scope: Scope) -> str:
    """The template of the route a not-yet-routed request would reach (refusals only)."""
    app = scope.get("app")
    state = getattr(app, "state", None)
    if app is None or state is None:
        return UNMATCHED_ROUTE
    patterns: list[_RoutePattern] | None = getattr(state, "rate_limit_route_patterns", None)
    if patterns is None:
        patterns = [
            _RoutePattern(compile_path(path)[0], frozenset(route.methods or ()), path)
            for path, route in api_routes(app.routes)
        ]
        state.rate_limit_route_patterns = patterns
    path, method = scope.get("path", ""), scope.get("method", "")
    for pattern in patterns:
        if method in pattern.methods and pattern.regex.match(path):
            return pattern.template
    return UNMATCHED_ROUTE
