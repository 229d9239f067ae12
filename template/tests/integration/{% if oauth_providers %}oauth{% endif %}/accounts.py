"""The provider accounts linked to users, read in whichever tenant holds them."""

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.database import in_tenant
from app.modules.users.models import OAuthAccount
from app.modules.users.repos.oauth_accounts import TENANT_OF_ACCOUNT


async def linked_accounts(
    db: AsyncSession, subject: str, provider: str = "mock"
) -> list[OAuthAccount]:
    tenant_id = await TENANT_OF_ACCOUNT.ask(db, provider, subject)
    if tenant_id is None:
        return []
    with in_tenant(db, tenant_id):
        found = await db.scalars(
            select(OAuthAccount).where(
                OAuthAccount.provider == provider, OAuthAccount.subject == subject
            )
        )
        return list(found)
