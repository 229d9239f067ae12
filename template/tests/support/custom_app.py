"""Run the real app with settings of a test's own (strict limits, an unreachable Redis)."""

from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager

from asgi_lifespan import LifespanManager
from fastapi import APIRouter, FastAPI
from httpx import ASGITransport, AsyncClient
from sqlalchemy.ext.asyncio import AsyncConnection

from app.config import Settings
from app.main import create_app
from tests.support.shared_connection import share_connection
from tests.support.signals import RecordingSignals

CLOSED_PORT_REDIS = "redis://127.0.0.1:1/0"


@asynccontextmanager
async def running_app(
    settings: Settings,
    connection: AsyncConnection | None = None,
    routers: Sequence[APIRouter] = (),
    prepare: Callable[[FastAPI], None] | None = None,
) -> AsyncIterator[FastAPI]:
    """The app with extra routers and a `RecordingSignals` sink (`app.state.signals`);
    with `connection`, its sessions join the test's rolled-back transaction. `prepare`
    may adjust the app before it starts (e.g. its middleware)."""
    app = create_app(settings)
    for router in routers:
        app.include_router(router)
    if prepare is not None:
        prepare(app)
    app.state.signals = RecordingSignals()
    async with LifespanManager(app):
        if connection is not None:
            share_connection(app, connection)
        yield app


def client_for(app: FastAPI, ip: str = "127.0.0.1") -> AsyncClient:
    """A client whose requests arrive from `ip` (the peer address the server sees)."""
    transport = ASGITransport(app=app, raise_app_exceptions=False, client=(ip, 50000))
    return AsyncClient(transport=transport, base_url="http://testserver")


def recorded(app: FastAPI) -> RecordingSignals:
    sink: RecordingSignals = app.state.signals
    return sink
