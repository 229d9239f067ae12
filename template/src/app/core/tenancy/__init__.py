"""Tenant vocabulary shared by core services and modules."""

from app.core.tenancy.plans import Plan

__all__ = ["Plan"]
