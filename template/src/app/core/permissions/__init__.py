"""Tenant-scoped role-based access control; modules declare their own permissions."""

from app.core.permissions.catalogue import CORE_PERMISSIONS
from app.core.permissions.declarations import (
    ADMIN,
    CRUD,
    MEMBER,
    OWNER,
    SYSTEM_ROLES,
    VIEWER,
    DeclarationError,
    Grant,
    ResourcePermissions,
    catalogue_of,
    grants_of,
)
from app.core.permissions.dependencies import Superuser, require_permission
from app.core.permissions.models import DefaultGrant, Permission, Role, RolePermission, UserRole
from app.core.permissions.roles import seed_default_roles

__all__ = [
    "ADMIN",
    "CORE_PERMISSIONS",
    "CRUD",
    "MEMBER",
    "OWNER",
    "SYSTEM_ROLES",
    "VIEWER",
    "DeclarationError",
    "DefaultGrant",
    "Grant",
    "Permission",
    "ResourcePermissions",
    "Role",
    "RolePermission",
    "Superuser",
    "UserRole",
    "catalogue_of",
    "grants_of",
    "require_permission",
    "seed_default_roles",
]
