"""The query behind an authenticated request: is the user active, what may it do.

Its answer is remembered per process until a change to it commits
(`app.core.auth.actor_cache`), so most requests do not run it.
"""

from functools import cache

from sqlalchemy import Table, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.auth import Actor, Principal
from app.core.permissions import Permission, RolePermission, UserRole
from app.modules.users.models import User


@cache
def tenants_table() -> Table:
    """The table `users.tenant_id` points at: the tenants module sits above this layer."""
    [foreign_key] = User.__table__.c.tenant_id.foreign_keys
    return foreign_key.column.table


async def load_actor(session: AsyncSession, principal: Principal) -> Actor | None:
    """Runs under the token's tenant, so a token for another tenant's user finds nothing;
    an inactive user, or any user of an inactive (suspended) tenant, finds nothing too."""
    permission = Permission.resource + ":" + Permission.action
    tenants = tenants_table()
    row = (
        await session.execute(
            select(
                User.is_superuser,
                User.tokens_valid_after,
                func.array_remove(func.array_agg(permission.distinct()), None),
            )
            .outerjoin(UserRole, UserRole.user_id == User.id)
            .outerjoin(RolePermission, RolePermission.role_id == UserRole.role_id)
            .outerjoin(Permission, Permission.id == RolePermission.permission_id)
            .join(tenants, tenants.c.id == User.tenant_id)
            .where(
                User.id == principal.user_id,
                User.is_active.is_(True),
                tenants.c.is_active.is_(True),
            )
            .group_by(User.id)
        )
    ).one_or_none()
    if row is None:
        return None
    is_superuser, valid_after, permissions = row
    return Actor(
        user_id=principal.user_id,
        tenant_id=principal.tenant_id,
        is_superuser=is_superuser,
        permissions=frozenset(permissions),
        tokens_valid_after=None if valid_after is None else valid_after.timestamp(),
    )
