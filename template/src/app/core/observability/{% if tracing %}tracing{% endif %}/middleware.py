"""Tie the request's server span to the request context, and the context to the span.

Pure ASGI, inside the request-context middleware and inside the server span FastAPI
opens. At the start it copies the trace id into `RequestContext`, so
problem details quote it; when the response starts, authentication has run, and the
tenant and user it found become attributes of the server span. Probes and scrapes get
no server span, and their SQL and Redis calls none either (no orphan traces).
"""

from opentelemetry import trace
from opentelemetry.instrumentation.utils import suppress_instrumentation
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.core.context import RequestContext, current_context
from app.core.observability.tracing.instrumentation import UNTRACED_PATHS

TENANT_ATTRIBUTE = "tenant.id"
USER_ATTRIBUTE = "enduser.id"


def annotate(span: trace.Span, context: RequestContext) -> None:
    if not span.is_recording():
        return
    if context.tenant_id is not None:
        span.set_attribute(TENANT_ATTRIBUTE, str(context.tenant_id))
    if context.user_id is not None:
        span.set_attribute(USER_ATTRIBUTE, str(context.user_id))


class TraceContextMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] in UNTRACED_PATHS:
            with suppress_instrumentation():
                await self.app(scope, receive, send)
            return
        span = trace.get_current_span()
        span_context = span.get_span_context()
        context = current_context()
        if scope["type"] != "http" or context is None or not span_context.is_valid:
            await self.app(scope, receive, send)
            return
        context.trace_id = trace.format_trace_id(span_context.trace_id)

        async def send_annotating(message: Message) -> None:
            if message["type"] == "http.response.start":
                annotate(span, context)
            await send(message)

        try:
            await self.app(scope, receive, send_annotating)
        except Exception:
            annotate(span, context)  # on its way to the 500 answer, the span still open
            raise
