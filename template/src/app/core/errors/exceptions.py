"""Domain errors: services raise these, never HTTP exceptions.

Each class knows the problem type, title and status it maps to, so `handlers.py` turns
any of them into an RFC 9457 problem document in one place.
"""

from typing import ClassVar


class DomainError(Exception):
    status: ClassVar[int] = 400
    code: ClassVar[str] = "bad-request"
    title: ClassVar[str] = "Bad Request"

    def __init__(
        self,
        detail: str,
        *,
        errors: list[dict[str, str]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.errors = errors
        self.headers = headers or {}


class NotFoundError(DomainError):
    status = 404
    code = "not-found"
    title = "Not Found"


class ConflictError(DomainError):
    status = 409
    code = "conflict"
    title = "Conflict"


class AuthenticationError(DomainError):
    status = 401
    code = "unauthorized"
    title = "Unauthorized"

    def __init__(self, detail: str = "Authentication required") -> None:
        super().__init__(detail, headers={"WWW-Authenticate": 'Bearer realm="api"'})


class PermissionDeniedError(DomainError):
    status = 403
    code = "forbidden"
    title = "Forbidden"


class BusinessRuleError(DomainError):
    """A well-formed request that the domain refuses (e.g. removing the last owner)."""

    status = 422
    code = "business-rule"
    title = "Unprocessable Content"


class RateLimitedError(DomainError):
    status = 429
    code = "rate-limited"
    title = "Too Many Requests"


class ServiceUnavailableError(DomainError):
    status = 503
    code = "service-unavailable"
    title = "Service Unavailable"
