"""The worker's logs name the jobs it runs, never their arguments (personal data)."""

import json
from collections.abc import Callable

import pytest

from app.core.jobs import JobQueue
from app.core.jobs.tasks.email import send_email
from tests.integration.jobs.support import Output, RunWorker, SmtpServer

pytestmark = pytest.mark.integration

ADDRESS = "grace@example.com"
TEST_SMTP_SERVER_LOGGER = "mail.log"  # the test's own mail server, not the service


def arq_events(captured: Output) -> list[str]:
    return [line["event"] for line in captured.logs if line.get("logger", "").startswith("arq")]


def service_logs(captured: Output) -> str:
    return json.dumps(
        [line for line in captured.logs if line.get("logger") != TEST_SMTP_SERVER_LOGGER]
    )


async def test_arq_reports_start_up_and_each_job_without_its_arguments(
    queue: JobQueue, run_worker: RunWorker, output: Callable[[], Output]
) -> None:
    await queue.enqueue(send_email, to=ADDRESS, subject="Private", body="For Grace only")
    await run_worker()

    captured = output()
    events = arq_events(captured)
    assert any(event.startswith("Starting worker for") for event in events)
    (started,) = [event for event in events if " → " in event]
    assert started.endswith(":send_email(…)")
    assert any(" ← " in event and ":send_email" in event for event in events)
    assert ADDRESS not in service_logs(captured)


async def test_a_failing_job_is_logged_with_its_traceback_but_without_its_arguments(
    queue: JobQueue,
    run_worker: RunWorker,
    smtp_server: SmtpServer,
    output: Callable[[], Output],
) -> None:
    smtp_server.mailbox.rejects_content = True
    await queue.enqueue(send_email, to=ADDRESS, subject="Private", body="For Grace only")
    worker = await run_worker(email=smtp_server.settings())

    assert worker.jobs_failed == 1
    captured = output()
    (failed,) = captured.events("job_failed")
    assert "Message rejected as spam" in json.dumps(failed["exception"])
    assert ADDRESS not in service_logs(captured)  # nor the locals of the failing frames
