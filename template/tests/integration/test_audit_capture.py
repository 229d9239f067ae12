"""Writes to `__audit__` models leave an audit entry in the same transaction."""

from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.audit import REDACTED, AuditLog
from app.core.context import RequestContext, bind_context
from app.core.database import bypass_tenant, database_wall, in_tenant, set_tenant
from app.core.permissions import Permission
from app.core.session_hooks import install_session_hooks
from app.modules.tenants import Tenant
from app.modules.users.models import RefreshToken
from tests.factories import UserFactory, create_tenant, create_user
from tests.support.audit import audit_entries

pytestmark = pytest.mark.integration


async def test_an_update_writes_one_entry_with_old_and_new_values(
    db: AsyncSession, tenant: Tenant
) -> None:
    user = await create_user(db, tenant, full_name="Old Name")
    user.full_name = "New Name"
    user.is_active = False
    await db.flush()
    [entry] = await audit_entries(db, tenant.id, action="update", resource_id=str(user.id))
    assert entry.resource_type == "users"
    assert entry.changes == {
        "full_name": {"old": "Old Name", "new": "New Name"},
        "is_active": {"old": True, "new": False},
    }


async def test_a_password_change_is_recorded_without_the_hash(
    db: AsyncSession, tenant: Tenant
) -> None:
    user = await create_user(db, tenant)
    old_hash = user.password_hash
    user.password_hash = "$argon2id$new-hash"
    await db.flush()
    [entry] = await audit_entries(db, tenant.id, action="update", resource_id=str(user.id))
    assert entry.changes == {"password_hash": {"old": REDACTED, "new": REDACTED}}
    assert old_hash is not None
    assert old_hash not in str(entry.changes)
    assert "new-hash" not in str(entry.changes)


async def test_an_update_that_changes_nothing_writes_no_entry(
    db: AsyncSession, tenant: Tenant
) -> None:
    user = await create_user(db, tenant, full_name="Same")
    user.full_name = "Same"
    user.last_login_at = datetime.now(UTC)  # bookkeeping the login event already records
    await db.flush()
    assert await audit_entries(db, tenant.id, action="update") == []


async def test_a_create_records_the_new_row_and_its_id(db: AsyncSession, tenant: Tenant) -> None:
    set_tenant(db, tenant.id)
    user = UserFactory.build(id=None, tenant_id=None, full_name="Fresh", last_login_at=None)
    db.add(user)
    await db.flush()
    [entry] = await audit_entries(db, tenant.id, action="create", resource_type="users")
    assert entry.resource_id == str(user.id)
    assert entry.changes is not None
    assert entry.changes["full_name"] == {"old": None, "new": "Fresh"}
    assert entry.changes["password_hash"] == {"old": None, "new": REDACTED}
    assert "tenant_id" not in entry.changes
    assert "last_login_at" not in entry.changes


async def test_a_delete_records_the_last_values(db: AsyncSession, tenant: Tenant) -> None:
    user = await create_user(db, tenant, full_name="Leaving")
    await db.delete(user)
    await db.flush()
    [entry] = await audit_entries(db, tenant.id, action="delete")
    assert entry.resource_id == str(user.id)
    assert entry.changes is not None
    assert entry.changes["full_name"] == {"old": "Leaving", "new": None}
    assert entry.changes["password_hash"] == {"old": REDACTED, "new": None}


async def test_a_new_tenant_is_recorded_in_its_own_trail(db: AsyncSession) -> None:
    tenant = await create_tenant(db, "Fresh Co")
    [entry] = await audit_entries(db, tenant.id, action="create", resource_type="tenants")
    assert entry.resource_id == str(tenant.id)
    assert entry.changes is not None
    assert entry.changes["name"] == {"old": None, "new": "Fresh Co"}
    roles = await audit_entries(db, tenant.id, action="create", resource_type="roles")
    assert len(roles) == 4


async def test_a_tenant_deleted_through_the_orm_takes_its_trail_with_it(db: AsyncSession) -> None:
    tenant = await create_tenant(db, "Short Lived")
    with bypass_tenant(db):
        await db.delete(tenant)
        await db.flush()
    assert await audit_entries(db, tenant.id) == []


async def test_entries_carry_who_acted_and_from_where(db: AsyncSession, tenant: Tenant) -> None:
    actor = await create_user(db, tenant)
    user = await create_user(db, tenant)
    context = RequestContext(
        request_id="req-123", user_id=actor.id, client_ip="203.0.113.7", user_agent="pytest"
    )
    with bind_context(context):
        user.full_name = "Renamed"
        await db.flush()
    [entry] = await audit_entries(db, tenant.id, action="update")
    assert (entry.actor_id, entry.request_id) == (actor.id, "req-123")
    assert (entry.ip_address, entry.user_agent) == ("203.0.113.7", "pytest")


async def test_a_bypass_session_records_the_objects_own_tenant(
    db: AsyncSession, tenant: Tenant, other_tenant: Tenant
) -> None:
    theirs = await create_user(db, other_tenant)
    set_tenant(db, tenant.id)
    with in_tenant(db, other_tenant.id):
        theirs.full_name = "Changed Across Tenants"
        await db.flush()
    assert await audit_entries(db, tenant.id, action="update") == []
    [entry] = await audit_entries(db, other_tenant.id, action="update")
    assert entry.resource_id == str(theirs.id)


async def test_entries_roll_back_with_the_change(db: AsyncSession, tenant: Tenant) -> None:
    user = await create_user(db, tenant, full_name="Kept")
    savepoint = await db.begin_nested()
    user.full_name = "Discarded"
    await db.flush()
    await savepoint.rollback()
    assert await audit_entries(db, tenant.id, action="update") == []


async def test_installing_the_hooks_again_still_writes_one_entry(
    db: AsyncSession, tenant: Tenant
) -> None:
    install_session_hooks()
    install_session_hooks()
    user = await create_user(db, tenant)
    user.full_name = "Once"
    await db.flush()
    assert len(await audit_entries(db, tenant.id, action="update")) == 1


async def test_models_without_the_flag_are_not_audited(db: AsyncSession, tenant: Tenant) -> None:
    user = await create_user(db, tenant)
    now = datetime.now(UTC)
    db.add(
        RefreshToken(
            user_id=user.id,
            family_id=uuid4(),
            token_hash=uuid4().hex,
            created_at=now,
            expires_at=now + timedelta(days=1),
        )
    )
    await db.flush()
    types = {entry.resource_type for entry in await audit_entries(db, tenant.id)}
    assert "refresh_tokens" not in types
    assert await db.scalar(select(AuditLog).where(AuditLog.resource_type == "audit_logs")) is None


async def test_an_audited_table_without_tenant_id_uses_the_session_tenant(
    db: AsyncSession, tenant: Tenant, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_tenant(db, tenant.id)
    tenant.name = "Renamed"  # `tenants` has no tenant_id column
    await db.flush()
    [entry] = await audit_entries(db, tenant.id, resource_type="tenants", action="update")
    assert entry.changes is not None
    assert entry.changes["name"]["new"] == "Renamed"
    if database_wall():
        return  # the runtime role may not write a global table such as `permissions`

    monkeypatch.setattr(Permission, "__audit__", True, raising=False)
    db.info.pop("tenant_id", None)
    db.add(Permission(resource="reports", action="share"))
    await db.flush()  # nowhere to record it: logged, never a failed write
    assert await audit_entries(db, tenant.id, resource_type="permissions") == []
