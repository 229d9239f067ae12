"""Tenants: the organisations that own all other data.

Public interface: the only names other modules may import (enforced by tach.toml).
"""

from app.modules.tenants.events import TenantCreated
from app.modules.tenants.models import Tenant
from app.modules.tenants.schemas import TenantCreate, TenantRead, TenantUpdate
from app.modules.tenants.services import TenantService

__all__ = [
    "Tenant",
    "TenantCreate",
    "TenantCreated",
    "TenantRead",
    "TenantService",
    "TenantUpdate",
]
