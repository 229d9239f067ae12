"""Managing the users of a tenant: profiles, activation, roles, deletion."""

from collections.abc import Sequence
from uuid import UUID

from app.core.auth import Actor
from app.core.errors import BusinessRuleError, NotFoundError, PermissionDeniedError
from app.core.events import publish
from app.core.permissions import OWNER, Role
from app.modules.users.events import UserRoleChanged
from app.modules.users.models import User
from app.modules.users.schemas import MeUpdate, UserUpdate
from app.modules.users.services.collaborators import Collaborators
from app.modules.users.services.roles import grantable_roles, record_role_change


class UserService(Collaborators):
    async def get(self, user_id: UUID) -> User:
        """A user of the current tenant; another tenant's user is simply not found."""
        user = await self.users.get(user_id)
        if user is None:
            raise NotFoundError("User not found")
        return user

    async def update(self, actor: Actor, user_id: UUID, changes: UserUpdate) -> User:
        user = await self.get(user_id)
        if changes.full_name is not None:
            user.full_name = changes.full_name.strip()
        if changes.is_active is not None and changes.is_active != user.is_active:
            if user.id == actor.user_id:
                raise BusinessRuleError("You cannot deactivate your own account")
            if not changes.is_active:
                await self._guard_owner(actor, user.id)
                await self.tokens.revoke_all(user.id)
            user.is_active = changes.is_active
        await self.session.flush()
        return user

    async def update_me(self, user_id: UUID, changes: MeUpdate) -> User:
        user = await self.get(user_id)
        if changes.full_name is not None:
            user.full_name = changes.full_name.strip()
        await self.session.flush()
        return user

    async def delete(self, actor: Actor, user_id: UUID) -> None:
        user = await self.get(user_id)
        if user.id == actor.user_id:
            raise BusinessRuleError("You cannot delete your own account")
        await self._guard_owner(actor, user.id)
        await self.users.delete(user)

    async def roles_of(self, user_id: UUID) -> list[str]:
        return await self.roles.names_of(user_id)

    async def set_roles(self, actor: Actor, user_id: UUID, names: Sequence[str]) -> list[str]:
        user = await self.get(user_id)
        roles = await grantable_roles(self.roles, actor, names)
        if OWNER not in {role.name for role in roles}:
            await self._guard_owner(actor, user.id)
        before = await self.roles.names_of(user.id)
        await self.roles.replace_user_roles(user.id, roles)
        after = sorted(role.name for role in roles)
        if after != before:
            await record_role_change(self.audit, user.id, before, after)
            publish(
                self.session,
                UserRoleChanged(
                    user.id, user.tenant_id, tuple(before), tuple(after), changed_by=actor.user_id
                ),
            )
        return after

    async def all_roles(self) -> list[tuple[Role, list[str]]]:
        return await self.roles.all_with_permissions()

    async def _guard_owner(self, actor: Actor, user_id: UUID) -> None:
        """Before `user_id` stops being an active owner: only an owner may do that to an
        owner, and never to the tenant's last active owner (it could no longer be
        administered). The owner role row is locked first, so two owners demoting each other
        at once cannot both succeed."""
        if OWNER not in await self.roles.names_of(user_id):
            return
        if not actor.can("tenants", "delete"):
            raise PermissionDeniedError("Only an owner can demote, deactivate or delete an owner")
        await self.roles.lock_role(OWNER)
        if not await self.roles.count_active_holders(OWNER, excluding=user_id):
            raise BusinessRuleError(
                "The tenant's last owner cannot be removed, demoted or deactivated"
            )
