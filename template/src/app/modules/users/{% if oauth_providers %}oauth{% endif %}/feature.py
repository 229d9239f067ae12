"""The `oauth_providers` feature: settings, the offered providers and the sign-in routes."""

from collections.abc import Sequence

from fastapi import FastAPI
from structlog.typing import Processor

from app.config import Settings
from app.core.resources import Resources
from app.modules.users.oauth.provider import discover_providers
from app.modules.users.oauth.routes import API_PREFIX, router
from app.modules.users.oauth.settings import (
    OAuthSettings,
    load_settings,
    require_public_urls,
)


class OAuthFeature:
    name = "oauth_providers"
    log_processors: Sequence[Processor] = ()

    def install(self, app: FastAPI, settings: Settings) -> None:
        oauth = load_settings(OAuthSettings)
        offered = discover_providers(oauth)
        if offered.names and not settings.app.is_development:
            require_public_urls(oauth, settings.app.environment.value)
        app.state.oauth_settings = oauth
        app.state.oauth_providers = offered
        app.include_router(router, prefix=API_PREFIX)

    async def startup(self, app: FastAPI, resources: Resources) -> None:
        """Nothing to open: provider metadata is fetched on first use, so an outage at a
        provider never stops the service from starting."""

    async def shutdown(self, app: FastAPI) -> None:
        """Nothing to close: every sign-in uses its own short-lived HTTP client."""


feature = OAuthFeature()
