"""What the API shows of users, read straight from the driver into `UserRead`.

Reads skip the ORM session (`app.core.database.reads`): these queries are compiled once,
with the tenant filter built in, and run under row-level security where it is on. Writes
go through the services and the session, which audit them and keep the actor cache true.
"""

from uuid import UUID

from sqlalchemy import bindparam, select

from app.core.database.reads import Row, TenantReads
from app.core.database.tenant_queries import PageQuery, TenantQuery, columns_of
from app.core.errors import NotFoundError
from app.core.pagination import Page
from app.modules.users.models import User
from app.modules.users.schemas import UserRead

USER_COLUMNS = columns_of(User, UserRead)
USERS_PAGE = PageQuery(select(*USER_COLUMNS).order_by(User.created_at, User.id))
USER_BY_ID = TenantQuery(select(*USER_COLUMNS).where(User.id == bindparam("user_id")))


class UserReads:
    def __init__(self, reads: TenantReads, tenant_id: UUID) -> None:
        self.reads = reads
        self.tenant_id = tenant_id

    async def page(self, page: Page) -> tuple[list[Row], int]:
        return await self.reads.page(
            self.tenant_id, USERS_PAGE, limit=page.page_size, offset=page.offset
        )

    async def get(self, user_id: UUID) -> Row:
        """A user of the caller's tenant; another tenant's user is simply not found."""
        user = await self.reads.one(self.tenant_id, USER_BY_ID, user_id=user_id)
        if user is None:
            raise NotFoundError("User not found")
        return user
