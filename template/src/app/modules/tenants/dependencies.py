"""The tenants module's route dependencies (every module keeps them in `dependencies.py`)."""

from typing import Annotated

from fastapi import Depends

from app.core.cache import AppCache
from app.core.database import DbSession
from app.modules.tenants.services import TenantService


async def tenant_service(session: DbSession, cache: AppCache) -> TenantService:
    return TenantService(session, cache)


Tenants = Annotated[TenantService, Depends(tenant_service)]
