"""Server-level chores (create a database) for scripts and the test suite, never the app."""

import asyncpg
from sqlalchemy.engine import make_url


def _plain_dsn(url: str, database: str | None = None) -> str:
    parsed = make_url(url).set(drivername="postgresql")
    if database is not None:
        parsed = parsed.set(database=database)
    return parsed.render_as_string(hide_password=False)


async def ensure_database(url: str) -> bool:
    """Create the database named in `url` if it is missing; return True if it was created."""
    name = make_url(url).database
    if not name:
        msg = f"No database name in {make_url(url).render_as_string()}"
        raise ValueError(msg)
    connection = await asyncpg.connect(_plain_dsn(url, "postgres"))
    try:
        exists = await connection.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name)
        if exists:
            return False
        quoted = '"' + name.replace('"', '""') + '"'
        try:
            await connection.execute(f"CREATE DATABASE {quoted}")
        except asyncpg.DuplicateDatabaseError:
            return False  # created concurrently by another process
        return True
    finally:
        await connection.close()


async def reset_schema(url: str) -> None:
    """Drop and recreate the `public` schema: a scratch database back to empty."""
    connection = await asyncpg.connect(_plain_dsn(url))
    try:
        await connection.execute("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;")
    finally:
        await connection.close()
