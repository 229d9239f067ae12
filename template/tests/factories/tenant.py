from uuid import uuid4

from faker import Faker
from polyfactory import Use
from polyfactory.factories.sqlalchemy_factory import SQLAlchemyFactory
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.tenancy import Plan
from app.modules.tenants import Tenant, TenantService

fake = Faker()


class TenantFactory(SQLAlchemyFactory[Tenant]):
    __check_model__ = False
    __set_relationships__ = False

    name = Use(fake.company)
    slug = Use(lambda: f"t-{uuid4().hex[:12]}")
    plan = Plan.FREE.value
    is_active = True


async def create_tenant(
    session: AsyncSession, name: str | None = None, plan: Plan = Plan.FREE
) -> Tenant:
    """A tenant with its default roles, created the way the service creates them."""
    return await TenantService(session).create(name or TenantFactory.build().name, plan)
