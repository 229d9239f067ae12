"""Tenant request and response shapes."""

from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from app.core.tenancy import Plan
from app.core.text import Name

TenantName = Name


class TenantRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: UUID
    name: str
    slug: str
    plan: Plan
    is_active: bool
    created_at: datetime
    updated_at: datetime


class TenantUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    name: TenantName | None = None


class TenantCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    name: TenantName
    plan: Plan = Plan.FREE
