from collections.abc import Sequence
from uuid import uuid4

from faker import Faker
from polyfactory import Use
from polyfactory.factories.sqlalchemy_factory import SQLAlchemyFactory
from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.config import AuthSettings
from app.core.auth import Passwords
from app.core.database import set_tenant
from app.core.permissions import Role, UserRole
from app.modules.tenants import Tenant
from app.modules.users import User

fake = Faker()
DEFAULT_PASSWORD = "correct horse battery staple"
_passwords = Passwords(
    AuthSettings(_env_file=None, argon2_time_cost=1, argon2_memory_cost=1024, argon2_parallelism=1)
)
_default_hash = _passwords.hash_blocking(DEFAULT_PASSWORD)


class UserFactory(SQLAlchemyFactory[User]):
    __check_model__ = False
    __set_relationships__ = False

    email = Use(lambda: f"{uuid4().hex[:12]}@example.com")
    full_name = Use(fake.name)
    password_hash = _default_hash
    is_active = True
    is_superuser = False
    last_login_at = None


async def create_user(
    session: AsyncSession,
    tenant: Tenant,
    roles: Sequence[str] = ("member",),
    password: str | None = None,
    **fields: object,
) -> User:
    """A user of `tenant` with the given roles; the session is switched to that tenant."""
    set_tenant(session, tenant.id)
    if password is not None:
        fields["password_hash"] = await _passwords.hash(password)
    user = UserFactory.build(tenant_id=tenant.id, **fields)
    session.add(user)
    await session.flush()
    if roles:
        role_ids = await session.scalars(select(Role.id).where(Role.name.in_(roles)))
        await session.execute(
            insert(UserRole),
            [
                {"tenant_id": tenant.id, "user_id": user.id, "role_id": role_id}
                for role_id in role_ids
            ],
        )
    return user
