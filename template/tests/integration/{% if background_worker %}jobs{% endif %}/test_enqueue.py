"""Jobs queued from a unit of work wait for its commit; the queue closes with the app."""

from datetime import UTC, datetime, timedelta

import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.database import app_session
from app.core.jobs import JobQueue, JobQueueUnavailableError, enqueue
from app.core.jobs.tasks.email import send_email
from app.modules.tenants import Tenant

pytestmark = pytest.mark.integration


async def queued(queue: JobQueue) -> int:
    return int(await queue.redis.zcard(queue.redis.default_queue_name))


async def test_a_job_is_queued_only_when_the_unit_of_work_commits(
    app: FastAPI, queue: JobQueue, tenant: Tenant
) -> None:
    async with app_session(app, tenant.id) as session:
        enqueue(session, send_email, to="a@example.com", subject="Later", body="After commit")
        assert await queued(queue) == 0
    assert await queued(queue) == 1


async def test_a_rolled_back_unit_of_work_queues_nothing(
    app: FastAPI, queue: JobQueue, tenant: Tenant
) -> None:
    async def queue_then_fail() -> None:
        async with app_session(app, tenant.id) as session:
            enqueue(session, send_email, to="a@example.com", subject="Never", body="Rolled back")
            raise RuntimeError("abort")

    with pytest.raises(RuntimeError, match="abort"):
        await queue_then_fail()
    assert await queued(queue) == 0


async def test_a_session_without_the_queue_refuses_to_drop_a_job(db: AsyncSession) -> None:
    with pytest.raises(JobQueueUnavailableError):
        enqueue(db, send_email, to="a@example.com", subject="Lost", body="Nowhere to go")


async def test_a_job_can_be_queued_to_run_later(queue: JobQueue) -> None:
    before = datetime.now(UTC)
    job_id = await queue.enqueue_later(
        timedelta(hours=1), send_email, to="a@example.com", subject="Reminder", body="Tomorrow"
    )
    score = await queue.redis.zscore(queue.redis.default_queue_name, job_id)
    assert score is not None
    assert score / 1000 >= (before + timedelta(minutes=59)).timestamp()
