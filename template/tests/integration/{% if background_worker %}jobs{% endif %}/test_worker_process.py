"""`app.worker` builds the worker from the environment and hosts its own application."""

import pytest
from arq.worker import Worker
from redis.asyncio import Redis
from sqlalchemy import text
from sqlalchemy.engine import make_url

import app.worker as worker_module
from app.config import Settings
from app.core.jobs import EmailSettings, JobContext, JobQueue, JobRegistry, JobsSettings
from app.core.jobs.worker import worker_options
from app.main import create_app, lifespan

pytestmark = pytest.mark.integration

registry = JobRegistry()
database_users: list[str] = []


@registry.job()
async def ask_who_connected(ctx: JobContext) -> None:
    """Reads through the resources the worker's lifespan opened (a real pool, not the test's)."""
    assert ctx.resources is ctx.app.state.resources
    assert ctx.settings is ctx.app.state.settings
    async with ctx.session() as session:
        database_users.append(str(await session.scalar(text("SELECT current_user"))))


@pytest.fixture
def environment(monkeypatch: pytest.MonkeyPatch, settings: Settings) -> None:
    monkeypatch.setenv("DATABASE_URL", settings.database.url)
    monkeypatch.setenv("REDIS_URL", settings.redis.url)
    monkeypatch.setenv("ENVIRONMENT", "test")
    monkeypatch.setenv("JOBS_CONCURRENCY", "3")
    monkeypatch.setenv("EMAIL_BACKEND", "smtp")


def test_the_worker_settings_come_from_the_environment(environment: None) -> None:
    options = worker_module.WorkerSettings
    assert options["max_jobs"] == 3
    names = {function.name for function in options["functions"]}
    assert {"send_email", "deliver_event", "cleanup_expired_tokens"} <= names


def test_an_invalid_worker_setting_stops_the_worker_with_a_message(
    environment: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("JOBS_CONCURRENCY", "0")
    monkeypatch.setenv("EMAIL_BACKEND", "pigeon")
    with pytest.raises(SystemExit) as exit_info:
        worker_module.build_worker_settings()
    assert exit_info.value.code == 78
    error = capsys.readouterr().err
    assert "JOBS_CONCURRENCY" in error
    assert "EMAIL_BACKEND" in error


def test_the_module_has_no_other_lazy_attribute() -> None:
    with pytest.raises(AttributeError):
        _ = worker_module.NotWorkerSettings


async def test_the_worker_opens_and_closes_its_own_application(
    settings: Settings, redis: Redis
) -> None:
    queue = JobQueue.open(settings.redis)
    await queue.enqueue(ask_who_connected)
    await queue.close()
    hosted = create_app(settings)
    options = worker_options(
        hosted,
        JobsSettings(_env_file=None, poll_delay_seconds=0.01),
        EmailSettings(_env_file=None),
        registry=registry,
        lifespan=lifespan,
    )
    worker = Worker(**options, burst=True, handle_signals=False)
    try:
        await worker.main()
    finally:
        await worker.close()
    assert (worker.jobs_complete, worker.jobs_failed) == (1, 0)
    assert database_users == [make_url(settings.database.url).username]
