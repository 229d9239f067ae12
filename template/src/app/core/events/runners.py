"""Where background handlers run: tracked tasks in this process, unless a job queue takes over.

Without the background worker feature, `InProcessRunner` starts each background handler as
an asyncio task once the publishing transaction has committed, so the response does not
wait for it. The tasks are tracked: `close()` (called when the application shuts down)
waits for them up to a grace period, then cancels what is still running and logs it. They
live and die with the process: a crash or a deploy loses the ones in flight, which is
why work that must not be lost belongs in the job queue (the background worker feature
replaces this runner with one that enqueues jobs).
"""

import asyncio
from typing import Any, Protocol

import structlog

from app.core.events.subscriptions import Subscription, run_isolated

log = structlog.get_logger("app.events")


class BackgroundRunner(Protocol):
    async def submit(self, subscription: Subscription[Any], event: object) -> None:
        """Arrange for the handler to run later, outside the caller's flow."""

    async def close(self, grace_seconds: float) -> None:
        """Finish or abandon outstanding work; called once at shutdown."""


class InProcessRunner:
    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[bool]] = set()

    @property
    def pending(self) -> int:
        return len(self._tasks)

    async def submit(self, subscription: Subscription[Any], event: object) -> None:
        # The task copies the current context, so its logs keep the request id.
        task = asyncio.create_task(
            run_isolated(subscription, event), name=f"event-handler:{subscription.name}"
        )
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def drain(self) -> None:
        """Wait until every handler started so far (and any they start) has finished."""
        while self._tasks:
            await asyncio.wait(set(self._tasks))

    async def close(self, grace_seconds: float) -> None:
        if not self._tasks:
            return
        _, pending = await asyncio.wait(set(self._tasks), timeout=grace_seconds)
        for task in pending:
            task.cancel()
        if pending:
            log.warning(
                "background_handlers_cancelled",
                count=len(pending),
                handlers=sorted(task.get_name() for task in pending),
            )
            await asyncio.gather(*pending, return_exceptions=True)
