"""Authentication as route dependencies, read from the request's `Caller`.

`CurrentPrincipal` is the verified token (`CallerMiddleware` checked it before routing; no
second check here) and puts its tenant and user in the log context. `CurrentActor` then
asks `Actors` for the user behind it: remembered by the process while Redis confirms
nothing changed, else loaded with its permissions in one query (deactivation, deletion and
role changes apply to the next request). The actor carries the user's
`tokens_valid_after`: access tokens issued before it (a password change, signing out
everywhere) are refused from the next request on, at the cost of one comparison.

`bearer_scheme` is declared on both so that the API document shows the security scheme;
it reads nothing the caller has not already read.
"""

from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.types import Scope

from app.core.auth.caller import Caller, caller_of
from app.core.auth.principal import Actor, Principal
from app.core.auth.schemes import BearerToken
from app.core.context import SESSION_SCOPE_KEY, current_context
from app.core.database import set_tenant
from app.core.errors import AuthenticationError


def principal_of(scope: Scope, caller: Caller | None = None) -> Principal:
    """The verified principal (401 without one). The route now requires it, so the
    request's session, if it has one yet, works in its tenant (`get_session` does the same
    for a session it opens later). Routes that require no principal keep a tenant-less
    session: a flow that forgets to name its tenant fails instead of using the token's."""
    caller = caller or caller_of(scope)
    principal = caller.principal
    if principal is None:
        raise AuthenticationError(caller.token_problem or "Missing bearer token")
    if not caller.authenticated:  # once per request, however many dependencies ask
        caller.authenticated = True
        session: AsyncSession | None = scope.get(SESSION_SCOPE_KEY)
        if session is not None:
            set_tenant(session, principal.tenant_id)
        context = current_context()
        if context is not None:
            context.tenant_id = principal.tenant_id
            context.user_id = principal.user_id
    return principal


async def current_principal(request: Request, _token: BearerToken) -> Principal:
    return principal_of(request.scope)


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


async def current_actor(request: Request, _token: BearerToken) -> Actor:
    caller = caller_of(request.scope)
    principal = principal_of(request.scope, caller)
    if caller.actors is None:
        msg = "CallerMiddleware was installed without Actors"
        raise RuntimeError(msg)
    actor = await caller.actors.confirm(request.app, caller, principal)
    if not actor.accepts(principal):
        raise AuthenticationError("The access token was revoked; sign in again")
    return actor


CurrentActor = Annotated[Actor, Depends(current_actor)]
