"""Facts the tenants module announces; other modules subscribe through `app.modules.tenants`."""

from dataclasses import dataclass
from uuid import UUID

from app.core.tenancy import Plan


@dataclass(frozen=True, slots=True)
class TenantCreated:
    """A tenant exists, with its default roles (delivered after the creating commit)."""

    tenant_id: UUID
    name: str
    slug: str
    plan: Plan
