"""Process-wide resources, opened and closed by the application lifespan."""

from dataclasses import dataclass

from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from app.config import Settings
from app.core.database import create_engine, create_sessionmaker
from app.core.database.reads import TenantReads
from app.core.redis import create_redis


@dataclass(slots=True)
class Resources:
    engine: AsyncEngine
    sessionmaker: async_sessionmaker[AsyncSession]
    reads: TenantReads  # reads that skip the session, on the same pool
    redis: Redis

    @classmethod
    def open(cls, settings: Settings) -> "Resources":
        """Create the pools. Connections open lazily: a down server does not block start-up."""
        engine = create_engine(settings.database, application_name=settings.app.app_name)
        return cls(
            engine=engine,
            sessionmaker=create_sessionmaker(engine),
            reads=TenantReads(engine),
            redis=create_redis(settings.redis),
        )

    async def close(self) -> None:
        await self.redis.aclose()
        await self.engine.dispose()
