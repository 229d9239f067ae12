"""The worker's configuration, built from settings and the job registry.

`worker_options()` returns the keyword arguments of the queue library's `Worker`;
`app.worker.WorkerSettings` is its result for the real process. The worker hosts an
application object (`create_app()`): at start-up it enters the application's lifespan,
which opens the shared resources (database engine, Redis) and starts the features, and at
shutdown it leaves it, closing them. Tests pass an application that is already running.
"""

import logging
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager, AsyncExitStack
from datetime import UTC
from typing import Any

import structlog
from arq import cron, func
from arq.connections import RedisSettings as QueueConnection
from arq.cron import CronJob
from arq.worker import Function
from fastapi import FastAPI

from app.core.jobs.execution import supervised
from app.core.jobs.registry import JOBS, Job, JobRegistry
from app.core.jobs.settings import EmailSettings, JobsSettings
from app.core.jobs.worker_logs import hide_job_arguments

Lifespan = Callable[[FastAPI], AbstractAsyncContextManager[None]]

LIFESPAN_KEY = "lifespan"

log = structlog.get_logger("app.jobs")


def worker_options(
    app: FastAPI,
    jobs: JobsSettings,
    email: EmailSettings,
    *,
    registry: JobRegistry = JOBS,
    lifespan: Lifespan | None = None,
) -> dict[str, Any]:
    declared = list(registry)

    async def on_startup(ctx: dict[str, Any]) -> None:
        # The queue library's CLI gives its logger a handler of its own: drop it, so its
        # lines go through the app's handler, in the app's format, once.
        logging.getLogger("arq").handlers.clear()
        hide_job_arguments()  # arq's "job started" line would print them (personal data)
        if lifespan is not None:
            stack = AsyncExitStack()
            await stack.enter_async_context(lifespan(app))
            ctx[LIFESPAN_KEY] = stack
        log.info("worker_started", jobs=sorted(job.name for job in declared))

    async def on_shutdown(ctx: dict[str, Any]) -> None:
        stack: AsyncExitStack | None = ctx.pop(LIFESPAN_KEY, None)
        if stack is not None:
            await stack.aclose()
        log.info("worker_stopped")

    return {
        "functions": [_function(job, app, jobs, email) for job in declared],
        "cron_jobs": [_cron(job, app, jobs, email) for job in declared if job.schedule],
        "redis_settings": QueueConnection.from_dsn(app.state.settings.redis.url),
        "on_startup": on_startup,
        "on_shutdown": on_shutdown,
        "max_jobs": jobs.concurrency,
        "job_timeout": jobs.timeout_seconds,
        "max_tries": jobs.max_tries,
        "keep_result": jobs.keep_result_seconds,
        "poll_delay": jobs.poll_delay_seconds,
        "job_completion_wait": jobs.shutdown_grace_seconds,
        "retry_jobs": True,
        "timezone": UTC,
        "log_results": False,  # results may hold personal data; the job logs what matters
    }


def _function(
    job: Job[..., Any], app: FastAPI, jobs: JobsSettings, email: EmailSettings
) -> Function:
    return func(
        supervised(job, app, jobs, email),
        name=job.name,
        max_tries=job.max_tries or jobs.max_tries,
        timeout=job.timeout_seconds,
    )


def _cron(job: Job[..., Any], app: FastAPI, jobs: JobsSettings, email: EmailSettings) -> CronJob:
    schedule = job.schedule
    assert schedule is not None  # noqa: S101 - filtered by the caller
    return cron(
        supervised(job, app, jobs, email),
        name=f"cron:{job.name}",
        month=schedule.month,
        day=schedule.day,
        weekday=schedule.weekday,
        hour=schedule.hour,
        minute=schedule.minute,
        timeout=job.timeout_seconds,
        max_tries=job.max_tries or jobs.max_tries,
        unique=True,  # several workers: each run happens once
    )
