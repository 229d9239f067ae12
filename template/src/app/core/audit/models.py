"""The audit trail: who did what to which resource, when, and from where."""

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, func
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from app.core.context import USER_AGENT_MAX_LENGTH
from app.core.database import Base, TenantMixin, UUIDMixin


class AuditLog(UUIDMixin, TenantMixin, Base):
    __tablename__ = "audit_logs"
    __table_args__ = (
        Index("ix_audit_logs_tenant_id_created_at", "tenant_id", "created_at"),
        Index("ix_audit_logs_resource", "resource_type", "resource_id"),
    )

    actor_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    action: Mapped[str] = mapped_column(String(50))  # create, update, delete, login, ...
    resource_type: Mapped[str] = mapped_column(String(100))
    resource_id: Mapped[str | None] = mapped_column(String(100))
    ip_address: Mapped[str | None] = mapped_column(String(45))
    user_agent: Mapped[str | None] = mapped_column(String(USER_AGENT_MAX_LENGTH))
    request_id: Mapped[str | None] = mapped_column(String(128))
    # {"field": {"old": x, "new": y}}; secrets are redacted before they get here
    changes: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    # Free-form context of manual entries. Not `metadata`: SQLAlchemy reserves that name.
    details: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
