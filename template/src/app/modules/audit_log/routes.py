"""The tenant's audit trail, under /audit-logs (owners and admins: `audit:read`)."""

from typing import Annotated

from fastapi import Depends, Query

from app.core.auth import Actor
from app.core.database import DbSession
from app.core.pagination import PageParams, PaginatedResponse, paginated
from app.core.permissions import require_permission
from app.core.routing import AgencyRouter
from app.modules.audit_log.schemas import AuditLogFilters, AuditLogRead
from app.modules.audit_log.services import AuditLogService

router = AgencyRouter(prefix="/audit-logs", tags=["audit"])


async def audit_log_service(session: DbSession) -> AuditLogService:
    return AuditLogService(session)


AuditLogs = Annotated[AuditLogService, Depends(audit_log_service)]


@router.get(
    "",
    response_model=PaginatedResponse[AuditLogRead],
    summary="The tenant's audit trail, newest first",
)
async def list_audit_logs(
    filters: Annotated[AuditLogFilters, Query()],
    page: PageParams,
    audit_logs: AuditLogs,
    _: Annotated[Actor, require_permission("audit", "read")],
) -> PaginatedResponse[AuditLogRead]:
    items, total = await audit_logs.page(filters, page)
    return PaginatedResponse[AuditLogRead].model_validate(
        paginated(items, total, page), from_attributes=True
    )
