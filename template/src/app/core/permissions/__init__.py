"""Tenant-scoped role-based access control."""

from app.core.permissions.catalogue import (
    ADMIN,
    CORE_PERMISSIONS,
    DEFAULT_ROLES,
    MEMBER,
    OWNER,
    VIEWER,
    default_role_grants,
)
from app.core.permissions.dependencies import Superuser, require_permission
from app.core.permissions.models import Permission, Role, RolePermission, UserRole
from app.core.permissions.roles import seed_default_roles

__all__ = [
    "ADMIN",
    "CORE_PERMISSIONS",
    "DEFAULT_ROLES",
    "MEMBER",
    "OWNER",
    "VIEWER",
    "Permission",
    "Role",
    "RolePermission",
    "Superuser",
    "UserRole",
    "default_role_grants",
    "require_permission",
    "seed_default_roles",
]
