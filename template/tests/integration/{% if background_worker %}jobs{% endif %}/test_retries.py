"""Transient failures are tried again with backoff; the rest, and the last try, fail loudly."""

from collections.abc import Callable
from uuid import uuid4

import pytest
from arq import Retry
from arq.jobs import Job as QueuedJob
from redis.asyncio import Redis

from app.core.context import RequestContext, bind_context
from app.core.jobs import JobContext, JobQueue, JobRegistry, JobsSettings, TransientJobError
from tests.integration.jobs.support import Output, RunWorker

pytestmark = pytest.mark.integration

registry = JobRegistry()


@registry.job(max_tries=3)
async def flaky(ctx: JobContext, succeed_on_try: int) -> str:
    if ctx.job_try < succeed_on_try:
        raise TransientJobError(f"not yet (try {ctx.job_try})")
    return f"done on try {ctx.job_try}"


@registry.job(max_tries=3)
async def hopeless(ctx: JobContext) -> None:
    raise ConnectionError("the partner API is down for good")


@registry.job()
async def broken(ctx: JobContext) -> None:
    raise ValueError("a bug, not bad luck")


@registry.job(max_tries=2)
async def impatient(ctx: JobContext) -> None:
    raise Retry(defer=0.01)


async def result_of(redis: Redis, job_id: str) -> tuple[bool, object]:
    info = await QueuedJob(job_id, redis).result_info()
    assert info is not None
    return info.success, info.result


async def test_a_transient_failure_is_retried_until_the_job_succeeds(
    queue: JobQueue,
    redis: Redis,
    run_worker: RunWorker,
    outcomes: list[tuple[str, str]],
    output: Callable[[], Output],
) -> None:
    job_id = await queue.enqueue(flaky, succeed_on_try=3)
    worker = await run_worker(registry)
    assert outcomes == [("flaky", "retry"), ("flaky", "retry"), ("flaky", "success")]
    assert (worker.jobs_retried, worker.jobs_complete, worker.jobs_failed) == (2, 1, 0)
    assert await result_of(redis, job_id) == (True, "done on try 3")
    retries = output().events("job_retrying")
    assert [(line["job_try"], line["retry_in_seconds"]) for line in retries] == [
        (1, 0.01),
        (2, 0.02),
    ]


async def test_a_job_that_keeps_failing_ends_failed_after_its_last_try_with_an_error_log(
    queue: JobQueue,
    redis: Redis,
    run_worker: RunWorker,
    outcomes: list[tuple[str, str]],
    output: Callable[[], Output],
) -> None:
    job_id = await queue.enqueue(hopeless)
    worker = await run_worker(registry)
    assert outcomes == [("hopeless", "retry"), ("hopeless", "retry"), ("hopeless", "failure")]
    assert worker.jobs_failed == 1
    success, error = await result_of(redis, job_id)
    assert not success
    assert isinstance(error, ConnectionError)
    (failure,) = output().events("job_failed")
    assert failure["level"] == "error"
    assert failure["job"] == "hopeless"
    assert failure["job_try"] == failure["max_tries"] == 3
    assert "the partner API is down for good" in str(failure["exception"])


async def test_a_programming_error_fails_at_once(
    queue: JobQueue, run_worker: RunWorker, outcomes: list[tuple[str, str]]
) -> None:
    await queue.enqueue(broken)
    worker = await run_worker(registry)
    assert outcomes == [("broken", "failure")]
    assert (worker.jobs_retried, worker.jobs_failed) == (0, 1)


async def test_a_job_asking_for_a_try_beyond_its_last_fails_instead(
    queue: JobQueue, run_worker: RunWorker, outcomes: list[tuple[str, str]]
) -> None:
    await queue.enqueue(impatient)
    worker = await run_worker(registry)
    assert outcomes == [("impatient", "retry"), ("impatient", "failure")]
    assert worker.jobs_failed == 1


async def test_job_logs_carry_the_request_and_tenant_that_queued_the_job(
    queue: JobQueue, run_worker: RunWorker, output: Callable[[], Output]
) -> None:
    tenant_id, user_id = uuid4(), uuid4()
    with bind_context(RequestContext(request_id="req-42", tenant_id=tenant_id, user_id=user_id)):
        job_id = await queue.enqueue(flaky, succeed_on_try=2)
    await run_worker(registry)
    lines = [line for line in output().logs if line.get("job") == "flaky"]
    assert {line["event"] for line in lines} == {"job_retrying", "job_succeeded"}
    for line in lines:
        assert line["request_id"] == "req-42"
        assert line["tenant_id"] == str(tenant_id)
        assert line["user_id"] == str(user_id)
        assert line["job_id"] == job_id


def test_the_delay_doubles_after_every_try_up_to_the_cap() -> None:
    settings = JobsSettings(_env_file=None, retry_delay_seconds=10, retry_delay_max_seconds=60)
    assert [settings.retry_delay(job_try) for job_try in range(1, 6)] == [10, 20, 40, 60, 60]
