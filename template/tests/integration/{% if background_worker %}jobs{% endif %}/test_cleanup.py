"""The daily cleanup deletes expired refresh tokens, and nothing else."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from arq.cron import CronJob
from fastapi import FastAPI
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.database import set_tenant
from app.core.jobs import EmailSettings, JobQueue, JobsSettings
from app.core.jobs.worker import worker_options
from app.modules.tenants import Tenant
from app.modules.users import User
from app.modules.users.jobs import cleanup_expired_tokens
from app.modules.users.models import RefreshToken
from app.worker import discover_jobs
from tests.factories import create_user
from tests.integration.jobs.support import RunWorker

pytestmark = pytest.mark.integration


async def add_token(db: AsyncSession, user: User, expires_in: timedelta) -> RefreshToken:
    now = datetime.now(UTC)
    set_tenant(db, user.tenant_id)
    token = RefreshToken(
        tenant_id=user.tenant_id,
        user_id=user.id,
        family_id=uuid.uuid4(),
        token_hash=uuid.uuid4().hex,
        created_at=now - timedelta(days=8),
        expires_at=now + expires_in,
    )
    db.add(token)
    await db.flush()
    return token


async def test_expired_tokens_of_every_tenant_go_and_live_ones_stay(
    db: AsyncSession,
    owner: User,
    other_tenant: Tenant,
    queue: JobQueue,
    run_worker: RunWorker,
    outcomes: list[tuple[str, str]],
) -> None:
    stranger = await create_user(db, other_tenant)
    live = await add_token(db, owner, timedelta(days=1))
    await add_token(db, owner, -timedelta(minutes=1))
    await add_token(db, stranger, -timedelta(days=3))
    stranger_live = await add_token(db, stranger, timedelta(hours=1))

    await queue.enqueue(cleanup_expired_tokens)
    await run_worker()

    assert outcomes == [("cleanup_expired_tokens", "success")]
    remaining, users = set(), 0
    for tenant_id in (owner.tenant_id, stranger.tenant_id):
        set_tenant(db, tenant_id)
        remaining |= set(await db.scalars(select(RefreshToken.id)))
        users += await db.scalar(select(func.count()).select_from(User)) or 0
    assert remaining == {live.id, stranger_live.id}
    assert users == 2


def test_the_cleanup_is_scheduled_daily_at_three_utc(
    app: FastAPI, jobs_settings: JobsSettings, email_settings: EmailSettings
) -> None:
    options = worker_options(app, jobs_settings, email_settings, registry=discover_jobs())
    crons: list[CronJob] = options["cron_jobs"]
    (cleanup,) = [cron for cron in crons if cron.name == "cron:cleanup_expired_tokens"]
    assert (cleanup.hour, cleanup.minute, cleanup.day, cleanup.weekday) == (3, 0, None, None)
    assert cleanup.unique
    assert options["timezone"] is UTC
