"""Who a request counts against: the authenticated user, else the client's address.

Identification must be cheap because it runs before routing on every request: the
bearer token is verified (an HMAC, no database) and its `plan` claim gives the tenant's
plan tier. The plan travels in the access token rather than being looked up per request;
a plan change therefore applies from the caller's next token refresh, at most
ACCESS_TOKEN_EXPIRE_MINUTES later. An invalid or expired token counts as anonymous:
the route itself will refuse it.

The client address is `scope["client"]`, which uvicorn's ProxyHeadersMiddleware has
already rewritten from X-Forwarded-For when the direct peer is a trusted proxy
(FORWARDED_ALLOW_IPS). IPv6 clients are grouped by /64, the block one host usually holds.
"""

import ipaddress
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from starlette.types import Scope

from app.core.auth.tokens import AccessTokens, InvalidTokenError
from app.core.tenancy import Plan

CALLER_SCOPE_KEY = "app.rate_limit.caller"
IPV6_PREFIX = 64


@dataclass(frozen=True, slots=True)
class Caller:
    ip_key: str
    user_key: str | None = None
    plan: Plan | None = None
    tenant_id: UUID | None = None

    @property
    def key(self) -> str:
        """The user when authenticated, else the address."""
        return self.user_key or self.ip_key


def client_ip_key(scope: Scope) -> str:
    client = scope.get("client")
    host = client[0] if client else None
    if not host:
        return "ip:unknown"
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return f"ip:{host}"
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return f"ip:{address.ipv4_mapped}"
        return f"ip:{ipaddress.ip_network(f'{address}/{IPV6_PREFIX}', strict=False)}"
    return f"ip:{address}"


def bearer_token(scope: Scope) -> str | None:
    for name, value in scope.get("headers", ()):
        if name == b"authorization":
            scheme, _, token = str(value.decode("latin-1")).partition(" ")
            if scheme.lower() == "bearer" and token.strip():
                return token.strip()
            return None
    return None


def identify(scope: Scope) -> Caller:
    """The caller of this request, computed once and kept on the scope."""
    known: Caller | None = scope.get(CALLER_SCOPE_KEY)
    if known is not None:
        return known
    caller = Caller(ip_key=client_ip_key(scope))
    token = bearer_token(scope)
    tokens: AccessTokens | None = _state_value(scope, "access_tokens")
    if token and tokens is not None:
        try:
            principal = tokens.decode(token)
        except InvalidTokenError:
            pass
        else:
            caller = Caller(
                ip_key=caller.ip_key,
                user_key=f"user:{principal.user_id}",
                plan=principal.plan,
                tenant_id=principal.tenant_id,
            )
    scope[CALLER_SCOPE_KEY] = caller
    return caller


def _state_value(scope: Scope, name: str) -> Any:
    return getattr(getattr(scope.get("app"), "state", None), name, None)
