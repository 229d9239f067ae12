"""Querying the audit trail of the caller's tenant."""

from sqlalchemy.ext.asyncio import AsyncSession

from app.core.pagination import Page
from app.modules.audit_log.models import AuditLog
from app.modules.audit_log.repos import AuditLogRepository
from app.modules.audit_log.schemas import AuditLogFilters


class AuditLogService:
    def __init__(self, session: AsyncSession) -> None:
        self.repo = AuditLogRepository(session)

    async def page(self, filters: AuditLogFilters, page: Page) -> tuple[list[AuditLog], int]:
        return await self.repo.page(
            page,
            actor_id=filters.actor_id,
            resource_type=filters.resource_type,
            resource_id=filters.resource_id,
            action=filters.action,
            since=filters.since,
            until=filters.until,
        )
