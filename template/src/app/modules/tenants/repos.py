"""Tenant persistence. Tenants are the scope, so their own table is filtered by id."""

from uuid import UUID

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from app.core.database import database_wall
from app.core.pagination import Page, fetch_page
from app.modules.tenants.models import Tenant

SLUG_CONSTRAINT = "uq_tenants_slug"


class TenantRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add_if_slug_free(self, tenant: Tenant) -> bool:
        """Insert `tenant`, or return False if its slug is taken, even by a tenant that is
        not committed yet: the unique index decides, inside a savepoint."""
        try:
            async with self.session.begin_nested():
                self.session.add(tenant)
        except IntegrityError as error:
            if SLUG_CONSTRAINT not in str(error.orig):
                raise
            return False
        return True

    async def get(self, tenant_id: UUID) -> Tenant | None:
        return await self.session.get(Tenant, tenant_id)

    async def page_for_superuser(self, actor_id: UUID, page: Page) -> tuple[list[Tenant], int]:
        """Every tenant, for a platform superuser. Under the database wall the runtime role
        sees one tenant, so the list comes from a crossing function that answers only when
        `actor_id` is an active superuser; without it, from the table."""
        every = Tenant
        if database_wall():
            columns = Tenant.__table__.columns.keys()
            rows = func.app_platform_tenants(actor_id).table_valued(*columns)
            every = aliased(Tenant, rows.alias("platform_tenants"), adapt_on_names=True)
        return await fetch_page(
            self.session, select(every).order_by(every.created_at, every.id), page
        )

    async def delete(self, tenant_id: UUID) -> bool:
        result = await self.session.execute(
            delete(Tenant).where(Tenant.id == tenant_id).returning(Tenant.id)
        )
        return result.scalar_one_or_none() is not None
