"""CORS for the origins in CORS_ORIGINS, and nothing at all for any other origin.

Credentials (the refresh-token cookie) are allowed, which is why settings refuse `*` as
an origin. Exposed headers are the ones a client acts on: the request id to quote,
rate-limit budgets, Retry-After, and the deprecation headers of `app.api.versioning`.
Starlette answers a refused preflight with its static CORS headers (allowed methods,
credentials); this subclass strips them, so another origin learns nothing of the policy.
"""

from starlette.datastructures import Headers
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import Response

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
    def preflight_response(self, request_headers: Headers) -> Response:
        response = super().preflight_response(request_headers=request_headers)
        if response.status_code != 200:  # noqa: PLR2004 - Starlette's "allowed" status
            for name in [n for n in response.headers if n.startswith("access-control-")]:
                del response.headers[name]
        return response
