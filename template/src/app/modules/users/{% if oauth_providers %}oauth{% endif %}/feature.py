"""The `oauth_providers` feature: settings, the offered providers and the sign-in routes."""

from collections.abc import Sequence

from fastapi import FastAPI
from structlog.typing import Processor

from app.config import Settings
from app.core.resources import Resources
from app.modules.users.oauth.provider import discover_providers
from app.modules.users.oauth.routes import API_PREFIX, router
from app.modules.users.oauth.settings import OAuthSettings, load_settings


class OAuthFeature:
    name = "oauth_providers"
    log_processors: Sequence[Processor] = ()

    def install(self, app: FastAPI, settings: Settings) -> None:  # noqa: ARG002 - protocol
        oauth = load_settings(OAuthSettings)
        app.state.oauth_settings = oauth
        app.state.oauth_providers = discover_providers(oauth)
        app.include_router(router, prefix=API_PREFIX)

    async def startup(self, app: FastAPI, resources: Resources) -> None:
        """Nothing to open: provider metadata is fetched on first use, so an outage at a
        provider never stops the service from starting."""

    async def shutdown(self, app: FastAPI) -> None:
        """Nothing to close: every sign-in uses its own short-lived HTTP client."""


feature = OAuthFeature()
