"""Tenant request and response shapes."""

from datetime import datetime
from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, ConfigDict, StringConstraints

from app.core.tenancy import Plan

# Stripped before its length is checked: "   " is no name.
TenantName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


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
    model_config = ConfigDict(extra="forbid")

    name: TenantName | None = None


class TenantCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: TenantName
    plan: Plan = Plan.FREE
