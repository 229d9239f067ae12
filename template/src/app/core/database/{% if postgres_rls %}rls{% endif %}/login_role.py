"""Create or update the login role the app connects as: a member of `app_runtime`.

Used by `scripts/create_app_role.py` (`just db-app-role`) and by the test suite. It
connects with the owner's URL, because only a role with CREATEROLE may create roles and
only the owner's grants make the runtime group useful.
"""

import asyncpg
from sqlalchemy.engine import URL, make_url

from app.core.database.rls.ddl import RUNTIME_ROLE


class LoginRoleError(RuntimeError):
    """The runtime login role cannot be made safe; the message says what to change."""


def runtime_user(runtime_url: str, owner_url: str) -> str:
    """The runtime URL's user, refused when it is missing or the owner itself."""
    runtime, owner = make_url(runtime_url), make_url(owner_url)
    if not runtime.username:
        msg = "DATABASE_URL names no user: put the app's runtime user in it"
        raise LoginRoleError(msg)
    if runtime.username == owner.username:
        msg = (
            f"DATABASE_URL and MIGRATION_DATABASE_URL both connect as {runtime.username!r}. "
            "The owner of the tables can switch row-level security off (ALTER TABLE) and is "
            "exempt from it unless forced, so the app must connect as a different role: set "
            "DATABASE_URL to a runtime user (e.g. app_runtime_user) and MIGRATION_DATABASE_URL "
            "to the owner."
        )
        raise LoginRoleError(msg)
    return runtime.username


async def ensure_login_role(runtime_url: str, owner_url: str) -> str:
    """Create the runtime URL's user (or update its password); return what was done."""
    name = runtime_user(runtime_url, owner_url)
    password = make_url(runtime_url).password
    connection = await asyncpg.connect(_plain(make_url(owner_url)))
    try:
        async with connection.transaction():
            if not await connection.fetchval(
                "SELECT 1 FROM pg_roles WHERE rolname = $1", RUNTIME_ROLE
            ):
                msg = f"Role {RUNTIME_ROLE} is missing: run the migrations first (`just migrate`)"
                raise LoginRoleError(msg)
            created = await _create_or_alter(connection, name, password)
            await connection.execute(await _sql(connection, "GRANT %I TO %I", RUNTIME_ROLE, name))
            await _check_cannot_bypass(connection, name)
    finally:
        await connection.close()
    return "created" if created else "updated"


async def _create_or_alter(connection: asyncpg.Connection, name: str, password: str | None) -> bool:
    exists = await connection.fetchval("SELECT 1 FROM pg_roles WHERE rolname = $1", name)
    if not exists:
        statement = await _sql(connection, "CREATE ROLE %I LOGIN PASSWORD %L", name, password)
    elif password is None:
        statement = await _sql(connection, "ALTER ROLE %I LOGIN", name)
    else:
        statement = await _sql(connection, "ALTER ROLE %I LOGIN PASSWORD %L", name, password)
    await connection.execute(statement)
    return not exists


async def _sql(connection: asyncpg.Connection, template: str, *values: str | None) -> str:
    """Role statements take no bind parameters: let the server quote names and passwords."""
    placeholders = ", ".join(f"${index}::text" for index in range(2, len(values) + 2))
    statement: str = await connection.fetchval(
        f"SELECT format($1::text, {placeholders})", template, *values
    )
    return statement


async def _check_cannot_bypass(connection: asyncpg.Connection, name: str) -> None:
    row = await connection.fetchrow(
        "SELECT rolsuper, rolbypassrls,"
        " (SELECT count(*) FROM pg_class WHERE relowner = r.oid AND relkind = 'r') AS owned"
        " FROM pg_roles r WHERE rolname = $1",
        name,
    )
    if row["rolsuper"] or row["rolbypassrls"]:
        msg = (
            f"Role {name!r} is a superuser or has BYPASSRLS, so no policy applies to it: "
            f'as a superuser, run ALTER ROLE "{name}" NOSUPERUSER NOBYPASSRLS'
        )
        raise LoginRoleError(msg)
    if row["owned"]:
        msg = (
            f"Role {name!r} owns {row['owned']} table(s) and could switch their policies off: "
            "reassign them to the migration owner (REASSIGN OWNED) or pick another user"
        )
        raise LoginRoleError(msg)


def _plain(url: URL) -> str:
    return url.set(drivername="postgresql").render_as_string(hide_password=False)
