"""Polyfactory factories: `build()` gives in-memory objects, `create_*()` persists them."""

from tests.factories.tenant import TenantFactory, create_tenant
from tests.factories.user import DEFAULT_PASSWORD, UserFactory, create_user

__all__ = ["DEFAULT_PASSWORD", "TenantFactory", "UserFactory", "create_tenant", "create_user"]
