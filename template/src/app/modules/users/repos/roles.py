from collections.abc import Sequence
from uuid import UUID

from sqlalchemy import delete, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.permissions import Permission, Role, RolePermission, UserRole


class RoleRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def by_names(self, names: Sequence[str]) -> list[Role]:
        return list(await self.session.scalars(select(Role).where(Role.name.in_(names))))

    async def all_with_permissions(self) -> list[tuple[Role, list[str]]]:
        roles = list(await self.session.scalars(select(Role).order_by(Role.name)))
        rows = await self.session.execute(
            select(RolePermission.role_id, Permission.resource, Permission.action)
            .join(Permission, Permission.id == RolePermission.permission_id)
            .order_by(Permission.resource, Permission.action)
        )
        granted: dict[UUID, list[str]] = {}
        for role_id, resource, action in rows:
            granted.setdefault(role_id, []).append(f"{resource}:{action}")
        return [(role, granted.get(role.id, [])) for role in roles]

    async def names_of(self, user_id: UUID) -> list[str]:
        rows = await self.session.scalars(
            select(Role.name)
            .join(UserRole, UserRole.role_id == Role.id)
            .where(UserRole.user_id == user_id)
        )
        return sorted(rows)

    async def replace_user_roles(self, user_id: UUID, roles: Sequence[Role]) -> None:
        await self.session.execute(delete(UserRole).where(UserRole.user_id == user_id))
        await self.session.execute(
            insert(UserRole),
            [
                {"user_id": user_id, "role_id": role.id, "tenant_id": role.tenant_id}
                for role in roles
            ],
        )

    async def count_users_with_role(self, role_name: str) -> int:
        rows = await self.session.scalars(
            select(UserRole.user_id)
            .join(Role, Role.id == UserRole.role_id)
            .where(Role.name == role_name)
        )
        return len(list(rows))
