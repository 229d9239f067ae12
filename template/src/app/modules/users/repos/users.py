from uuid import UUID

from sqlalchemy import exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.database import Crossing, set_tenant
from app.core.pagination import Page, fetch_page
from app.modules.users.models import User

TENANT_OF_EMAIL = Crossing(
    "app_tenant_of_email", lambda email: select(User.tenant_id).where(User.email == email)
)
EMAIL_TAKEN = Crossing("app_email_taken", lambda email: select(exists().where(User.email == email)))


class UserRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, user: User) -> User:
        self.session.add(user)
        await self.session.flush()
        return user

    async def get(self, user_id: UUID) -> User | None:
        return await self.session.get(User, user_id)

    async def find_by_email_in_any_tenant(self, email: str) -> User | None:
        """Sign-in happens before the tenant is known: a crossing names it, and the session
        switches to it (the user's tenant is the one the sign-in continues in)."""
        tenant_id = await TENANT_OF_EMAIL.ask(self.session, email)
        if tenant_id is None:
            return None
        set_tenant(self.session, tenant_id)
        return await self.session.scalar(select(User).where(User.email == email))

    async def in_this_tenant_with_email(self, email: str) -> User | None:
        """The session tenant's user with `email`; other tenants' users stay invisible."""
        return await self.session.scalar(select(User).where(User.email == email))

    async def email_taken(self, email: str) -> bool:
        """Emails are unique across tenants: a crossing that answers yes or no."""
        return bool(await EMAIL_TAKEN.ask(self.session, email))

    async def page(self, page: Page) -> tuple[list[User], int]:
        return await fetch_page(self.session, select(User).order_by(User.created_at, User.id), page)

    async def delete(self, user: User) -> None:
        """Through the unit of work (not a DELETE statement), so the audit trail sees it."""
        await self.session.delete(user)
        await self.session.flush()
