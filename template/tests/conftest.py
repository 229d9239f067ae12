"""Fixtures shared by every test.

Integration tests run against real PostgreSQL and Redis (TEST_DATABASE_URL, TEST_REDIS_URL;
`just test` starts throwaway servers when they are unset). The schema is built once per
session from the real migrations. Each test gets one connection inside a transaction that is
rolled back at the end; the app's sessions join it through SAVEPOINTs, so code under test
may commit.
"""

import secrets
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from asgi_lifespan import LifespanManager
from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient
from pydantic import SecretStr
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    create_async_engine,
)

from app.config import (
    AppSettings,
    AuthSettings,
    DatabaseSettings,
    Environment,
    HttpSettings,
    RateLimitSettings,
    RedisSettings,
    Settings,
)
from app.core.session_hooks import install_session_hooks
from app.features import enabled_feature_names, installed_features
from app.main import create_app
from app.modules.tenants import Tenant
from app.modules.users import User
from tests.factories import create_tenant, create_user
from tests.support.auth import AsUser, bearer
from tests.support.database import prepare_database
from tests.support.hermetic import isolated_from_the_environment
from tests.support.servers import database_url_for_tests, redis_url_for_tests, unreachable_reason
from tests.support.shared_connection import share_connection

TEST_SECRET = "test-secret-key-with-at-least-thirty-two-characters"
# A key that passes the checks of a deployed environment (staging, production).
DEPLOYED_SECRET = secrets.token_urlsafe(48)
GENEROUS = 1_000_000


# With postgres_rls the app connects as a role that owns no table, so every test runs under
# the database's tenant policies; migrations and schema checks keep the owner's URL.
SEPARATE_APP_ROLE = "postgres_rls" in enabled_feature_names()


def app_database_url(owner_url: str) -> str:
    if not SEPARATE_APP_ROLE:
        return owner_url
    from tests.support.app_role import app_role_url  # rendered only with postgres_rls

    return app_role_url(owner_url)


def make_settings(**groups: Any) -> Settings:
    """Settings for tests; pass a group (e.g. `http=HttpSettings(...)`) to override it."""
    url = database_url_for_tests()
    defaults: dict[str, Any] = {
        "app": AppSettings(
            _env_file=None, environment=Environment.TEST, secret_key=SecretStr(TEST_SECRET)
        ),
        # MIGRATION_DATABASE_URL by its alias: the field name alone would be ignored.
        "database": DatabaseSettings(
            _env_file=None, url=app_database_url(url), MIGRATION_DATABASE_URL=url
        ),
        "redis": RedisSettings(_env_file=None, url=redis_url_for_tests()),
        "auth": AuthSettings(
            _env_file=None, argon2_time_cost=1, argon2_memory_cost=1024, argon2_parallelism=1
        ),
        "http": HttpSettings(_env_file=None),
        # Budgets no test reaches; the rate-limit tests pass their own strict ones.
        "rate_limit": RateLimitSettings(
            _env_file=None,
            requests=GENEROUS,
            auth_requests=GENEROUS,
            plan_free=GENEROUS,
            plan_pro=GENEROUS,
            plan_enterprise=GENEROUS,
        ),
    }
    defaults.update(groups)
    return Settings(**defaults)


@pytest.fixture(scope="session", autouse=True)
def session_hooks() -> None:
    """The listeners `create_app()` installs, for the tests that use sessions without an app."""
    install_session_hooks(installed_features())


@pytest.fixture(scope="session", autouse=True)
def hermetic_settings() -> Iterator[None]:
    """No test reads `.env` or the shell's settings variables (see tests/support/hermetic.py)."""
    with isolated_from_the_environment():
        yield


@pytest.fixture(scope="session")
def servers() -> None:
    reason = unreachable_reason()
    if reason:
        pytest.exit(reason, returncode=3)


@pytest.fixture(scope="session")
def settings(servers: None) -> Settings:
    prepare_database(database_url_for_tests())
    if SEPARATE_APP_ROLE:
        from tests.support.app_role import prepare_app_role

        prepare_app_role(database_url_for_tests())
    return make_settings()


@pytest.fixture(scope="session")
async def engine(settings: Settings) -> AsyncIterator[AsyncEngine]:
    engine = create_async_engine(settings.database.url, pool_size=5, max_overflow=5)
    yield engine
    await engine.dispose()


@pytest.fixture
async def connection(engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    """One connection per test, inside a transaction that is always rolled back."""
    async with engine.connect() as connection:
        transaction = await connection.begin()
        yield connection
        if transaction.is_active:
            await transaction.rollback()


@pytest.fixture
async def db(connection: AsyncConnection) -> AsyncIterator[AsyncSession]:
    session = AsyncSession(
        bind=connection, expire_on_commit=False, join_transaction_mode="create_savepoint"
    )
    yield session
    await session.close()


@pytest.fixture
async def redis(settings: Settings) -> AsyncIterator[Redis]:
    client = Redis.from_url(settings.redis.url)
    await client.flushdb()
    yield client
    await client.flushdb()
    await client.aclose()


@pytest.fixture
async def app(
    settings: Settings, connection: AsyncConnection, redis: Redis
) -> AsyncIterator[FastAPI]:
    """The real app; its sessions join the test's rolled-back transaction."""
    application = create_app(settings)
    async with LifespanManager(application):
        share_connection(application, connection)
        yield application


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[AsyncClient]:
    transport = ASGITransport(app=app, raise_app_exceptions=False)
    async with AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


@pytest.fixture
async def tenant(db: AsyncSession) -> Tenant:
    return await create_tenant(db, "Tenant A")


@pytest.fixture
async def other_tenant(db: AsyncSession) -> Tenant:
    return await create_tenant(db, "Tenant B")


@pytest.fixture
async def owner(db: AsyncSession, tenant: Tenant) -> User:
    return await create_user(db, tenant, roles=["owner"])


@pytest.fixture
def as_user(app: FastAPI) -> AsUser:
    """Authorization headers for a user: `client.get(url, headers=as_user(owner))`."""
    return lambda user: bearer(app, user)
