"""Reading the audit trail. The tenant wall limits every query to the caller's tenant."""

from datetime import datetime
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.pagination import Page, fetch_page
from app.modules.audit_log.models import AuditLog


class AuditLogRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def page(
        self,
        page: Page,
        *,
        actor_id: UUID | None = None,
        resource_type: str | None = None,
        resource_id: str | None = None,
        action: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> tuple[list[AuditLog], int]:
        """Newest first; the id breaks ties between entries of the same instant."""
        statement = select(AuditLog).order_by(AuditLog.created_at.desc(), AuditLog.id.desc())
        if actor_id is not None:
            statement = statement.where(AuditLog.actor_id == actor_id)
        if resource_type is not None:
            statement = statement.where(AuditLog.resource_type == resource_type)
        if resource_id is not None:
            statement = statement.where(AuditLog.resource_id == resource_id)
        if action is not None:
            statement = statement.where(AuditLog.action == action)
        if since is not None:
            statement = statement.where(AuditLog.created_at >= since)
        if until is not None:
            statement = statement.where(AuditLog.created_at < until)
        return await fetch_page(self.session, statement, page)
