"""Reading the audit trail in tests, whatever tenant the session is scoped to."""

from typing import Any
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.audit import AuditLog
from app.core.database import in_tenant


async def audit_entries(db: AsyncSession, tenant_id: UUID, **where: Any) -> list[AuditLog]:
    """A tenant's entries, oldest first; `where` filters on columns (`action="update"`)."""
    statement = (
        select(AuditLog)
        .where(AuditLog.tenant_id == tenant_id)
        .order_by(AuditLog.created_at, AuditLog.id)
        .execution_options(populate_existing=True)
    )
    for column, value in where.items():
        statement = statement.where(getattr(AuditLog, column) == value)
    with in_tenant(db, tenant_id):
        return list(await db.scalars(statement))
