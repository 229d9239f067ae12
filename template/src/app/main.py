"""Application factory: read this file top to bottom to see everything a request meets.

Run with `uvicorn app.main:create_app --factory`.
"""

import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import partial

from fastapi import FastAPI
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from app.api.router import include_v1
from app.config import Settings, SettingsError, load_settings
from app.core.auth import AccessTokens, Actors, CallerMiddleware, Passwords
from app.core.auth.actor_cache import ActorCache
from app.core.auth.actor_invalidation import ACTOR_CACHE_KEY
from app.core.cache import Cache
from app.core.database import app_session
from app.core.errors import (
    UnhandledErrorMiddleware,
    install_error_handlers,
    install_problem_schemas,
)
from app.core.events import EVENT_BUS_KEY, EventBus
from app.core.http import (
    CORS_ALLOW_HEADERS,
    CORS_ALLOW_METHODS,
    CORS_EXPOSE_HEADERS,
    CORS_MAX_AGE_SECONDS,
    AllowlistCORSMiddleware,
    SecurityHeadersMiddleware,
    TrustedHostMiddleware,
    docs_paths,
    install_body_limit,
)
from app.core.logging import RequestContextMiddleware, configure_logging
from app.core.observability.health import router as health_router
from app.core.observability.signals import signals
from app.core.rate_limit import LocalSlidingWindow, RateLimitMiddleware, SlidingWindowLimiter
from app.core.resources import Resources
from app.core.routing import operation_id
from app.core.runtime import long_lived_heap
from app.core.session_hooks import install_session_hooks
from app.features import Feature, installed_features, request_telemetry
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
    if docs is None:  # the API's map is for developers: a deployed service shows it on request
        docs = settings.app.is_development
    telemetry = request_telemetry(features, settings)
    app = FastAPI(
        title=settings.app.app_name,
        version=settings.app.app_version,
        lifespan=lifespan,
        generate_unique_id_function=operation_id,
        docs_url="/docs" if docs else None,
        redoc_url="/redoc" if docs else None,
        openapi_url="/openapi.json" if docs else None,
        telemetry=telemetry,
    )
    app.state.settings = settings
    app.state.telemetry = telemetry
    app.state.features = features

    # Identity: how tokens are issued and checked, and how a token becomes an actor with
    # permissions (the users module's query, remembered per process until a write that
    # changes an actor commits).
    access_tokens = AccessTokens(settings.app, settings.auth)
    actors = Actors(load_actor)
    app.state.access_tokens = access_tokens
    app.state.passwords = Passwords(settings.auth)
    app.state.actors = actors

    # Session hooks, in the order they run: the tenant wall, the audit trail, actor
    # invalidation, then the features' (row-level security). See app.core.session_hooks.
    install_session_hooks(features)

    # Routes: probes at the root, the versioned API under /api/v1.
    modules = discover_modules()
    app.include_router(health_router)
    include_v1(app, modules)

    # Events: modules react to each other's facts once the publishing transaction commits.
    event_bus = EventBus(sessions=partial(app_session, app))
    for module in modules:
        if module.register_handlers is not None:
            module.register_handlers(event_bus)
    app.state.event_bus = event_bus
    app.state.session_info = {EVENT_BUS_KEY: event_bus}  # every session can publish()

    # Errors: every failure leaves as application/problem+json.
    install_error_handlers(app)
    install_problem_schemas(app)  # the schema every documented error response refers to

    # Rate limits: a global budget per caller (probes and /metrics exempt); routes add
    # stricter ones with `rate_limit()`. Added before the features so their middleware
    # (metrics, tracing) also sees the requests it refuses.
    if settings.rate_limit.enabled:
        app.add_middleware(RateLimitMiddleware, settings=settings.rate_limit)

    # The caller: the bearer token is verified once, here, before the rate limit; the
    # limiter, the route dependencies and the logs all read the resulting `Caller`.
    app.add_middleware(CallerMiddleware, tokens=access_tokens, actors=actors)

    # Bodies over MAX_BODY_BYTES: 413 from the Content-Length, or as the stream crosses it.
    install_body_limit(app, settings.http.max_body_bytes)

    # Optional features (tracing, metrics, jobs, RLS, OAuth) add their routes and middleware.
    for feature in features:
        feature.install(app, settings)

    # Middleware, innermost first: the last one added sees the request first. A request
    # meets: proxy headers, request context, security headers, trusted host, CORS,
    # unhandled errors, the features, the body limit, the caller, the rate limit, then
    # its route.
    http = settings.http
    app.add_middleware(UnhandledErrorMiddleware)
    # CORS outside the error and rate-limit answers, so browsers can read those too.
    if http.cors_origins:
        app.add_middleware(
            AllowlistCORSMiddleware,
            allow_origins=http.cors_origins,
            allow_credentials=True,
            allow_methods=CORS_ALLOW_METHODS,
            allow_headers=CORS_ALLOW_HEADERS,
            expose_headers=CORS_EXPOSE_HEADERS,
            max_age=CORS_MAX_AGE_SECONDS,
        )
    # A Host outside TRUSTED_HOSTS is refused (400) before any work is done.
    if "*" not in http.trusted_hosts:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=http.trusted_hosts)
    # Security headers on every response, refusals included; HSTS outside development.
    app.add_middleware(
        SecurityHeadersMiddleware,
        hsts_max_age=None if settings.app.is_development else http.hsts_max_age,
        docs=docs_paths(app),
    )
    app.add_middleware(RequestContextMiddleware)
    # Outermost: the client address comes from X-Forwarded-For only via trusted proxies.
    if settings.http.forwarded_allow_ips:
        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=settings.http.forwarded_allow_ips)
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
        app.state.rate_limiter = SlidingWindowLimiter(resources.redis)
        app.state.local_rate_limiter = LocalSlidingWindow()
        app.state.cache = Cache(resources.redis, signals(app))
        actors: Actors = app.state.actors
        actors.cache = ActorCache(resources.redis, settings.auth.actor_cache_seconds)
        app.state.session_info[ACTOR_CACHE_KEY] = actors.cache
        with long_lived_heap():  # start-up objects stay out of every garbage collection
            yield
    finally:
        await app.state.event_bus.close()  # background handlers still running: wait, then cancel
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
