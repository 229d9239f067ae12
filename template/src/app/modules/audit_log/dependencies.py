"""The audit log module's route dependencies (every module keeps them in `dependencies.py`)."""

from typing import Annotated

from fastapi import Depends

from app.core.database import DbSession
from app.modules.audit_log.services import AuditLogService


async def audit_log_service(session: DbSession) -> AuditLogService:
    return AuditLogService(session)


AuditLogs = Annotated[AuditLogService, Depends(audit_log_service)]
