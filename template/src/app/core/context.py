"""Who and what the current unit of work is about: one object per request or job.

The request-id middleware opens it; authentication fills in the tenant and user; logging,
audit, tracing and problem details read it. It is a mutable object inside a ContextVar so
that what an inner layer learns (the user, say) is visible to the outer middleware that
writes the access log after the response.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from uuid import UUID

CALLER_SCOPE_KEY = "app.caller"
"""Where `app.core.auth.CallerMiddleware` leaves the request's `Caller` in the ASGI scope."""

SESSION_SCOPE_KEY = "app.session"
"""Where `app.core.database.get_session` leaves the request's session, for authentication
to put it in the caller's tenant once a route has required a principal."""

USER_AGENT_MAX_LENGTH = 500
"""What is kept of a User-Agent header: every real client fits; logs and the audit trail's
column are bounded whatever a client sends."""


@dataclass(slots=True)
class RequestContext:
    request_id: str
    trace_id: str | None = None
    tenant_id: UUID | None = None
    user_id: UUID | None = None
    client_ip: str | None = None
    user_agent: str | None = None
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def correlation_id(self) -> str:
        """The id support asks for: the trace id when tracing runs, else the request id."""
        return self.trace_id or self.request_id


_current: ContextVar[RequestContext | None] = ContextVar("request_context", default=None)


def current_context() -> RequestContext | None:
    return _current.get()


@contextmanager
def bind_context(context: RequestContext) -> Iterator[RequestContext]:
    token = _current.set(context)
    try:
        yield context
    finally:
        _current.reset(token)
