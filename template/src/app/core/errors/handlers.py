"""Map every error a request can meet to one problem+json shape."""

from http import HTTPStatus
from typing import cast

import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from sqlalchemy.exc import DBAPIError, IntegrityError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from starlette.exceptions import HTTPException
from starlette.responses import Response

from app.core.errors.exceptions import DomainError
from app.core.errors.problems import (
    FieldError,
    problem_code,
    problem_response,
    service_unavailable,
)

log = structlog.get_logger("app.errors")

VALIDATION_DETAIL = "The request contains invalid data; see `errors` for each problem."


def _field_name(location: tuple[int | str, ...]) -> str:
    return ".".join(str(part) for part in location) or "request"


async def handle_validation_error(request: Request, exc: Exception) -> Response:
    exc = cast("RequestValidationError", exc)
    errors = [
        FieldError(field=_field_name(tuple(item["loc"])), message=item["msg"], type=item["type"])
        for item in exc.errors()
    ]
    return problem_response(
        request.scope,
        status=422,
        code="validation",
        title="Validation Error",
        detail=VALIDATION_DETAIL,
        errors=errors,
    )


async def handle_http_exception(request: Request, exc: Exception) -> Response:
    exc = cast("HTTPException", exc)
    status = exc.status_code
    phrase = HTTPStatus(status).phrase
    detail = exc.detail if exc.detail != phrase else HTTPStatus(status).description or phrase
    if status in {204, 304}:
        return Response(status_code=status, headers=exc.headers)
    return problem_response(
        request.scope, status=status, code=problem_code(status), detail=detail, headers=exc.headers
    )


async def handle_domain_error(request: Request, exc: Exception) -> Response:
    exc = cast("DomainError", exc)
    errors = [FieldError(**item) for item in exc.errors] if exc.errors else None
    return problem_response(
        request.scope,
        status=exc.status,
        code=exc.code,
        title=exc.title,
        detail=exc.detail,
        errors=errors,
        headers=exc.headers,
    )


async def handle_integrity_error(request: Request, exc: Exception) -> Response:
    """A constraint the service did not anticipate: the request conflicts with stored data."""
    log.warning("integrity_error", error=str(getattr(exc, "orig", exc)).splitlines()[0])
    return problem_response(
        request.scope,
        status=409,
        code="conflict",
        title="Conflict",
        detail="The request conflicts with existing data.",
    )


async def handle_unavailable(request: Request, exc: Exception) -> Response:
    """The database is down or the pool is exhausted: the client should retry later."""
    log.error("database_unavailable", error=type(exc).__name__, reason=str(exc).splitlines()[0])
    detail = "A backing service is temporarily unavailable; retry shortly."
    return service_unavailable(request.scope, detail)


QUERY_CANCELED = "57014"
"""SQLSTATE of a statement PostgreSQL cancelled: DATABASE_STATEMENT_TIMEOUT_MS ran out."""


UNSTORABLE_TEXT = frozenset({"22021", "22P05"})
"""SQLSTATEs of text PostgreSQL cannot store: a byte invalid in UTF-8 such as NUL
(character_not_in_repertoire, asyncpg's CharacterNotInRepertoireError) or a character
the database encoding lacks (untranslatable_character, UntranslatableCharacterError)."""


async def handle_database_error(request: Request, exc: Exception) -> Response:
    """Text the database cannot store is the client's invalid input (422); a statement
    that ran out of time is a 503 the client may retry; any other driver error is
    unexpected and goes on to the 500 handler."""
    sqlstate = getattr(getattr(exc, "orig", None), "sqlstate", None)
    if sqlstate in UNSTORABLE_TEXT:
        log.info("unstorable_text", sqlstate=sqlstate)
        return problem_response(
            request.scope,
            status=422,
            code="validation",
            title="Validation Error",
            detail="The request contains characters that cannot be stored.",
        )
    if sqlstate != QUERY_CANCELED:
        raise exc
    log.warning("statement_timeout", reason=str(exc.__cause__ or exc).splitlines()[0])
    detail = "The database took too long to answer; retry shortly."
    return service_unavailable(request.scope, detail)


def install_error_handlers(app: FastAPI) -> None:
    """Unhandled exceptions are caught earlier, by `UnhandledErrorMiddleware`."""
    app.add_exception_handler(IntegrityError, handle_integrity_error)
    app.add_exception_handler(DBAPIError, handle_database_error)
    for error_type in (OperationalError, InterfaceError, PoolTimeoutError, ConnectionError):
        app.add_exception_handler(error_type, handle_unavailable)
    app.add_exception_handler(RequestValidationError, handle_validation_error)
    app.add_exception_handler(HTTPException, handle_http_exception)
    app.add_exception_handler(DomainError, handle_domain_error)
