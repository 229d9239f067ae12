"""One handler subscribed to one event type, and how a single handler runs in isolation."""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

import structlog

from app.core.context import current_context

type EventHandler[E] = Callable[[E], Awaitable[None]]

log = structlog.get_logger("app.events")


@dataclass(frozen=True, slots=True)
class Subscription[E]:
    event_type: type[E]
    handler: EventHandler[E]
    # Stable across processes: the job queue names the handler it should run in the worker.
    name: str
    background: bool


def handler_name(handler: Callable[..., Any]) -> str:
    module = getattr(handler, "__module__", None) or "unknown"
    return f"{module}.{getattr(handler, '__qualname__', repr(handler))}"


async def run_isolated(subscription: Subscription[Any], event: object) -> bool:
    """Run one handler; a failure is logged with the request id and never propagates.

    The transaction that published the event has committed: a failing reaction must not
    turn that success into an error, nor keep the other handlers from running.
    """
    return await guarded(partial(subscription.handler, event), subscription, event)


async def guarded(
    step: Callable[[], Awaitable[None]], subscription: Subscription[Any], event: object
) -> bool:
    """Await `step` on behalf of `subscription`; log and swallow what it raises."""
    try:
        await step()
    except Exception:
        context = current_context()
        log.exception(
            "event_handler_failed",
            event_type=type(event).__name__,
            handler=subscription.name,
            request_id=context.request_id if context else None,
        )
        return False
    return True
