"""The caller's own tenant under /tenants/current; all tenants for platform superusers."""

from typing import Annotated

from app.core.auth import Actor
from app.core.pagination import PageContent, PageParams, PaginatedResponse, paginated
from app.core.permissions import Superuser, require_permission
from app.core.routing import AgencyRouter
from app.modules.tenants.dependencies import Tenants
from app.modules.tenants.models import Tenant
from app.modules.tenants.schemas import TenantRead, TenantUpdate

router = AgencyRouter(prefix="/tenants", tags=["tenants"])


@router.get("/current", response_model=TenantRead, summary="Your tenant")
async def read_current_tenant(
    tenants: Tenants, actor: Annotated[Actor, require_permission("tenants", "read")]
) -> TenantRead:
    return await tenants.read(actor.tenant_id)


@router.patch("/current", response_model=TenantRead, summary="Rename your tenant")
async def update_current_tenant(
    changes: TenantUpdate,
    tenants: Tenants,
    actor: Annotated[Actor, require_permission("tenants", "update")],
) -> Tenant:
    return await tenants.update(actor.tenant_id, changes)


@router.delete(
    "/current",
    response_model=None,
    status_code=204,
    summary="Delete your tenant and everything in it (owners only)",
)
async def delete_current_tenant(
    tenants: Tenants, actor: Annotated[Actor, require_permission("tenants", "delete")]
) -> None:
    await tenants.delete(actor.tenant_id)


@router.get(
    "",
    response_model=PaginatedResponse[TenantRead],
    summary="Every tenant on the platform (superusers only)",
)
async def list_tenants(
    page: PageParams, tenants: Tenants, actor: Annotated[Actor, Superuser]
) -> PageContent:
    items, total = await tenants.list_all(actor.user_id, page)
    return paginated(items, total, page)
