"""Give a new tenant its system roles, each with the permissions `default_grants` lists.

`default_grants` is filled by migrations from the modules' declarations, so seeding needs
no knowledge of any module, and a tenant made today gets what the last migration granted.
"""

from uuid import UUID

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.permissions.declarations import SYSTEM_ROLES
from app.core.permissions.models import DefaultGrant, Role, RolePermission


async def seed_default_roles(session: AsyncSession, tenant_id: UUID) -> dict[str, Role]:
    roles = {
        name: Role(tenant_id=tenant_id, name=name, description=description, is_system=True)
        for name, description in SYSTEM_ROLES.items()
    }
    session.add_all(roles.values())
    await session.flush()
    grants = (await session.execute(select(DefaultGrant.role, DefaultGrant.permission_id))).all()
    links = [
        {"tenant_id": tenant_id, "role_id": roles[role].id, "permission_id": permission_id}
        for role, permission_id in grants
        if role in roles
    ]
    if links:
        await session.execute(insert(RolePermission), links)
    return roles
