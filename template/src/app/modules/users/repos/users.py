from uuid import UUID

from sqlalchemy import exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.database import bypass_tenant
from app.core.pagination import Page, fetch_page
from app.modules.users.models import User


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
        """Sign-in happens before the tenant is known: a documented tenant bypass."""
        with bypass_tenant(self.session):
            return await self.session.scalar(select(User).where(User.email == email))

    async def email_taken(self, email: str) -> bool:
        with bypass_tenant(self.session):  # emails are unique across tenants
            return bool(await self.session.scalar(select(exists().where(User.email == email))))

    async def page(self, page: Page) -> tuple[list[User], int]:
        return await fetch_page(self.session, select(User).order_by(User.created_at, User.id), page)

    async def delete(self, user: User) -> None:
        """Through the unit of work (not a DELETE statement), so the audit trail sees it."""
        await self.session.delete(user)
        await self.session.flush()
