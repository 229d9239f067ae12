"""Jobs are declared where they are written, with `@job`: there is no list to keep up to date.

The decorator turns an `async def f(ctx: JobContext, ...)` into a typed `Job` and records
it in the registry the worker reads. `app.worker` imports every file that declares jobs
(`app.core.jobs.tasks.*` and each module's `jobs.py`), so a new job needs no other edit.
A job with a `schedule` also runs as a cron job.
"""

from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Concatenate

from app.core.jobs.context import JobContext

type JobFunction[**P, R] = Callable[Concatenate[JobContext, P], Awaitable[R]]
When = int | set[int] | None


@dataclass(frozen=True, slots=True)
class Schedule:
    """When a cron job runs, in UTC; None means "every". `Schedule(hour=3, minute=0)`: daily."""

    month: When = None
    day: When = None
    weekday: When = None
    hour: When = None
    minute: When = None


@dataclass(frozen=True, slots=True)
class Job[**P, R]:
    name: str
    function: JobFunction[P, R]
    max_tries: int | None = None  # None: JOBS_MAX_TRIES
    timeout_seconds: float | None = None  # None: JOBS_TIMEOUT_SECONDS
    schedule: Schedule | None = None
    retry_on: tuple[type[BaseException], ...] = field(default=())


class JobRegistry:
    def __init__(self) -> None:
        self._jobs: dict[str, Job[Any, Any]] = {}

    def job[**P, R](
        self,
        name: str | None = None,
        *,
        max_tries: int | None = None,
        timeout_seconds: float | None = None,
        schedule: Schedule | None = None,
        retry_on: tuple[type[BaseException], ...] = (),
    ) -> Callable[[JobFunction[P, R]], Job[P, R]]:
        """Declare a job: `@job()`, `@job(max_tries=1)`, `@job(schedule=Schedule(hour=3))`."""

        def declare(function: JobFunction[P, R]) -> Job[P, R]:
            declared = Job(
                name=name or function.__name__,
                function=function,
                max_tries=max_tries,
                timeout_seconds=timeout_seconds,
                schedule=schedule,
                retry_on=retry_on,
            )
            if declared.name in self._jobs:
                msg = f"A job named {declared.name!r} is already declared"
                raise ValueError(msg)
            self._jobs[declared.name] = declared
            return declared

        return declare

    def __iter__(self) -> Iterator[Job[Any, Any]]:
        return iter(self._jobs.values())

    def __contains__(self, name: object) -> bool:
        return name in self._jobs


JOBS = JobRegistry()
job = JOBS.job
