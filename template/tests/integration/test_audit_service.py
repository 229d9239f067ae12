"""Manual audit entries: context filled in, JSON-safe, secrets redacted, tenant required."""

from uuid import uuid4

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.audit import AuditService
from app.core.context import RequestContext, bind_context
from app.core.database import TenantContextRequired, set_tenant
from app.modules.tenants import Tenant
from tests.factories import create_user
from tests.support.audit import audit_entries

pytestmark = pytest.mark.integration


async def test_an_entry_takes_tenant_actor_and_origin_from_the_context(
    db: AsyncSession, tenant: Tenant
) -> None:
    actor = await create_user(db, tenant)
    report = uuid4()
    context = RequestContext(
        request_id="req-9", tenant_id=tenant.id, user_id=actor.id, client_ip="198.51.100.4"
    )
    db.info.pop("tenant_id", None)
    with bind_context(context):
        await AuditService(db).log(
            "export", "reports", report, {"report": report, "rows": 3, "api_token": "t0k3n"}
        )
    [entry] = await audit_entries(db, tenant.id, action="export")
    assert (entry.actor_id, entry.request_id) == (actor.id, "req-9")
    assert entry.ip_address == "198.51.100.4"
    assert entry.resource_id == str(report)
    assert entry.details == {"report": str(report), "rows": 3, "api_token": "[redacted]"}


async def test_an_entry_for_another_tenant_than_the_sessions_is_written_there(
    db: AsyncSession, tenant: Tenant, other_tenant: Tenant
) -> None:
    set_tenant(db, tenant.id)
    await AuditService(db).log("notice", "tenants", other_tenant.id, tenant_id=other_tenant.id)
    assert len(await audit_entries(db, other_tenant.id, action="notice")) == 1
    assert await audit_entries(db, tenant.id, action="notice") == []


async def test_an_entry_without_any_tenant_is_refused(db: AsyncSession) -> None:
    db.info.pop("tenant_id", None)
    with pytest.raises(TenantContextRequired):
        await AuditService(db).log("export", "reports")
