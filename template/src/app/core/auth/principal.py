"""Who is calling: the verified token (`Principal`) and what they may do (`Actor`)."""

from dataclasses import dataclass, field
from uuid import UUID

from app.core.tenancy import Plan


@dataclass(frozen=True, slots=True)
class Principal:
    """The claims of a verified access token; no database was consulted."""

    user_id: UUID
    tenant_id: UUID
    token_id: str
    plan: Plan = Plan.FREE
    issued_at: float = 0.0  # Unix time (s, to the millisecond, rounded down)


@dataclass(frozen=True, slots=True)
class Actor:
    """A principal confirmed against the database: active, with its permissions."""

    user_id: UUID
    tenant_id: UUID
    is_superuser: bool
    permissions: frozenset[str] = field(default_factory=frozenset)
    tokens_valid_after: float | None = None  # Unix time; older access tokens are refused

    def accepts(self, principal: Principal) -> bool:
        """Whether the principal's token was issued after the user last ended its sessions."""
        return self.tokens_valid_after is None or principal.issued_at >= self.tokens_valid_after

    def can(self, resource: str, action: str) -> bool:
        return self.is_superuser or f"{resource}:{action}" in self.permissions
