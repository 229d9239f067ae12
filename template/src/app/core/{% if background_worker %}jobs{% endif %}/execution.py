"""How the worker runs one job: context, logs, retries and the outcome signal.

Every try of a job runs with the request context of its origin (so its log lines carry
the request id and tenant id of the request that queued it), with the job's name, id
and try number bound to its logs, and inside `trace_propagation(app).resume()` (so, with
tracing, its spans and log lines belong to the trace that queued it). A transient
failure (see `retries.py`) before the last try asks for another try with exponential
backoff; on the last try, and for any other failure, the job fails with an error log.
Each try reports `success`, `retry` or `failure` through `signals(app).job_finished()`.
"""

import time
from typing import Any

import structlog
from arq import Retry
from arq.typing import WorkerCoroutine
from fastapi import FastAPI

from app.core.context import bind_context
from app.core.jobs.context import JobContext, JobOrigin
from app.core.jobs.queue import ORIGIN_KWARG
from app.core.jobs.registry import Job
from app.core.jobs.retries import RetriesExhaustedError, is_transient
from app.core.jobs.settings import EmailSettings, JobsSettings
from app.core.observability.propagation import trace_propagation
from app.core.observability.signals import signals

log = structlog.get_logger("app.jobs")


def supervised(
    job: Job[..., Any], app: FastAPI, jobs: JobsSettings, email: EmailSettings
) -> WorkerCoroutine:
    """The coroutine the worker calls for `job`: `(ctx, *args, **kwargs)`."""
    max_tries = job.max_tries or jobs.max_tries
    propagation = trace_propagation(app)

    async def run(ctx: dict[str, Any], *args: Any, **kwargs: Any) -> Any:
        origin: JobOrigin = kwargs.pop(ORIGIN_KWARG, None) or JobOrigin()
        context = JobContext(
            name=job.name,
            job_id=str(ctx["job_id"]),
            job_try=int(ctx["job_try"]),
            max_tries=max_tries,
            origin=origin,
            app=app,
            email=email,
        )
        with (
            bind_context(origin.request_context(context.job_id)),
            structlog.contextvars.bound_contextvars(
                job=job.name, job_id=context.job_id, job_try=context.job_try
            ),
            propagation.resume(origin.trace, job.name),
        ):
            return await _attempt(job, context, jobs, args, kwargs)

    run.__qualname__ = run.__name__ = job.name
    return run


async def _attempt(
    job: Job[..., Any],
    context: JobContext,
    jobs: JobsSettings,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
) -> Any:
    sink = signals(context.app)
    last_try = context.job_try >= context.max_tries
    started = time.perf_counter()
    try:
        result = await job.function(context, *args, **kwargs)
    except Retry as exc:
        if last_try:
            log.exception("job_failed", reason="retries exhausted", tries=context.job_try)
            sink.job_finished(job.name, "failure")
            raise RetriesExhaustedError(job.name) from exc
        log.info("job_retrying", reason="requested by the job")
        sink.job_finished(job.name, "retry")
        raise
    except Exception as exc:
        if is_transient(exc, job.retry_on) and not last_try:
            delay = jobs.retry_delay(context.job_try)
            log.warning("job_retrying", error=repr(exc), retry_in_seconds=delay)
            sink.job_finished(job.name, "retry")
            raise Retry(defer=delay) from exc
        log.exception("job_failed", tries=context.job_try, max_tries=context.max_tries)
        sink.job_finished(job.name, "failure")
        raise
    log.info("job_succeeded", duration_ms=round((time.perf_counter() - started) * 1000, 2))
    sink.job_finished(job.name, "success")
    return result
