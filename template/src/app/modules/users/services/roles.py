"""Handing out roles: which ones an actor may grant, and the audit entry of a grant."""

from collections.abc import Sequence
from uuid import UUID

from app.core.audit import AuditAction, AuditService
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


async def record_role_change(
    audit: AuditService,
    user_id: UUID,
    before: Sequence[str],
    after: Sequence[str],
    *,
    actor_id: UUID | None = None,
) -> None:
    """One `roles_changed` entry, in the caller's transaction, for every change of a user's
    roles: a new user's first roles (`before` empty) as much as a later change. Role
    assignments are bulk rows, which the automatic capture cannot see. No change, no entry."""
    old, new = sorted(before), sorted(after)
    if old == new:
        return
    await audit.log(
        AuditAction.ROLES_CHANGED,
        "users",
        user_id,
        changes={"roles": {"old": old, "new": new}},
        actor_id=actor_id,
    )
