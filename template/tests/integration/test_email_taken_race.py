"""An email taken by a request running alongside gets the answer of the email pre-check.

The pre-check (`email_taken`) sees committed users only. A sign-up holding the same
address, not committed yet, passes it by: the insert then waits on the unique index and
fails once the other commits. The client must not learn about that timing: it gets the
very problem (status, type, title, detail) the pre-check gives a moment later.

Two real transactions on two connections, so the app commits for real (`committed_app`)
and the test deletes what it created.
"""

import asyncio
import secrets
from collections.abc import AsyncIterator, Awaitable
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import pytest
from fastapi import FastAPI
from httpx import Response
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from app.core.database import app_session, set_tenant
from app.modules.tenants import TenantService
from app.modules.users import User
from app.modules.users.models import Invitation
from app.modules.users.repos.users import TENANT_OF_EMAIL, UserRepository
from app.modules.users.services.invitations import hash_invitation_token
from tests.support.custom_app import client_for

pytestmark = pytest.mark.integration

PASSWORD = "a long enough passphrase"

# A lock the backend `holder` holds (its transaction) that another backend waits for.
BLOCKED_BY = text(
    """
    SELECT EXISTS (
        SELECT 1 FROM pg_locks AS waiting
        JOIN pg_locks AS held
          ON held.locktype = 'transactionid' AND held.transactionid = waiting.transactionid
        WHERE held.pid = :holder AND held.granted AND NOT waiting.granted
    )
    """
)


def problem(response: Response) -> dict[str, Any]:
    body: dict[str, Any] = response.json()
    return {"status": response.status_code} | {
        key: body[key] for key in ("type", "title", "detail")
    }


async def blocked_by(engine: AsyncEngine, holder: int) -> None:
    """Return once a transaction waits for `holder`'s: a request stuck on the unique index."""
    async with engine.connect() as connection:
        for _ in range(200):
            if await connection.scalar(BLOCKED_BY, {"holder": holder}):
                return
            await asyncio.sleep(0.05)
    raise AssertionError("the racing request never waited on the unique index")


@asynccontextmanager
async def cleaned_up(app: FastAPI, email: str) -> AsyncIterator[list[UUID]]:
    """Tenants the test creates (append them), and whichever tenant ends up with `email`,
    are deleted afterwards."""
    tenants: list[UUID] = []
    try:
        yield tenants
    finally:
        async with app_session(app) as session:
            owner_of_email = await TENANT_OF_EMAIL.ask(session, email)
        for tenant_id in {*tenants, *([owner_of_email] if owner_of_email else [])}:
            async with app_session(app, tenant_id) as session:
                await TenantService(session).delete(tenant_id)


async def while_email_held(
    app: FastAPI, engine: AsyncEngine, email: str, tenants: list[UUID], request: Awaitable[Response]
) -> Response:
    """Answer `request` while another transaction holds a new user with `email`: it commits
    only once the request has passed the pre-check and waits on the unique index."""
    async with app_session(app) as session:
        quicker = await TenantService(session).create("Quicker Co")
        tenants.append(quicker.id)
        set_tenant(session, quicker.id)
        await UserRepository(session).add(
            User(email=email, full_name="Quicker", password_hash=None)
        )
        holder = await session.scalar(text("SELECT pg_backend_pid()"))
        racing = asyncio.ensure_future(request)
        try:
            await blocked_by(engine, holder)
        except AssertionError:
            await racing
            raise
    return await racing


async def test_a_sign_up_beaten_to_its_email_gets_the_answer_of_the_pre_check(
    committed_app: FastAPI, engine: AsyncEngine
) -> None:
    email = f"race-{secrets.token_hex(4)}@example.com"
    body = {"email": email, "password": PASSWORD, "full_name": "Slower", "tenant_name": "Slower Co"}
    async with cleaned_up(committed_app, email) as tenants, client_for(committed_app) as client:
        raced = await while_email_held(
            committed_app, engine, email, tenants, client.post("/api/v1/auth/register", json=body)
        )
        checked = await client.post("/api/v1/auth/register", json=body)

    assert checked.status_code == 409
    assert problem(raced) == problem(checked)


async def test_an_invitee_beaten_to_the_email_gets_the_answer_of_the_pre_check(
    committed_app: FastAPI, engine: AsyncEngine
) -> None:
    email = f"race-{secrets.token_hex(4)}@example.com"
    tokens = [secrets.token_urlsafe(16), secrets.token_urlsafe(16)]
    async with cleaned_up(committed_app, email) as tenants, client_for(committed_app) as client:
        async with app_session(committed_app) as session:
            inviting = await TenantService(session).create("Inviting Co")
            tenants.append(inviting.id)
            set_tenant(session, inviting.id)
            session.add_all(
                Invitation(
                    email=email,
                    full_name="Invitee",
                    roles=["member"],
                    token_hash=hash_invitation_token(token),
                    expires_at=datetime.now(UTC) + timedelta(hours=1),
                )
                for token in tokens
            )

        def accept(token: str) -> Awaitable[Response]:
            return client.post(
                "/api/v1/auth/invitations/accept", json={"token": token, "password": PASSWORD}
            )

        raced = await while_email_held(committed_app, engine, email, tenants, accept(tokens[0]))
        checked = await accept(tokens[1])

    assert checked.status_code == 409
    assert problem(raced) == problem(checked)
