"""A whole app, started and stopped around a test, for settings other than the defaults."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from asgi_lifespan import LifespanManager
from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient

from app.config import Settings
from app.main import create_app


@asynccontextmanager
async def serving(
    settings: Settings, base_url: str = "http://testserver"
) -> AsyncIterator[tuple[FastAPI, AsyncClient]]:
    app = create_app(settings)
    transport = ASGITransport(app=app, raise_app_exceptions=False)
    async with LifespanManager(app), AsyncClient(transport=transport, base_url=base_url) as client:
        yield app, client
