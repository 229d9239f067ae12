"""The tenant: the organisation every other row belongs to."""

from typing import ClassVar

from sqlalchemy import CheckConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from app.core.database import Base, TimestampMixin, UUIDMixin
from app.core.tenancy import Plan

PLAN_VALUES = ", ".join(f"'{plan.value}'" for plan in Plan)


class Tenant(UUIDMixin, TimestampMixin, Base):
    __tablename__ = "tenants"
    __table_args__ = (CheckConstraint(f"plan IN ({PLAN_VALUES})", name="plan"),)
    __audit__ = True
    # Deleting a tenant ends its users' cached actors (app.core.auth.actor_invalidation).
    __actor_source__: ClassVar[frozenset[str]] = frozenset({"is_active"})

    name: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(63), unique=True)
    plan: Mapped[str] = mapped_column(
        String(20), default=Plan.FREE.value, server_default=Plan.FREE.value
    )
    is_active: Mapped[bool] = mapped_column(default=True, server_default="true")
