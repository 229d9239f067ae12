"""Signing up queues the users module's welcome handler; the worker sends the email."""

from collections.abc import Callable

import pytest
from httpx import AsyncClient

from app.core.jobs import JobQueue
from tests.integration.jobs.support import Output, RunWorker

pytestmark = pytest.mark.integration


async def test_a_new_owner_gets_a_welcome_email_from_the_worker(
    client: AsyncClient,
    queue: JobQueue,
    run_worker: RunWorker,
    outcomes: list[tuple[str, str]],
    output: Callable[[], Output],
) -> None:
    response = await client.post(
        "/api/v1/auth/register",
        json={
            "email": "grace@example.com",
            "password": "long enough password",
            "full_name": "Grace Hopper",
            "tenant_name": "Compilers Ltd",
        },
        headers={"X-Request-ID": "req-welcome"},
    )
    assert response.status_code == 201
    assert await queue.redis.zcard(queue.redis.default_queue_name) == 1  # queued, not run

    await run_worker()

    assert outcomes == [("deliver_event", "success"), ("send_email", "success")]
    captured = output()
    assert "Subject: Welcome to Compilers Ltd" in captured.stdout
    assert "To: grace@example.com" in captured.stdout
    assert "Hello Grace Hopper," in captured.stdout
    (sent,) = captured.events("email_sent")
    assert sent["request_id"] == "req-welcome"
    assert sent["tenant_id"]
    assert sent["job"] == "send_email"
