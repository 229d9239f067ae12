"""Reading rows of a tenant the test's session is not scoped to.

Under the database wall (postgres_rls) no session sees two tenants at once, and
`bypass_tenant` lifts only the ORM filter. Tests therefore do what the app does: find the
tenant (by a crossing, for an email), then read inside it with `in_tenant`.
"""

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.database import in_tenant
from app.modules.users import User
from app.modules.users.repos.users import TENANT_OF_EMAIL


async def user_with_email(db: AsyncSession, email: str) -> User | None:
    """The user with `email`, in whichever tenant; the session's tenant is left as it was."""
    tenant_id = await TENANT_OF_EMAIL.ask(db, email)
    if tenant_id is None:
        return None
    with in_tenant(db, tenant_id):
        user: User | None = await db.scalar(
            select(User).where(User.email == email).execution_options(populate_existing=True)
        )
    return user


async def users_with_email(db: AsyncSession, email: str) -> int:
    """0 or 1: emails are unique across tenants."""
    return 0 if await user_with_email(db, email) is None else 1
