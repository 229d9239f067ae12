"""Manual audit entries: security events and changes the automatic capture cannot see.

`log()` writes the entry in the caller's session, so it commits or rolls back with the
caller's work. An event that must outlive a failing request (a failed login, a replayed
refresh token) is committed by the caller before it raises, as `SignInTokens` does.
"""

from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from app.core.audit.models import AuditLog
from app.core.audit.values import json_safe, looks_secret, redacted
from app.core.context import current_context
from app.core.database import TenantContextRequired, in_tenant, session_tenant


class AuditService:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def log(
        self,
        action: str,
        resource_type: str,
        resource_id: str | UUID | None = None,
        details: dict[str, Any] | None = None,
        *,
        tenant_id: UUID | None = None,
        actor_id: UUID | None = None,
        changes: dict[str, Any] | None = None,
    ) -> AuditLog:
        """Record `action` on a resource; who, where and which tenant default to the context.

        Pass `tenant_id` and `actor_id` when the request does not know them yet (sign-in).
        """
        context = current_context()
        tenant = (
            tenant_id or session_tenant(self.session) or (context.tenant_id if context else None)
        )
        if tenant is None:
            raise TenantContextRequired(f"Audit entry {action!r} without a tenant")
        entry = AuditLog(
            tenant_id=tenant,
            actor_id=actor_id or (context.user_id if context else None),
            action=action,
            resource_type=resource_type,
            resource_id=None if resource_id is None else str(resource_id),
            ip_address=context.client_ip if context else None,
            user_agent=context.user_agent if context else None,
            request_id=context.request_id if context else None,
            changes=_json_object(changes),
            details=_json_object(details),
            created_at=datetime.now(UTC),
        )
        await self.session.flush()  # rows the entry refers to (its tenant, its actor) go first
        self.session.add(entry)
        if tenant == session_tenant(self.session):
            await self.session.flush()
        else:
            # Sign-in events are written before the session has a tenant (or for another
            # tenant than its own): the flush runs in the entry's tenant, then switches back.
            with in_tenant(self.session, tenant):
                await self.session.flush()
        return entry


def _json_object(value: dict[str, Any] | None) -> dict[str, Any] | None:
    """JSON-safe, with the values of secret-looking keys (`token`, `password`) redacted."""
    if value is None:
        return None
    return {
        str(key): redacted(item) if looks_secret(str(key)) else json_safe(item)
        for key, item in value.items()
    }
