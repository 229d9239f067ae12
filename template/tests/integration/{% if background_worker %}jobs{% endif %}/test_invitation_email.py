"""Inviting a person queues the users module's invitation handler; the worker emails the link."""

from collections.abc import Callable

import pytest
from httpx import AsyncClient

from app.modules.users import User
from tests.integration.jobs.support import Output, RunWorker
from tests.support.auth import AsUser

pytestmark = pytest.mark.integration


async def test_an_invited_person_gets_the_one_time_link_by_email_from_the_worker(
    client: AsyncClient,
    owner: User,
    as_user: AsUser,
    run_worker: RunWorker,
    outcomes: list[tuple[str, str]],
    output: Callable[[], Output],
) -> None:
    response = await client.post(
        "/api/v1/users",
        json={"email": "ada@example.com", "full_name": "Ada Lovelace"},
        headers=as_user(owner),
    )
    assert response.status_code == 202

    await run_worker()

    assert outcomes == [("deliver_event", "success"), ("send_email", "success")]
    captured = output().stdout
    assert "To: ada@example.com" in captured
    assert "Subject: You are invited to join Tenant A" in captured
    assert "http://localhost:3000/invitations/accept?token=" in captured
