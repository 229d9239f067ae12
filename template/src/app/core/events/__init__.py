"""Domain events between modules: publish after commit, handlers registered per module."""

from app.core.events.bus import SHUTDOWN_GRACE_SECONDS, EventBus, UnitOfWork, UnknownHandlerError
from app.core.events.publishing import EVENT_BUS_KEY, attach_bus, publish, session_bus
from app.core.events.runners import BackgroundRunner, InProcessRunner
from app.core.events.subscriptions import EventHandler, Subscription, run_isolated

__all__ = [
    "EVENT_BUS_KEY",
    "SHUTDOWN_GRACE_SECONDS",
    "BackgroundRunner",
    "EventBus",
    "EventHandler",
    "InProcessRunner",
    "Subscription",
    "UnitOfWork",
    "UnknownHandlerError",
    "attach_bus",
    "publish",
    "run_isolated",
    "session_bus",
]
