"""Request context and access log, as pure ASGI middleware (no per-request task hop)."""

import logging
import re
import time
import uuid

import structlog
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.core.context import USER_AGENT_MAX_LENGTH, RequestContext, bind_context
from app.core.routing import route_template

REQUEST_ID_HEADER = "x-request-id"
_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
QUIET_PATHS = frozenset({"/health/live", "/health/ready", "/metrics"})

log = structlog.get_logger("app.access")


def incoming_request_id(scope: Scope) -> str | None:
    for name, value in scope.get("headers", ()):
        if name == b"x-request-id":
            candidate = str(value.decode("latin-1"))
            return candidate if _VALID_REQUEST_ID.match(candidate) else None
    return None


def header(scope: Scope, wanted: bytes) -> str | None:
    for name, value in scope.get("headers", ()):
        if name == wanted:
            return str(value.decode("latin-1"))
    return None


class RequestContextMiddleware:
    """Honour or mint `X-Request-ID`, echo it, bind it to every log line, log the request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        client = scope.get("client")
        context = RequestContext(
            request_id=incoming_request_id(scope) or uuid.uuid4().hex,
            client_ip=client[0] if client else None,
            user_agent=(header(scope, b"user-agent") or "")[:USER_AGENT_MAX_LENGTH] or None,
        )
        status = 500

        async def send_with_request_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableHeaders(scope=message).append("X-Request-ID", context.request_id)
            await send(message)

        with bind_context(context):
            try:
                await self.app(scope, receive, send_with_request_id)
            finally:
                path = scope.get("path", "")
                log.log(
                    logging.DEBUG if path in QUIET_PATHS else logging.INFO,
                    "request",
                    method=scope.get("method"),
                    path=path,
                    route=route_template(scope),
                    status=status,
                    duration_ms=round((time.perf_counter() - started) * 1000, 2),
                    client_ip=context.client_ip,
                )
