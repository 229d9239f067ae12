"""Tenants get unique, readable slugs and can be renamed and deleted."""

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.errors import NotFoundError
from app.core.permissions import Role
from app.core.tenancy import Plan
from app.modules.tenants import TenantService, TenantUpdate
from app.modules.tenants.services import slugify
from tests.factories import create_tenant

pytestmark = pytest.mark.integration


@pytest.mark.parametrize(
    ("name", "slug"),
    [("Acme Corp", "acme-corp"), ("  Ünïcode & Co!! ", "n-code-co"), ("!!!", "tenant")],
)
def test_slugs_are_lowercase_ascii_words(name: str, slug: str) -> None:
    assert slugify(name) == slug


async def test_a_new_tenant_gets_a_slug_and_its_default_roles(db: AsyncSession) -> None:
    tenant = await TenantService(db).create("Acme Corp", Plan.PRO)
    assert tenant.slug.startswith("acme-corp")
    assert tenant.plan == "pro"
    roles = set(await db.scalars(select(Role.name).where(Role.tenant_id == tenant.id)))
    assert roles == {"owner", "admin", "member", "viewer"}


async def test_a_taken_slug_gets_a_random_suffix(db: AsyncSession) -> None:
    await create_tenant(db, "Acme")
    tenant = await TenantService(db).create("Acme")
    assert tenant.slug.startswith("acme-")
    assert len(tenant.slug) == len("acme-") + 6


async def test_a_tenant_can_be_renamed(db: AsyncSession) -> None:
    tenant = await create_tenant(db)
    renamed = await TenantService(db).update(tenant.id, TenantUpdate(name=" New name "))
    assert renamed.name == "New name"


async def test_an_empty_update_changes_nothing(db: AsyncSession) -> None:
    tenant = await create_tenant(db, "Same")
    assert (await TenantService(db).update(tenant.id, TenantUpdate())).name == "Same"


async def test_deleting_a_tenant_removes_it(db: AsyncSession) -> None:
    tenant = await create_tenant(db)
    service = TenantService(db)
    await service.delete(tenant.id)
    with pytest.raises(NotFoundError):
        await service.get(tenant.id)
    with pytest.raises(NotFoundError):
        await service.delete(tenant.id)
