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

from app.core.auth.caller import Caller, caller_of
from app.core.auth.principal import Actor, Principal
from app.core.auth.schemes import BearerToken
from app.core.context import current_context
from app.core.errors import AuthenticationError


def principal_of(caller: Caller) -> Principal:
    principal = caller.principal
    if principal is None:
        raise AuthenticationError(caller.token_problem or "Missing bearer token")
    context = current_context()
    if context is not None:
        context.tenant_id = principal.tenant_id
        context.user_id = principal.user_id
    return principal


async def current_principal(request: Request, _token: BearerToken) -> Principal:
    return principal_of(caller_of(request.scope))


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


async def current_actor(request: Request, _token: BearerToken) -> Actor:
    caller = caller_of(request.scope)
    principal = principal_of(caller)
    if caller.actors is None:
        msg = "CallerMiddleware was installed without Actors"
        raise RuntimeError(msg)
    actor = await caller.actors.confirm(request.app, caller, principal)
    if not actor.accepts(principal):
        raise AuthenticationError("The access token was revoked; sign in again")
    return actor


CurrentActor = Annotated[Actor, Depends(current_actor)]
