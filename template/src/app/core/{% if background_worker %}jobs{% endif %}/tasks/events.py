"""Background event handlers, run by the worker after the API's bus queued them."""

from app.core.jobs.context import JobContext
from app.core.jobs.registry import job


@job()
async def deliver_event(ctx: JobContext, handler: str, event: object) -> None:
    """Run one handler of the worker's own bus (same modules, same registrations).

    Not isolated like in-process delivery: a failure fails the job, so transient errors
    are retried with backoff. Handlers that run in the background must be idempotent.
    """
    await ctx.event_bus.subscription(handler).handler(event)
