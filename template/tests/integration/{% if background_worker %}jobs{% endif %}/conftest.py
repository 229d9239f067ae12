"""A real worker for job tests: `await run_worker()` runs queued jobs until none is left.

The worker hosts the test's app, so its units of work join the test's rolled-back
transaction, and it reads the same Redis database the app queues into.
"""

import asyncio
from collections.abc import AsyncIterator, Callable

import pytest
from aiosmtpd.smtp import SMTP
from arq.worker import Worker
from fastapi import FastAPI

from app.core.jobs import EmailSettings, JobQueue, JobRegistry, JobsSettings
from app.core.jobs.worker import worker_options
from app.worker import discover_jobs
from tests.integration.jobs.support import (
    Mailbox,
    Output,
    RecordingSignals,
    RunWorker,
    SmtpServer,
)
from tests.support.logs import json_lines, json_logs_to_current_stderr


@pytest.fixture
def jobs_settings() -> JobsSettings:
    # One job at a time: the test's single connection cannot run two statements at once.
    return JobsSettings(
        _env_file=None,
        concurrency=1,
        max_tries=3,
        retry_delay_seconds=0.01,
        retry_delay_max_seconds=0.05,
        poll_delay_seconds=0.01,
        shutdown_grace_seconds=0,
    )


@pytest.fixture
def email_settings() -> EmailSettings:
    return EmailSettings(_env_file=None, email_backend="console", smtp_from="app@example.com")


@pytest.fixture
def queue(app: FastAPI) -> JobQueue:
    job_queue: JobQueue = app.state.job_queue
    return job_queue


@pytest.fixture
def outcomes(app: FastAPI) -> list[tuple[str, str]]:
    """Every `job_finished` signal, as (job, outcome)."""
    sink = RecordingSignals()
    app.state.signals = sink
    return sink.outcomes


@pytest.fixture
def run_worker(
    app: FastAPI, jobs_settings: JobsSettings, email_settings: EmailSettings
) -> RunWorker:
    async def run(
        registry: JobRegistry | None = None, email: EmailSettings | None = None
    ) -> Worker:
        options = worker_options(
            app, jobs_settings, email or email_settings, registry=registry or discover_jobs()
        )
        worker = Worker(**options, burst=True, handle_signals=False)
        try:
            await worker.main()
        finally:
            await worker.close()
        return worker

    return run


@pytest.fixture
def output(
    app: FastAPI, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Callable[[], Output]:
    """The JSON log lines (stderr) and the printed text (stdout) of the test so far.

    Depends on `app`: create_app() configures logging too, and must not come after this.
    """
    json_logs_to_current_stderr(monkeypatch)

    def read() -> Output:
        captured = capsys.readouterr()
        return Output(stdout=captured.out, logs=json_lines(captured.err))

    return read


@pytest.fixture
async def smtp_server() -> AsyncIterator[SmtpServer]:
    """A real SMTP server (aiosmtpd) on a free local port, in the test's event loop."""
    mailbox = Mailbox()
    server = await asyncio.get_running_loop().create_server(
        lambda: SMTP(mailbox, hostname="mail.test"), "127.0.0.1", 0
    )
    port = server.sockets[0].getsockname()[1]
    yield SmtpServer(mailbox, port)
    server.close()
    await server.wait_closed()
