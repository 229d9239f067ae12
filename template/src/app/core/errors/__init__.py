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
from app.core.errors.problems import FieldError, ProblemDetail, ProblemResponse, problem_response

__all__ = [
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
    "problem_response",
]
