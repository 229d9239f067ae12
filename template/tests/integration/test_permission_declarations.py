"""The migrated database grants exactly what the modules' `permissions.py` declare.

A declaration changed without its data migration fails here; `just permissions-migration`
writes that migration. New tenants' roles copy `default_grants`, so they match too.
"""

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.database import bypass_tenant
from app.core.permissions import (
    DefaultGrant,
    Permission,
    Role,
    RolePermission,
    catalogue_of,
    grants_of,
)
from app.modules import declared_permissions
from app.modules.tenants import Tenant

pytestmark = pytest.mark.integration

DECLARATIONS = [d for declarations in declared_permissions().values() for d in declarations]
HINT = "declarations and migrations differ: run `just permissions-migration`"


async def test_the_catalogue_holds_every_declared_permission_and_no_other(
    db: AsyncSession,
) -> None:
    stored = {(p.resource, p.action) for p in await db.scalars(select(Permission))}
    assert stored == catalogue_of(DECLARATIONS), HINT


async def test_default_grants_are_the_declared_ones(db: AsyncSession) -> None:
    statement = select(DefaultGrant.role, Permission.resource, Permission.action).join(Permission)
    stored = {(role, resource, action) for role, resource, action in await db.execute(statement)}
    assert stored == grants_of(DECLARATIONS), HINT


async def test_a_new_tenants_system_roles_hold_the_declared_grants(
    db: AsyncSession, tenant: Tenant
) -> None:
    statement = (
        select(Role.name, Permission.resource, Permission.action)
        .join(RolePermission, RolePermission.role_id == Role.id)
        .join(Permission, Permission.id == RolePermission.permission_id)
        .where(Role.tenant_id == tenant.id)
    )
    with bypass_tenant(db):
        held = {(role, resource, action) for role, resource, action in await db.execute(statement)}
    assert held == grants_of(DECLARATIONS)
