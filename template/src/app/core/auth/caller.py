"""Who sent the request: worked out once, before routing, and read by everything after.

`CallerMiddleware` verifies the bearer token (an HMAC, no database) and leaves a `Caller`
in the ASGI scope. The rate limiter counts against it, the route dependencies
(`CurrentPrincipal`, `CurrentActor`) read its principal, and the actor cache reads the
generation tokens the rate limiter fetched for it: one token check per request, and one
typed object instead of loose scope keys.

The client address is `scope["client"]`, which uvicorn's ProxyHeadersMiddleware has
already rewritten from X-Forwarded-For when the direct peer is a trusted proxy
(FORWARDED_ALLOW_IPS). IPv6 clients are grouped by /64, the block one host usually holds.
An invalid or expired token leaves the caller anonymous for the rate limit; a route that
needs a principal refuses it with the reason kept in `token_problem`.
"""

import ipaddress
from dataclasses import dataclass
from uuid import UUID

from starlette.types import ASGIApp, Receive, Scope, Send

from app.core.auth.actor_cache import Stamp
from app.core.auth.actors import Actors
from app.core.auth.principal import Principal
from app.core.auth.tokens import AccessTokens, InvalidTokenError
from app.core.context import CALLER_SCOPE_KEY
from app.core.tenancy import Plan

IPV6_PREFIX = 64
MISSING_TOKEN = "Missing bearer token"  # noqa: S105 - a message, not a secret
INVALID_TOKEN = "Invalid or expired access token"  # noqa: S105 - a message, not a secret


@dataclass(slots=True)
class Caller:
    ip_key: str
    principal: Principal | None = None
    token_problem: str | None = MISSING_TOKEN
    actors: Actors | None = None  # how the principal becomes an actor (`CurrentActor`)
    authenticated: bool = False  # a dependency of the route required the principal
    stamp_read: bool = False  # the rate limiter read the actor generation tokens...
    stamp: Stamp | None = None  # ...and these are they (None: Redis could not say)

    @property
    def user_key(self) -> str | None:
        return None if self.principal is None else f"user:{self.principal.user_id}"

    @property
    def plan(self) -> Plan | None:
        return None if self.principal is None else self.principal.plan

    @property
    def tenant_id(self) -> UUID | None:
        return None if self.principal is None else self.principal.tenant_id

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


def identify(scope: Scope, tokens: AccessTokens, actors: Actors | None = None) -> Caller:
    caller = Caller(ip_key=client_ip_key(scope), actors=actors)
    token = bearer_token(scope)
    if token:
        try:
            caller.principal = tokens.decode(token)
        except InvalidTokenError:
            caller.token_problem = INVALID_TOKEN
        else:
            caller.token_problem = None
    return caller


def caller_of(scope: Scope) -> Caller:
    """The request's caller; `CallerMiddleware` put it there before anything else ran."""
    caller: Caller | None = scope.get(CALLER_SCOPE_KEY)
    if caller is None:
        msg = "No Caller in the request: main.create_app() installs CallerMiddleware"
        raise RuntimeError(msg)
    return caller


class CallerMiddleware:
    def __init__(self, app: ASGIApp, tokens: AccessTokens, actors: Actors) -> None:
        self.app = app
        self.tokens = tokens
        self.actors = actors

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket"):
            scope[CALLER_SCOPE_KEY] = identify(scope, self.tokens, self.actors)
        await self.app(scope, receive, send)
