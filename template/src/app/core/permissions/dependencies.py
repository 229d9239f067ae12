"""`require_permission("users", "delete")`: a route dependency that answers 403 or the actor."""

from typing import Any

from fastapi import Depends

from app.core.auth import Actor, CurrentActor
from app.core.errors import PermissionDeniedError


def require_permission(resource: str, action: str) -> Any:
    """Use as `actor: Annotated[Actor, require_permission("users", "read")]`.

    The actor's permissions come with the same query that confirms the user, so a check
    costs no extra query; superusers pass every check.
    """

    async def check(actor: CurrentActor) -> Actor:
        if not actor.can(resource, action):
            raise PermissionDeniedError(f"Missing permission {resource}:{action}")
        return actor

    check.__name__ = f"require_{resource}_{action}"
    return Depends(check)


async def _superuser(actor: CurrentActor) -> Actor:
    if not actor.is_superuser:
        raise PermissionDeniedError("Platform superusers only")
    return actor


Superuser = Depends(_superuser)
