"""The query behind an authenticated request: is the user active, what may it do.

Its answer is remembered per process until a change to it commits
(`app.core.auth.actor_cache`), so most requests do not run it.
"""

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.auth import Actor, Principal
from app.core.permissions import Permission, RolePermission, UserRole
from app.modules.users.models import User


async def load_actor(session: AsyncSession, principal: Principal) -> Actor | None:
    """Runs under the token's tenant, so a token for another tenant's user finds nothing."""
    permission = Permission.resource + ":" + Permission.action
    row = (
        await session.execute(
            select(
                User.is_superuser, func.array_remove(func.array_agg(permission.distinct()), None)
            )
            .outerjoin(UserRole, UserRole.user_id == User.id)
            .outerjoin(RolePermission, RolePermission.role_id == UserRole.role_id)
            .outerjoin(Permission, Permission.id == RolePermission.permission_id)
            .where(User.id == principal.user_id, User.is_active.is_(True))
            .group_by(User.id)
        )
    ).one_or_none()
    if row is None:
        return None
    is_superuser, permissions = row
    return Actor(
        user_id=principal.user_id,
        tenant_id=principal.tenant_id,
        is_superuser=is_superuser,
        permissions=frozenset(permissions),
    )
