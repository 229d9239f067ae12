"""Polyfactory factories: `build()` for in-memory objects, `create()` helpers to persist."""

from tests.factories.tenant import TenantFactory, create_tenant

__all__ = ["TenantFactory", "create_tenant"]
