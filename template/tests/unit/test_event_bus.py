"""The event bus routes each event to the handlers of its type, each one on its own."""

import asyncio
from dataclasses import dataclass
from typing import Any

import pytest

from app.core.events import EventBus, Subscription, UnknownHandlerError
from app.core.events.subscriptions import handler_name

pytestmark = pytest.mark.unit


@dataclass(frozen=True, slots=True)
class Happened:
    what: str


@dataclass(frozen=True, slots=True)
class HappenedLoudly(Happened):
    volume: int = 11


class RefusingRunner:
    async def submit(self, _subscription: Subscription[Any], _event: object) -> None:
        raise ConnectionError("queue unreachable")

    async def close(self, grace_seconds: float) -> None:
        pass


async def test_handlers_of_a_base_class_also_receive_subclass_events() -> None:
    bus = EventBus()
    received: list[str] = []

    @bus.handler(Happened)
    async def any_happening(event: Happened) -> None:
        received.append(f"any {event.what}")

    @bus.handler(HappenedLoudly)
    async def loud_only(event: HappenedLoudly) -> None:
        received.append(f"loud {event.what}")

    await bus.deliver(HappenedLoudly("bang"))
    await bus.deliver(Happened("tick"))
    assert received == ["loud bang", "any bang", "any tick"]


async def test_an_event_nobody_subscribed_to_is_fine() -> None:
    await EventBus().deliver(Happened("unheard"))


def test_handler_names_are_unique_and_found_by_name() -> None:
    bus = EventBus()

    async def react(event: Happened) -> None:
        pass

    subscription = bus.subscribe(Happened, react)
    assert subscription.name == handler_name(react)
    assert bus.subscription(subscription.name) is subscription
    with pytest.raises(ValueError, match="already registered"):
        bus.subscribe(Happened, react)
    with pytest.raises(UnknownHandlerError):
        bus.subscription("nobody")


async def test_a_refused_background_submission_is_logged_not_raised() -> None:
    bus = EventBus(runner=RefusingRunner())
    received: list[str] = []

    async def queued(event: Happened) -> None:
        raise AssertionError("never runs here")

    async def inline(event: Happened) -> None:
        received.append(event.what)

    bus.subscribe(Happened, queued, background=True)
    bus.subscribe(Happened, inline)
    await bus.deliver(Happened("still delivered"))
    assert received == ["still delivered"]


def test_a_bus_without_sessions_says_so() -> None:
    with pytest.raises(RuntimeError, match="without a way to open database sessions"):
        EventBus().unit_of_work()


async def test_in_process_background_handlers_finish_within_the_shutdown_grace() -> None:
    bus = EventBus()
    received: list[str] = []

    async def slow(event: Happened) -> None:
        await asyncio.sleep(0.01)
        received.append(event.what)

    bus.subscribe(Happened, slow, background=True)
    await bus.deliver(Happened("later"))
    assert received == []
    await bus.close(grace_seconds=5)
    assert received == ["later"]
