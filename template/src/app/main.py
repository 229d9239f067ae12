"""Application factory: read this file top to bottom to see everything a request meets.

Run with `uvicorn app.main:create_app --factory`.
"""

import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from app.api.router import build_v1_router
from app.config import Settings, SettingsError, load_settings
from app.core.auth import AccessTokens, Passwords
from app.core.errors import UnhandledErrorMiddleware, install_error_handlers
from app.core.logging import RequestContextMiddleware, configure_logging
from app.core.observability.health import router as health_router
from app.core.resources import Resources
from app.core.routing import operation_id
from app.features import Feature, installed_features
from app.modules import discover_modules
from app.modules.users import load_actor


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or settings_or_exit()
    features = installed_features()
    configure_logging(
        json_output=not settings.app.is_development,
        level=settings.app.log_level,
        extra_processors=[p for feature in features for p in feature.log_processors],
        cache_loggers=not settings.app.is_development,
    )

    docs = settings.http.docs_enabled
    app = FastAPI(
        title=settings.app.app_name,
        version=settings.app.app_version,
        lifespan=lifespan,
        generate_unique_id_function=operation_id,
        docs_url="/docs" if docs else None,
        redoc_url="/redoc" if docs else None,
        openapi_url="/openapi.json" if docs else None,
    )
    app.state.settings = settings
    app.state.features = features

    # Identity: how tokens are checked and how a token becomes an actor with permissions.
    app.state.access_tokens = AccessTokens(settings.app, settings.auth)
    app.state.passwords = Passwords(settings.auth)
    app.state.actor_loader = load_actor

    # Routes: probes at the root, the versioned API under /api/v1.
    modules = discover_modules()
    app.include_router(health_router)
    app.include_router(build_v1_router(modules))

    # Errors: every failure leaves as application/problem+json.
    install_error_handlers(app)

    # Optional features (tracing, metrics, jobs, RLS, OAuth) add their routes and middleware.
    for feature in features:
        feature.install(app, settings)

    # Middleware, innermost first: the last one added sees the request first.
    app.add_middleware(UnhandledErrorMiddleware)
    app.add_middleware(RequestContextMiddleware)
    return app


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Own the pools: open them before the first request, close them after the last."""
    settings: Settings = app.state.settings
    features: list[Feature] = app.state.features
    resources = Resources.open(settings)
    app.state.resources = resources
    started: list[Feature] = []
    try:
        for feature in features:
            await feature.startup(app, resources)
            started.append(feature)
        yield
    finally:
        for feature in reversed(started):
            await feature.shutdown(app)
        await resources.close()


def settings_or_exit() -> Settings:
    """Fail fast, with a message an operator can act on, when configuration is invalid."""
    try:
        return load_settings()
    except SettingsError as exc:
        sys.stderr.write(f"{exc}\n")
        raise SystemExit(78) from None  # EX_CONFIG
