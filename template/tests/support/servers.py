"""Where the test servers are, and a one-line hint when they are not there."""

import asyncio
import os

import asyncpg
from redis.asyncio import Redis
from sqlalchemy.engine import make_url

from app.config import to_asyncpg_url

DEFAULT_DATABASE_URL = "postgresql+asyncpg://postgres:postgres@localhost:5432/app_test"
DEFAULT_REDIS_URL = "redis://localhost:6379/15"
HINT = "run them with `just test` (it starts servers) or set TEST_DATABASE_URL / TEST_REDIS_URL"


def database_url_for_tests() -> str:
    return to_asyncpg_url(os.environ.get("TEST_DATABASE_URL", DEFAULT_DATABASE_URL))


def redis_url_for_tests() -> str:
    return os.environ.get("TEST_REDIS_URL", DEFAULT_REDIS_URL)


def unreachable_reason() -> str | None:
    """None when PostgreSQL and Redis answer, else a one-line explanation."""
    return asyncio.run(_probe())


async def _probe() -> str | None:
    database_url = database_url_for_tests()
    safe = make_url(database_url).set(database="postgres").render_as_string()
    try:
        connection = await asyncpg.connect(
            make_url(database_url)
            .set(drivername="postgresql", database="postgres")
            .render_as_string(hide_password=False),
            timeout=5,
        )
        await connection.close()
    except (OSError, asyncpg.PostgresError, TimeoutError) as exc:
        return f"PostgreSQL unreachable at {safe} ({type(exc).__name__}): {HINT}"
    redis = Redis.from_url(redis_url_for_tests(), socket_connect_timeout=5)
    try:
        await redis.ping()
    except Exception as exc:  # noqa: BLE001 - any failure means unreachable
        return f"Redis unreachable at {redis_url_for_tests()} ({type(exc).__name__}): {HINT}"
    finally:
        await redis.aclose()
    return None
