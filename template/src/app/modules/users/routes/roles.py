"""The tenant's roles and what each may do, under /roles."""

from typing import Annotated

from app.core.auth import Actor
from app.core.permissions import require_permission
from app.core.routing import AgencyRouter
from app.modules.users.dependencies import Users
from app.modules.users.schemas import RoleRead

router = AgencyRouter(prefix="/roles", tags=["roles"])


@router.get(
    "", response_model=list[RoleRead], summary="List the tenant's roles and their permissions"
)
async def list_roles(
    users: Users, _: Annotated[Actor, require_permission("roles", "read")]
) -> list[RoleRead]:
    return [
        RoleRead(
            id=role.id,
            name=role.name,
            description=role.description,
            is_system=role.is_system,
            permissions=permissions,
        )
        for role, permissions in await users.all_roles()
    ]
