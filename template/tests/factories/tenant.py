from uuid import uuid4

from faker import Faker
from polyfactory import Use
from polyfactory.factories.sqlalchemy_factory import SQLAlchemyFactory
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.tenancy import Plan
from app.modules.tenants import Tenant

fake = Faker()


class TenantFactory(SQLAlchemyFactory[Tenant]):
    __check_model__ = False
    __set_relationships__ = False

    name = Use(fake.company)
    slug = Use(lambda: f"t-{uuid4().hex[:12]}")
    plan = Plan.FREE.value
    is_active = True


async def create_tenant(session: AsyncSession, **fields: object) -> Tenant:
    tenant = TenantFactory.build(**fields)
    session.add(tenant)
    await session.flush()
    return tenant
