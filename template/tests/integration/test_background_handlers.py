"""Background handlers without a worker: tasks of this process, started after the commit.

They do not hold up the commit, they keep the request id in their logs, and at shutdown
they get a grace period to finish before they are cancelled.
"""

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from app.core.context import RequestContext, bind_context
from app.core.database import commit, rollback
from app.core.events import EventBus, InProcessRunner, attach_bus, publish
from tests.support.logs import json_lines, json_logs_to_current_stderr

pytestmark = pytest.mark.integration


@dataclass(frozen=True, slots=True)
class ReportRequested:
    name: str


@pytest.fixture
def runner() -> InProcessRunner:
    return InProcessRunner()


@pytest.fixture
def bus(runner: InProcessRunner) -> EventBus:
    return EventBus(runner=runner)


@pytest.fixture
async def session(connection: AsyncConnection, bus: EventBus) -> AsyncIterator[AsyncSession]:
    session = AsyncSession(bind=connection, join_transaction_mode="create_savepoint")
    attach_bus(session, bus)
    yield session
    await session.close()


async def test_a_background_handler_starts_after_the_commit_without_delaying_it(
    bus: EventBus, runner: InProcessRunner, session: AsyncSession
) -> None:
    release = asyncio.Event()
    done: list[str] = []

    async def build_report(event: ReportRequested) -> None:
        await release.wait()
        done.append(event.name)

    bus.subscribe(ReportRequested, build_report, background=True)
    publish(session, ReportRequested("q3"))
    assert runner.pending == 0  # nothing runs before the commit
    await commit(session)  # returns while the handler still waits
    assert runner.pending == 1
    assert done == []
    release.set()
    await runner.drain()
    assert done == ["q3"]


async def test_a_rolled_back_session_starts_no_background_handler(
    bus: EventBus, runner: InProcessRunner, session: AsyncSession
) -> None:
    async def build_report(event: ReportRequested) -> None:
        raise AssertionError(event)

    bus.subscribe(ReportRequested, build_report, background=True)
    publish(session, ReportRequested("q3"))
    await rollback(session)
    await commit(session)
    assert runner.pending == 0


async def test_a_failing_background_handler_is_logged_with_the_request_id(
    bus: EventBus,
    runner: InProcessRunner,
    session: AsyncSession,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async def build_report(event: ReportRequested) -> None:
        raise RuntimeError(f"no data for {event.name}")

    bus.subscribe(ReportRequested, build_report, background=True, name="reports.build")
    json_logs_to_current_stderr(monkeypatch)
    capsys.readouterr()
    with bind_context(RequestContext(request_id="req-bg-1")):
        publish(session, ReportRequested("q4"))
        await commit(session)
    await runner.drain()
    lines = json_lines(capsys.readouterr().err)
    (failure,) = [line for line in lines if line["event"] == "event_handler_failed"]
    assert failure["request_id"] == "req-bg-1"
    assert failure["handler"] == "reports.build"


async def test_shutdown_waits_for_quick_handlers_and_cancels_stuck_ones(
    bus: EventBus,
    runner: InProcessRunner,
    session: AsyncSession,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    finished: list[str] = []
    cancelled: list[str] = []

    async def quick(event: ReportRequested) -> None:
        await asyncio.sleep(0)
        finished.append(event.name)

    async def stuck(event: ReportRequested) -> None:
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            cancelled.append(event.name)
            raise

    bus.subscribe(ReportRequested, quick, background=True)
    bus.subscribe(ReportRequested, stuck, background=True, name="reports.stuck")
    json_logs_to_current_stderr(monkeypatch)
    capsys.readouterr()
    publish(session, ReportRequested("annual"))
    await commit(session)
    await bus.close(grace_seconds=0.05)
    assert finished == ["annual"]
    assert cancelled == ["annual"]
    assert runner.pending == 0
    lines = json_lines(capsys.readouterr().err)
    (warning,) = [line for line in lines if line["event"] == "background_handlers_cancelled"]
    assert warning["handlers"] == ["event-handler:reports.stuck"]


async def test_closing_with_nothing_running_returns_at_once(bus: EventBus) -> None:
    await asyncio.wait_for(bus.close(grace_seconds=60), timeout=1)
