"""Domain errors and their RFC 9457 problem-details rendering."""

from app.core.errors.exceptions import (
    AuthenticationError,
    BusinessRuleError,
    ConflictError,
    DomainError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitedError,
    ServiceUnavailableError,
)
from app.core.errors.handlers import install_error_handlers
from app.core.errors.middleware import UnhandledErrorMiddleware
from app.core.errors.openapi import PROBLEM_RESPONSES, install_problem_schemas
from app.core.errors.problems import (
    RETRY_AFTER_SECONDS,
    FieldError,
    ProblemDetail,
    ProblemResponse,
    problem_response,
    service_unavailable,
)

__all__ = [
    "PROBLEM_RESPONSES",
    "RETRY_AFTER_SECONDS",
    "AuthenticationError",
    "BusinessRuleError",
    "ConflictError",
    "DomainError",
    "FieldError",
    "NotFoundError",
    "PermissionDeniedError",
    "ProblemDetail",
    "ProblemResponse",
    "RateLimitedError",
    "ServiceUnavailableError",
    "UnhandledErrorMiddleware",
    "install_error_handlers",
    "install_problem_schemas",
    "problem_response",
    "service_unavailable",
]
