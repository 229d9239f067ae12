"""The tenant's audit trail, under /audit-logs (owners and admins: `audit:read`)."""

from typing import Annotated

from fastapi import Query

from app.core.auth import Actor
from app.core.pagination import PageContent, PageParams, PaginatedResponse, paginated
from app.core.permissions import require_permission
from app.core.routing import AgencyRouter
from app.modules.audit_log.dependencies import AuditLogs
from app.modules.audit_log.schemas import AuditLogFilters, AuditLogRead

router = AgencyRouter(prefix="/audit-logs", tags=["audit"])


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
) -> PageContent:
    items, total = await audit_logs.page(filters, page)
    return paginated(items, total, page)
