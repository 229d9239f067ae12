from uuid import UUID

from sqlalchemy import delete, exists, select
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

    async def delete(self, user_id: UUID) -> bool:
        result = await self.session.execute(
            delete(User).where(User.id == user_id).returning(User.id)
        )
        return result.scalar_one_or_none() is not None
