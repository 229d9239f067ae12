"""The RFC 9457 problem document and the response that carries it."""

from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

import orjson
from pydantic import BaseModel, Field
from starlette.responses import Response
from starlette.types import Scope

from app.core.context import current_context

PROBLEM_MEDIA_TYPE = "application/problem+json"
DEFAULT_TYPE_BASE = "/problems/"


class FieldError(BaseModel):
    field: str = Field(description="Dotted location of the offending input, e.g. body.email")
    message: str
    type: str | None = None


class ProblemDetail(BaseModel):
    """Problem details (RFC 9457). `trace_id` lets support find the request's logs."""

    type: str
    title: str
    status: int
    detail: str
    instance: str | None = None
    errors: list[FieldError] | None = None
    trace_id: str | None = None


class ProblemResponse(Response):
    media_type = PROBLEM_MEDIA_TYPE

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content)


def problem_type_base(scope: Scope) -> str:
    app = scope.get("app")
    settings = getattr(getattr(app, "state", None), "settings", None)
    if settings is None:
        return DEFAULT_TYPE_BASE
    return str(settings.app.problem_type_base)


def problem_response(
    scope: Scope,
    *,
    status: int,
    code: str,
    detail: str,
    title: str | None = None,
    errors: list[FieldError] | None = None,
    headers: Mapping[str, str] | None = None,
) -> ProblemResponse:
    context = current_context()
    problem = ProblemDetail(
        type=problem_type_base(scope) + code,
        title=title or HTTPStatus(status).phrase,
        status=status,
        detail=detail,
        instance=scope.get("path"),
        errors=errors,
        trace_id=context.correlation_id if context else None,
    )
    return ProblemResponse(
        problem.model_dump(exclude_none=True), status_code=status, headers=headers
    )


RETRY_AFTER_SECONDS = "5"
"""What a 503 tells clients to wait before retrying."""


def service_unavailable(scope: Scope, detail: str) -> ProblemResponse:
    """A 503 the client should retry shortly."""
    return problem_response(
        scope,
        status=503,
        code="service-unavailable",
        title="Service Unavailable",
        detail=detail,
        headers={"Retry-After": RETRY_AFTER_SECONDS},
    )


def problem_code(status: int) -> str:
    """A stable slug for statuses that have no domain error class (404 route, 405, ...)."""
    return HTTPStatus(status).phrase.lower().replace(" ", "-").replace("'", "")
