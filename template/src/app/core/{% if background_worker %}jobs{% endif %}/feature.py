"""The background_worker feature in the API process: a queue to put jobs on.

At start-up it opens the job queue (REDIS_URL) as `app.state.job_queue`, makes it
reachable from every session (`enqueue(session, job, ...)`), and hands background event
handlers to the worker instead of running them in this process. The worker itself is
`app.worker` (`just worker`).
"""

from collections.abc import Sequence

from fastapi import FastAPI
from structlog.typing import Processor

from app.config import Settings
from app.core.events import EventBus
from app.core.jobs.queue import JOB_QUEUE_KEY, JobQueue, QueueRunner
from app.core.observability.propagation import trace_propagation
from app.core.resources import Resources


class JobsFeature:
    name = "background_worker"
    log_processors: Sequence[Processor] = ()

    def install(self, app: FastAPI, settings: Settings) -> None:
        """Nothing to mount: the queue opens with the other connections, at start-up."""

    async def startup(self, app: FastAPI, resources: Resources) -> None:  # noqa: ARG002
        # The queue keeps a Redis pool of its own (REDIS_URL), closed by shutdown(). Jobs
        # carry the trace that queued them when tracing installed a propagation.
        queue = JobQueue.open(app.state.settings.redis, trace_propagation(app))
        app.state.job_queue = queue
        app.state.session_info[JOB_QUEUE_KEY] = queue
        bus: EventBus = app.state.event_bus
        bus.runner = QueueRunner(queue)

    async def shutdown(self, app: FastAPI) -> None:
        queue: JobQueue = app.state.job_queue
        await queue.close()


feature = JobsFeature()
