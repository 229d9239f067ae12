"""Background jobs: declared with `@job`, queued with `enqueue()`, run by `app.worker`."""

from app.core.jobs.context import JobContext, JobOrigin
from app.core.jobs.queue import JOB_QUEUE_KEY, JobQueue, JobQueueUnavailableError, enqueue
from app.core.jobs.registry import JOBS, Job, JobRegistry, Schedule, job
from app.core.jobs.retries import TransientJobError
from app.core.jobs.settings import EmailSettings, JobsSettings, load_job_settings

__all__ = [
    "JOBS",
    "JOB_QUEUE_KEY",
    "EmailSettings",
    "Job",
    "JobContext",
    "JobOrigin",
    "JobQueue",
    "JobQueueUnavailableError",
    "JobRegistry",
    "JobsSettings",
    "Schedule",
    "TransientJobError",
    "enqueue",
    "job",
    "load_job_settings",
]
