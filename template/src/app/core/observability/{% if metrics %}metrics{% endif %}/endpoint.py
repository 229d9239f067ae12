"""`GET /metrics` in the Prometheus text format, for holders of METRICS_TOKEN only."""

import hmac
from collections.abc import Awaitable, Callable

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from pydantic import SecretStr
from starlette.requests import Request
from starlette.responses import Response

from app.core.errors import problem_response

METRICS_PATH = "/metrics"


def metrics_endpoint(
    registry: CollectorRegistry, token: SecretStr
) -> Callable[[Request], Awaitable[Response]]:
    expected = f"Bearer {token.get_secret_value()}".encode()

    async def metrics(request: Request) -> Response:
        presented = request.headers.get("authorization", "").encode()
        if not hmac.compare_digest(presented, expected):
            return problem_response(
                request.scope,
                status=401,
                code="unauthorized",
                title="Unauthorized",
                detail="Metrics require the bearer token configured in METRICS_TOKEN.",
                headers={"WWW-Authenticate": 'Bearer realm="metrics"'},
            )
        return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)

    return metrics
