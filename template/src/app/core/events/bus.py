"""The in-process event bus: modules react to each other's facts without importing internals.

A module announces a fact with `publish(session, event)`; events are frozen dataclasses
defined and exported by the module that owns them (`TenantCreated` by tenants). Other
modules subscribe in their `handlers.py`, whose `register(bus)` runs once at start-up,
so every subscription is visible in one place per module. Delivery happens only after the
publishing transaction commits: a handler never reacts to something that was rolled back.

Each handler runs in isolation (see `run_isolated`). Inline handlers run right after the
commit, before the response leaves, so keep them quick; handlers subscribed with
`background=True` go to the bus's `runner` instead: tasks in this process by default
(see `runners.py`), the job queue when the service has a background worker.
"""

from collections import defaultdict
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from functools import partial
from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from app.core.events.runners import BackgroundRunner, InProcessRunner
from app.core.events.subscriptions import (
    EventHandler,
    Subscription,
    guarded,
    handler_name,
    run_isolated,
)

# Opens a unit of work (commit on success, roll back on error) scoped to a tenant.
UnitOfWork = Callable[[UUID | None], AbstractAsyncContextManager[AsyncSession]]

SHUTDOWN_GRACE_SECONDS = 10.0


class UnknownHandlerError(LookupError):
    """A queued delivery names a handler this process did not register."""


class EventBus:
    def __init__(
        self, sessions: UnitOfWork | None = None, runner: BackgroundRunner | None = None
    ) -> None:
        self._subscriptions: defaultdict[type, list[Subscription[Any]]] = defaultdict(list)
        self._by_name: dict[str, Subscription[Any]] = {}
        self._sessions = sessions
        self.runner: BackgroundRunner = runner or InProcessRunner()

    def subscribe[E](
        self,
        event_type: type[E],
        handler: EventHandler[E],
        *,
        background: bool = False,
        name: str | None = None,
    ) -> Subscription[E]:
        subscription = Subscription(
            event_type=event_type,
            handler=handler,
            name=name or handler_name(handler),
            background=background,
        )
        if subscription.name in self._by_name:
            msg = f"An event handler named {subscription.name!r} is already registered"
            raise ValueError(msg)
        self._subscriptions[event_type].append(subscription)
        self._by_name[subscription.name] = subscription
        return subscription

    def handler[E](
        self, event_type: type[E], *, background: bool = False
    ) -> Callable[[EventHandler[E]], EventHandler[E]]:
        """Decorator form of `subscribe()`: `@bus.handler(UserCreated, background=True)`."""

        def decorate(function: EventHandler[E]) -> EventHandler[E]:
            self.subscribe(event_type, function, background=background)
            return function

        return decorate

    def subscriptions_for(self, event_type: type) -> list[Subscription[Any]]:
        """Handlers of the type and of its base classes, in subscription order."""
        return [
            subscription
            for klass in event_type.__mro__
            for subscription in self._subscriptions.get(klass, ())
        ]

    def subscription(self, name: str) -> Subscription[Any]:
        try:
            return self._by_name[name]
        except KeyError:
            raise UnknownHandlerError(f"No event handler named {name!r}") from None

    async def deliver(self, event: object) -> None:
        """Run the inline handlers now and hand the background ones to the runner."""
        for subscription in self.subscriptions_for(type(event)):
            if subscription.background:
                # Same contract as a failing handler: a refused submission is logged only.
                await guarded(partial(self.runner.submit, subscription, event), subscription, event)
            else:
                await run_isolated(subscription, event)

    def unit_of_work(
        self, tenant_id: UUID | None = None
    ) -> AbstractAsyncContextManager[AsyncSession]:
        """A fresh session for a handler's own reads and writes, scoped to `tenant_id`.

        The publishing session has already committed, so a handler that needs the
        database opens its own unit of work; the events it publishes are delivered too.
        """
        if self._sessions is None:
            msg = "This event bus was created without a way to open database sessions"
            raise RuntimeError(msg)
        return self._sessions(tenant_id)

    async def close(self, grace_seconds: float = SHUTDOWN_GRACE_SECONDS) -> None:
        await self.runner.close(grace_seconds)
