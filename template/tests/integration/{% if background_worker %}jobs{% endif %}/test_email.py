"""`send_email` runs in the worker and goes out through the configured backend."""

from collections.abc import Callable

import pytest

from app.core.jobs import JobQueue
from app.core.jobs.tasks.email import send_email
from tests.integration.jobs.support import Output, RunWorker, SmtpServer

pytestmark = pytest.mark.integration


async def test_the_console_backend_prints_the_message(
    queue: JobQueue,
    run_worker: RunWorker,
    outcomes: list[tuple[str, str]],
    output: Callable[[], Output],
) -> None:
    await queue.enqueue(send_email, to="ada@example.com", subject="Hello", body="Hi Ada")
    await run_worker()
    printed = output().stdout
    assert "To: ada@example.com" in printed
    assert "Subject: Hello" in printed
    assert "From: app@example.com" in printed
    assert "Hi Ada" in printed
    assert outcomes == [("send_email", "success")]


async def test_the_smtp_backend_delivers_to_a_real_server(
    queue: JobQueue, run_worker: RunWorker, smtp_server: SmtpServer
) -> None:
    await queue.enqueue(
        send_email, to="ada@example.com", subject="Report", body="Plain", html="<p>Rich</p>"
    )
    await run_worker(email=smtp_server.settings())
    (message,) = smtp_server.mailbox.received
    assert message["To"] == "ada@example.com"
    assert message["Subject"] == "Report"
    assert message.is_multipart()
    assert [part.get_content_type() for part in message.get_payload()] == [
        "text/plain",
        "text/html",
    ]


async def test_a_busy_smtp_server_is_tried_again_later(
    queue: JobQueue,
    run_worker: RunWorker,
    smtp_server: SmtpServer,
    outcomes: list[tuple[str, str]],
) -> None:
    smtp_server.mailbox.busy = 1
    await queue.enqueue(send_email, to="ada@example.com", subject="Retry", body="Again")
    await run_worker(email=smtp_server.settings())
    assert [message["Subject"] for message in smtp_server.mailbox.received] == ["Retry"]
    assert outcomes == [("send_email", "retry"), ("send_email", "success")]


@pytest.mark.parametrize("refusal", ["unknown_mailbox", "rejects_content"])
async def test_a_permanent_refusal_fails_the_job_without_retrying(
    queue: JobQueue,
    run_worker: RunWorker,
    smtp_server: SmtpServer,
    outcomes: list[tuple[str, str]],
    refusal: str,
) -> None:
    setattr(smtp_server.mailbox, refusal, True)
    await queue.enqueue(send_email, to="nobody@example.com", subject="Lost", body="Gone")
    worker = await run_worker(email=smtp_server.settings())
    assert worker.jobs_failed == 1
    assert smtp_server.mailbox.received == []
    assert outcomes == [("send_email", "failure")]
