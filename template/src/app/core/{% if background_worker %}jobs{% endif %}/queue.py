"""Putting jobs on the queue: from services after commit, or right away from anywhere else.

Services call `enqueue(session, send_email, to=..., ...)`: the job is queued only once the
session's transaction commits, so a worker never runs a job for data that was rolled back
(or that it cannot see yet). The call is type-checked against the job's signature. Every
job carries its origin (request id, tenant, user) into the worker's logs and sessions, and
the trace context current when it is put on the queue into the worker's spans.
"""

from dataclasses import replace
from datetime import timedelta
from typing import Any

from arq.connections import ArqRedis
from redis.asyncio import ConnectionPool
from sqlalchemy.ext.asyncio import AsyncSession

from app.config import RedisSettings
from app.core.database import on_commit, session_tenant
from app.core.events import Subscription
from app.core.jobs.context import JobOrigin
from app.core.jobs.registry import Job
from app.core.jobs.tasks.events import deliver_event
from app.core.observability.propagation import NULL_PROPAGATION, TracePropagation

JOB_QUEUE_KEY = "job_queue"
ORIGIN_KWARG = "_origin"


class JobQueueUnavailableError(RuntimeError):
    """`enqueue()` was called on a session opened without the job queue."""


class JobQueue:
    def __init__(self, redis: ArqRedis, propagation: TracePropagation = NULL_PROPAGATION) -> None:
        self.redis = redis
        self.propagation = propagation

    @classmethod
    def open(
        cls, settings: RedisSettings, propagation: TracePropagation = NULL_PROPAGATION
    ) -> "JobQueue":
        """A pool of its own (jobs are pickled bytes); connections open on first use."""
        pool = ConnectionPool.from_url(
            settings.url,
            max_connections=settings.max_connections,
            socket_timeout=settings.socket_timeout,
            socket_connect_timeout=settings.socket_timeout,
        )
        redis = ArqRedis(pool_or_conn=pool)
        redis.auto_close_connection_pool = True  # close() then closes the pool too
        return cls(redis, propagation)

    async def enqueue[**P](self, job: Job[P, Any], /, *args: P.args, **kwargs: P.kwargs) -> str:
        """Queue `job` now; returns its id."""
        return await self.put(job.name, args, kwargs, origin=JobOrigin.capture())

    async def enqueue_later[**P](
        self, delay: timedelta, job: Job[P, Any], /, *args: P.args, **kwargs: P.kwargs
    ) -> str:
        return await self.put(job.name, args, kwargs, origin=JobOrigin.capture(), delay=delay)

    async def put(
        self,
        name: str,
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
        *,
        origin: JobOrigin,
        delay: timedelta | None = None,
    ) -> str:
        # The trace current now: the request's (commits run before the response), or that
        # of the job queueing this one.
        origin = replace(origin, trace=self.propagation.inject())
        payload: dict[str, Any] = {**kwargs, ORIGIN_KWARG: origin}
        queued = await self.redis.enqueue_job(name, *args, _defer_by=delay, **payload)
        if queued is None:  # only when a caller-chosen job id already exists
            msg = f"Job {name!r} was not queued"
            raise RuntimeError(msg)
        return str(queued.job_id)

    async def close(self) -> None:
        await self.redis.aclose()


def enqueue[**P](
    session: AsyncSession, job: Job[P, Any], /, *args: P.args, **kwargs: P.kwargs
) -> None:
    """Queue `job` once the session commits; a rolled-back transaction queues nothing."""
    queue: JobQueue | None = session.info.get(JOB_QUEUE_KEY)
    if queue is None:
        msg = "This session has no job queue: open it through the app (DbSession, app_session)"
        raise JobQueueUnavailableError(msg)
    origin = JobOrigin.capture(session_tenant(session))

    async def put() -> None:
        await queue.put(job.name, args, kwargs, origin=origin)

    on_commit(session, put)


class QueueRunner:
    """Runs background event handlers in the worker: each delivery becomes a job."""

    def __init__(self, queue: JobQueue) -> None:
        self.queue = queue

    async def submit(self, subscription: Subscription[Any], event: object) -> None:
        # Events about a tenant's data carry its id; the job runs scoped to that tenant.
        origin = JobOrigin.capture(getattr(event, "tenant_id", None))
        await self.queue.put(deliver_event.name, (subscription.name, event), {}, origin=origin)

    async def close(self, grace_seconds: float) -> None:
        """Nothing runs here: queued deliveries wait in Redis for the worker."""
