"""Authentication as route dependencies.

`CurrentPrincipal` verifies the bearer token (no database) and scopes the request's
session and log context to the token's tenant. `CurrentActor` then confirms the user with
the database through the `ActorLoader` that `main.create_app()` installs (the users module
provides it; core cannot import modules), in one query that also returns permissions,
unless the process remembers the actor and Redis confirms nothing changed since
(`actor_cache`: deactivation, deletion and role changes still apply to the next request).
The actor also carries the user's `tokens_valid_after`: access tokens issued before it
(a password change, signing out everywhere) are refused from the next request on.
"""

from typing import Annotated, Protocol

from fastapi import Depends, Request
from fastapi.security import OAuth2PasswordBearer
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.auth.actor_cache import ActorCache
from app.core.auth.principal import Actor, Principal
from app.core.auth.tokens import AccessTokens, InvalidTokenError
from app.core.context import current_context
from app.core.database import DbSession, set_tenant
from app.core.errors import AuthenticationError

TOKEN_URL = "/api/v1/auth/token"  # noqa: S105 - a URL path, not a secret

bearer_scheme = OAuth2PasswordBearer(tokenUrl=TOKEN_URL, auto_error=False)


class ActorLoader(Protocol):
    async def __call__(self, session: AsyncSession, principal: Principal) -> Actor | None:
        """The active user behind `principal` with its permissions, or None."""


async def current_principal(
    request: Request, session: DbSession, token: Annotated[str | None, Depends(bearer_scheme)]
) -> Principal:
    if not token:
        raise AuthenticationError("Missing bearer token")
    tokens: AccessTokens = request.app.state.access_tokens
    try:
        principal = tokens.decode(token)
    except InvalidTokenError:
        raise AuthenticationError("Invalid or expired access token") from None
    set_tenant(session, principal.tenant_id)
    context = current_context()
    if context is not None:
        context.tenant_id = principal.tenant_id
        context.user_id = principal.user_id
    return principal


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


async def current_actor(request: Request, session: DbSession, principal: CurrentPrincipal) -> Actor:
    actor = await confirmed_actor(request, session, principal)
    # Signing out everywhere (or a password change) ends the tokens issued before it; the
    # instant travels with the actor, so checking it costs no query and no round trip.
    if not actor.accepts(principal):
        raise AuthenticationError("The access token was revoked; sign in again")
    return actor


async def confirmed_actor(request: Request, session: AsyncSession, principal: Principal) -> Actor:
    cache: ActorCache | None = getattr(request.app.state, "actor_cache", None)
    if cache is None or not cache.enabled:
        return await load_actor(request, session, principal)
    stamp = await cache.stamp(request.scope, principal)
    if stamp is None:  # Redis cannot vouch for a remembered actor: ask the database
        return await load_actor(request, session, principal)
    actor = cache.get(principal, stamp)
    if actor is None:
        actor = await load_actor(request, session, principal)
        cache.put(principal, stamp, actor)
    return actor


async def load_actor(request: Request, session: AsyncSession, principal: Principal) -> Actor:
    loader: ActorLoader = request.app.state.actor_loader
    actor = await loader(session, principal)
    if actor is None:
        raise AuthenticationError("The account is inactive or no longer exists")
    return actor


CurrentActor = Annotated[Actor, Depends(current_actor)]
