"""Publishing from services: queue an event on the session, deliver it after the commit.

Services never see the application: the bus travels in `session.info`, put there for
every request session (and every worker unit of work) from `app.state.session_info`.
A session opened without a bus (a script, a test factory) has no subscribers, so its
events are dropped with a debug line; a rolled-back session delivers nothing.
"""

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.database import on_commit
from app.core.events.bus import EventBus

EVENT_BUS_KEY = "event_bus"

log = structlog.get_logger("app.events")


def attach_bus(session: AsyncSession, bus: EventBus) -> None:
    session.info[EVENT_BUS_KEY] = bus


def session_bus(session: AsyncSession) -> EventBus | None:
    bus: EventBus | None = session.info.get(EVENT_BUS_KEY)
    return bus


def publish(session: AsyncSession, event: object) -> None:
    """Deliver `event` to its handlers once the session's transaction has committed."""
    bus = session_bus(session)
    if bus is None:
        log.debug("event_without_bus", event_type=type(event).__name__)
        return

    async def deliver() -> None:
        await bus.deliver(event)

    on_commit(session, deliver)
