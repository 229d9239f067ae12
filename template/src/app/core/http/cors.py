"""CORS for the origins in CORS_ORIGINS, and nothing at all for any other origin.

Credentials (the refresh-token cookie) are allowed, which is why settings refuse `*` as
an origin. Exposed headers are the ones a client acts on: the request id to quote,
rate-limit budgets, Retry-After, and the deprecation headers of `app.api.versioning`.
Starlette answers a refused preflight in plain text with its static CORS headers (allowed
methods, credentials); this subclass answers with problem details and no CORS header at
all, so another origin learns nothing of the policy.
"""

from starlette.datastructures import Headers
from starlette.middleware.cors import CORSMiddleware
from starlette.types import Receive, Scope, Send

from app.core.errors import problem_response

CORS_ALLOW_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")
CORS_ALLOW_HEADERS = ("Authorization", "Content-Type", "X-Request-ID")
CORS_EXPOSE_HEADERS = (
    "X-Request-ID",
    "Retry-After",
    "X-RateLimit-Limit",
    "X-RateLimit-Remaining",
    "X-RateLimit-Reset",
    "Deprecation",
    "Sunset",
    "Link",
)
CORS_MAX_AGE_SECONDS = 600


class AllowlistCORSMiddleware(CORSMiddleware):
    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "OPTIONS":
            headers = Headers(scope=scope)
            if "origin" in headers and "access-control-request-method" in headers:
                response = self.preflight_response(request_headers=headers)
                if response.status_code != 200:  # noqa: PLR2004 - Starlette's "allowed" status
                    response = problem_response(
                        scope,
                        status=400,
                        code="cors-refused",
                        title="Cross-Origin Request Refused",
                        detail="This origin, method or header may not call the API from a browser.",
                    )
                await response(scope, receive, send)
                return
        await super().__call__(scope, receive, send)
