"""Which roles an actor may hand out (to a user, or in an invitation)."""

from collections.abc import Sequence

from app.core.auth import Actor
from app.core.errors import BusinessRuleError, PermissionDeniedError
from app.core.permissions import OWNER, Role
from app.modules.users.repos import RoleRepository


async def grantable_roles(repo: RoleRepository, actor: Actor, names: Sequence[str]) -> list[Role]:
    """The named roles, refused if one is unknown or is `owner` and the actor no owner."""
    wanted = sorted(set(names))
    roles = await repo.by_names(wanted)
    missing = sorted(set(wanted) - {role.name for role in roles})
    if missing:
        raise BusinessRuleError(
            f"Unknown role(s): {', '.join(missing)}",
            errors=[{"field": "body.roles", "message": f"unknown: {', '.join(missing)}"}],
        )
    if OWNER in wanted and not actor.can("tenants", "delete"):
        raise PermissionDeniedError("Only an owner can grant the owner role")
    return roles
