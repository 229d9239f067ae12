"""Last line of defence: an unexpected exception becomes a 500 problem, logged once.

Starlette's own ServerErrorMiddleware would re-raise after answering, so the server logs a
second, unstructured traceback. This pure ASGI middleware sits just inside it, logs the
exception with the request's context, and answers with a problem document that carries
the correlation id and nothing of the exception itself.
"""

import structlog
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.core.errors.problems import problem_response

log = structlog.get_logger("app.errors")

INTERNAL_DETAIL = "An unexpected error occurred. Quote the trace_id when reporting it."


class UnhandledErrorMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        response_started = False

        async def send_tracking(message: Message) -> None:
            nonlocal response_started
            if message["type"] == "http.response.start":
                response_started = True
            await send(message)

        try:
            await self.app(scope, receive, send_tracking)
        except Exception:
            log.exception("unhandled_error", path=scope.get("path"), method=scope.get("method"))
            if response_started:
                # Headers are on the wire: nothing sane can be sent; let the server close it.
                raise
            response = problem_response(
                scope,
                status=500,
                code="internal",
                title="Internal Server Error",
                detail=INTERNAL_DETAIL,
            )
            await response(scope, receive, send)
