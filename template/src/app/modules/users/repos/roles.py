from collections.abc import Sequence
from uuid import UUID

from sqlalchemy import delete, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.permissions import Permission, Role, RolePermission, UserRole
from app.modules.users.models import User


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
        if not roles:  # an executemany of nothing would insert one empty row
            return
        await self.session.execute(
            insert(UserRole),
            [
                {"user_id": user_id, "role_id": role.id, "tenant_id": role.tenant_id}
                for role in roles
            ],
        )

    async def lock_role(self, name: str) -> None:
        """Hold the tenant's `name` role row until the transaction ends: changes to who holds
        it then happen one after the other, each seeing the one before."""
        await self.session.execute(select(Role.id).where(Role.name == name).with_for_update())

    async def count_active_holders(self, role_name: str, *, excluding: UUID) -> int:
        """Active users other than `excluding` who hold `role_name`."""
        count = await self.session.scalar(
            select(func.count(UserRole.user_id.distinct()))
            .join(Role, Role.id == UserRole.role_id)
            .join(User, User.id == UserRole.user_id)
            .where(Role.name == role_name, User.is_active.is_(True), UserRole.user_id != excluding)
        )
        return int(count or 0)
