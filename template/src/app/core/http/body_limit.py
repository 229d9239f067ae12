"""Refuse request bodies larger than MAX_BODY_BYTES with 413 problem+json.

Pure ASGI, so the check costs one header lookup per request. A declared Content-Length
over the limit is refused before the body is read; a body without one (chunked) is
counted as it streams, and the read that crosses the limit raises `BodyTooLargeError`.
That error is an HTTPException, so FastAPI's body parsing lets it through (any other
error would become a 400) and its own handler renders the 413; a body nobody reads is
never counted. FastAPI's `max_body_size` is not used: its refusal bypasses the
application's handlers and is not problem+json.
"""

from typing import cast

from fastapi import FastAPI, Request
from starlette.exceptions import HTTPException
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.core.errors import problem_response

TOO_LARGE_DETAIL = "The request body is larger than this service accepts ({limit} bytes)."


class BodyTooLargeError(HTTPException):
    def __init__(self, limit: int) -> None:
        super().__init__(status_code=413, detail=TOO_LARGE_DETAIL.format(limit=limit))
        self.limit = limit


def too_large_response(scope: Scope, limit: int) -> Response:
    return problem_response(
        scope,
        status=413,
        code="content-too-large",
        title="Content Too Large",
        detail=TOO_LARGE_DETAIL.format(limit=limit),
        headers={"Connection": "close"},
    )


async def handle_body_too_large(request: Request, exc: Exception) -> Response:
    return too_large_response(request.scope, cast("BodyTooLargeError", exc).limit)


def declared_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


class RequestBodyLimitMiddleware:
    def __init__(self, app: ASGIApp, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.max_body_bytes
        declared = declared_length(scope)
        if declared is not None and declared > limit:
            await too_large_response(scope, limit)(scope, receive, send)
            return

        received = 0

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLargeError(limit)
            return message

        await self.app(scope, counting_receive, send)


def install_body_limit(app: FastAPI, max_body_bytes: int) -> None:
    """The middleware, and the handler that answers when a route's body read overflows."""
    app.add_exception_handler(BodyTooLargeError, handle_body_too_large)
    app.add_middleware(RequestBodyLimitMiddleware, max_body_bytes=max_body_bytes)
