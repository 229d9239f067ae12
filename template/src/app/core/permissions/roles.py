"""Give a new tenant its default roles, each with the permissions its rule grants."""

from uuid import UUID

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.permissions.catalogue import DEFAULT_ROLES
from app.core.permissions.models import Permission, Role, RolePermission


async def seed_default_roles(session: AsyncSession, tenant_id: UUID) -> dict[str, Role]:
    permissions = (await session.scalars(select(Permission))).all()
    roles = {
        name: Role(tenant_id=tenant_id, name=name, description=description, is_system=True)
        for name, (description, _) in DEFAULT_ROLES.items()
    }
    session.add_all(roles.values())
    await session.flush()
    links = [
        {"tenant_id": tenant_id, "role_id": role.id, "permission_id": permission.id}
        for name, role in roles.items()
        for permission in permissions
        if DEFAULT_ROLES[name][1](permission.resource, permission.action)
    ]
    if links:
        await session.execute(insert(RolePermission), links)
    return roles
