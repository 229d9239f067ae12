"""Tenant lifecycle: create (with a unique slug), read, rename, delete with everything in it."""

import re
import secrets
from uuid import UUID, uuid4

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.cache import Cache, cached, invalidate_on_commit, invalidate_tenant_on_commit
from app.core.database import on_commit, set_tenant
from app.core.errors import NotFoundError
from app.core.events import publish
from app.core.pagination import Page
from app.core.permissions import seed_default_roles
from app.core.tenancy import Plan
from app.modules.tenants.events import TenantCreated
from app.modules.tenants.models import Tenant
from app.modules.tenants.repos import TenantRepository
from app.modules.tenants.schemas import TenantRead, TenantUpdate

_NON_SLUG = re.compile(r"[^a-z0-9]+")
SLUG_MAX = 50
CACHE_NAMESPACE = "tenant"
CACHE_TTL_SECONDS = 300

log = structlog.get_logger("app.tenants")


def slugify(name: str) -> str:
    slug = _NON_SLUG.sub("-", name.lower()).strip("-")[:SLUG_MAX].strip("-")
    return slug or "tenant"


def suffixed_slug(name: str) -> str:
    """The name's slug with a random suffix, for when the plain one is taken."""
    return f"{slugify(name)[: SLUG_MAX - 7]}-{secrets.token_hex(3)}"


class TenantService:
    def __init__(self, session: AsyncSession, cache: Cache | None = None) -> None:
        self.session = session
        self.cache = cache
        self.repo = TenantRepository(session)

    async def create(self, name: str, plan: Plan = Plan.FREE) -> Tenant:
        """Create a tenant with its default roles; the session switches to the new tenant."""
        tenant = Tenant(id=uuid4(), name=name.strip(), slug=slugify(name), plan=plan.value)
        set_tenant(self.session, tenant.id)
        # Slugs are unique across all tenants: the unique index decides, also between
        # sign-ups running at the same moment; a taken slug gets a random suffix.
        while not await self.repo.add_if_slug_free(tenant):
            tenant = Tenant(
                id=tenant.id, name=tenant.name, slug=suffixed_slug(name), plan=tenant.plan
            )
        await seed_default_roles(self.session, tenant.id)
        publish(self.session, TenantCreated(tenant.id, tenant.name, tenant.slug, plan))
        return tenant

    async def list_all(self, actor_id: UUID, page: Page) -> tuple[list[Tenant], int]:
        """Every tenant, for the platform superuser `actor_id`."""
        return await self.repo.page_for_superuser(actor_id, page)

    async def get(self, tenant_id: UUID) -> Tenant:
        tenant = await self.repo.get(tenant_id)
        if tenant is None:
            raise NotFoundError("Tenant not found")
        return tenant

    @cached(namespace=CACHE_NAMESPACE, ttl=CACHE_TTL_SECONDS, tenant_arg="tenant_id")
    async def read(self, tenant_id: UUID) -> TenantRead:
        """The tenant as the API shows it; cached, and forgotten when the tenant changes."""
        return TenantRead.model_validate(await self.get(tenant_id))

    async def update(self, tenant_id: UUID, changes: TenantUpdate) -> Tenant:
        tenant = await self.get(tenant_id)
        if changes.name is not None:
            tenant.name = changes.name.strip()
        await self.session.flush()
        invalidate_on_commit(self.session, self.cache, CACHE_NAMESPACE, tenant_id=tenant_id)
        return tenant

    async def delete(self, tenant_id: UUID) -> None:
        """Delete the tenant; foreign keys cascade to every row it owns, its audit trail
        included, so the deletion is recorded in the log (which carries the request's user)
        once it has committed."""
        if not await self.repo.delete(tenant_id):
            raise NotFoundError("Tenant not found")
        invalidate_tenant_on_commit(self.session, self.cache, tenant_id)

        async def record() -> None:
            log.warning("tenant_deleted", deleted_tenant_id=str(tenant_id))

        on_commit(self.session, record)
