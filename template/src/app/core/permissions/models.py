"""Roles are per tenant; permissions are one global catalogue of `resource:action` pairs."""

import uuid
from typing import ClassVar

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.core.database import Base, TenantMixin, TimestampMixin, UUIDMixin


class Permission(UUIDMixin, Base):
    __tablename__ = "permissions"
    __table_args__ = (UniqueConstraint("resource", "action"),)
    # Actors hold `resource:action` keys (app.core.auth.actor_invalidation).
    __actor_source__: ClassVar[frozenset[str]] = frozenset({"resource", "action"})

    resource: Mapped[str] = mapped_column(String(50))
    action: Mapped[str] = mapped_column(String(50))
    description: Mapped[str] = mapped_column(String(200), default="", server_default="")

    @property
    def key(self) -> str:
        return f"{self.resource}:{self.action}"


class DefaultGrant(Base):
    """A permission a system role of every NEW tenant starts with (filled by migrations)."""

    __tablename__ = "default_grants"

    role: Mapped[str] = mapped_column(String(50), primary_key=True)
    permission_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("permissions.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class Role(UUIDMixin, TimestampMixin, TenantMixin, Base):
    __tablename__ = "roles"
    __table_args__ = (UniqueConstraint("tenant_id", "name"),)
    __audit__ = True
    __actor_source__: ClassVar[frozenset[str]] = frozenset()  # deleting one drops its grants

    name: Mapped[str] = mapped_column(String(50))
    description: Mapped[str] = mapped_column(String(200), default="", server_default="")
    is_system: Mapped[bool] = mapped_column(default=False, server_default="false")


class RolePermission(TenantMixin, Base):
    __tablename__ = "role_permissions"
    __actor_source__: ClassVar[bool] = True

    role_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("roles.id", ondelete="CASCADE"), primary_key=True
    )
    permission_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("permissions.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class UserRole(TenantMixin, Base):
    __tablename__ = "user_roles"
    __actor_source__: ClassVar[bool] = True

    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    role_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("roles.id", ondelete="CASCADE"), primary_key=True, index=True
    )
