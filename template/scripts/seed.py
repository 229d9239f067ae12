"""Seed data: `just seed` (demo) or `just seed-scenario load --users 50`.

demo  Two tenants, each with one user per default role (owner, admin, member, viewer),
      all with the same password; prints the credentials. Idempotent.
load  One tenant with many members (for benchmarks); prints the owner's credentials.
"""

import argparse
import asyncio
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from app.config import get_settings
from app.core.audit import AuditService
from app.core.auth import Passwords
from app.core.database import create_engine, create_sessionmaker, set_tenant
from app.core.permissions import SYSTEM_ROLES
from app.main import create_app
from app.modules.tenants import Tenant, TenantService
from app.modules.users import User
from app.modules.users.repos import RoleRepository, UserRepository
from app.modules.users.services.roles import record_role_change

DEMO_PASSWORD = "demo-password-change-me"  # noqa: S105 - printed demo credentials, by design
DEMO_TENANTS = ("Acme Demo", "Globex Demo")


@dataclass
class Credential:
    tenant: str
    role: str
    email: str
    password: str


async def add_user(
    session: AsyncSession, passwords: Passwords, tenant: Tenant, *, email: str, role: str
) -> Credential:
    users, roles = UserRepository(session), RoleRepository(session)
    set_tenant(session, tenant.id)
    user = await users.add(
        User(
            email=email,
            full_name=f"{role.title()} of {tenant.name}",
            password_hash=await passwords.hash(DEMO_PASSWORD),
        )
    )
    await roles.replace_user_roles(user.id, await roles.by_names([role]))
    await record_role_change(AuditService(session), user.id, [], [role])
    return Credential(tenant.name, role, email, DEMO_PASSWORD)


async def demo(session: AsyncSession, passwords: Passwords) -> list[Credential]:
    credentials = []
    for name in DEMO_TENANTS:
        domain = name.lower().replace(" ", "-") + ".example.com"
        if await UserRepository(session).email_taken(f"owner@{domain}"):
            credentials += [
                Credential(name, role, f"{role}@{domain}", DEMO_PASSWORD) for role in SYSTEM_ROLES
            ]
            continue
        tenant = await TenantService(session).create(name)
        for role in SYSTEM_ROLES:
            credentials.append(
                await add_user(session, passwords, tenant, email=f"{role}@{domain}", role=role)
            )
    return credentials


async def load(session: AsyncSession, passwords: Passwords, users: int) -> list[Credential]:
    tenant = await TenantService(session).create("Load Test")
    owner = await add_user(
        session, passwords, tenant, email=f"owner@{tenant.slug}.example.com", role="owner"
    )
    member_hash = await passwords.hash(DEMO_PASSWORD)
    repo = UserRepository(session)
    for number in range(users - 1):
        await repo.add(
            User(
                email=f"member{number}@{tenant.slug}.example.com",
                full_name=f"Member {number}",
                password_hash=member_hash,
            )
        )
    return [owner]


async def main(scenario: str, users: int) -> None:
    settings = get_settings()
    # Building the app installs the session hooks the features rely on (row-level
    # security, audit capture), exactly as in the running service.
    create_app(settings)
    engine = create_engine(settings.database)
    try:
        async with create_sessionmaker(engine)() as session, session.begin():
            passwords = Passwords(settings.auth)
            credentials = (
                await demo(session, passwords)
                if scenario == "demo"
                else await load(session, passwords, users)
            )
    finally:
        await engine.dispose()
    print(f"{'tenant':<16} {'role':<8} {'email':<40} password")
    for c in credentials:
        print(f"{c.tenant:<16} {c.role:<8} {c.email:<40} {c.password}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scenario", choices=["demo", "load"], default="demo")
    parser.add_argument("--users", type=int, default=50, help="users in the load scenario")
    arguments = parser.parse_args()
    asyncio.run(main(arguments.scenario, arguments.users))
