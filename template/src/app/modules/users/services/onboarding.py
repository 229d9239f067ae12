"""A new customer: a tenant with its default roles and its first user, the owner.

Shared by password sign-up and first sign-in through an OAuth provider, so both give the
same tenant, the same owner role (audited as any role change is) and the same `UserCreated`
event.
"""

from datetime import datetime

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.audit import AuditService
from app.core.database import set_tenant
from app.core.events import publish
from app.core.permissions import OWNER
from app.modules.tenants import TenantService
from app.modules.users.events import UserCreated
from app.modules.users.models import User
from app.modules.users.repos import RoleRepository, UserRepository
from app.modules.users.services.roles import record_role_change

log = structlog.get_logger("app.auth")


async def open_tenant(
    session: AsyncSession,
    *,
    tenant_name: str,
    email: str,
    full_name: str,
    password_hash: str | None,
    signed_in_at: datetime | None = None,
    via: str = "password",
) -> User:
    tenant = await TenantService(session).create(tenant_name)
    set_tenant(session, tenant.id)
    user = await UserRepository(session).add(
        User(
            email=email,
            full_name=full_name.strip(),
            password_hash=password_hash,
            last_login_at=signed_in_at,
        )
    )
    roles = RoleRepository(session)
    await roles.replace_user_roles(user.id, await roles.by_names([OWNER]))
    await record_role_change(AuditService(session), user.id, [], [OWNER])
    publish(session, UserCreated(user.id, tenant.id, user.email, user.full_name, roles=(OWNER,)))
    log.info("tenant_registered", tenant_id=str(tenant.id), user_id=str(user.id), via=via)
    return user
