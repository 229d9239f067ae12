"""A real OpenID Connect provider (oidc-provider-mock) on a local port, registered with the app.

The app offers it as the provider `mock`, configured exactly like Google or Microsoft:
from its discovery document, with ID tokens checked against its published keys.
"""

from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from fastapi import FastAPI
from oidc_provider_mock import run_server_in_thread

from app.modules.users.oauth.oidc import OpenIDProvider
from app.modules.users.oauth.provider import OAuthProviders
from app.modules.users.oauth.settings import OAuthSettings
from tests.integration.oauth.browser import Browser

FRONTEND = "https://app.example.test/signed-in"
CLIENT_ID = "acme-platform"
CLIENT_SECRET = "provider-issued-secret"


class OpenIDServer:
    """The running provider; `user()` sets the claims it will assert for a subject."""

    def __init__(self, base_url: str, admin: httpx.Client) -> None:
        self.base_url = base_url
        self.discovery_url = f"{base_url}/.well-known/openid-configuration"
        self.admin = admin

    def user(self, subject: str, **claims: object) -> str:
        self.admin.put(f"{self.base_url}/users/{subject}", json=claims).raise_for_status()
        return subject

    def provider(self, name: str = "mock", **options: object) -> OpenIDProvider:
        return OpenIDProvider(
            name=name,
            client_id=CLIENT_ID,
            client_secret=CLIENT_SECRET,
            discovery_url=self.discovery_url,
            **options,
        )


@pytest.fixture(scope="session")
def openid_server() -> Iterator[OpenIDServer]:
    with run_server_in_thread() as server, httpx.Client() as admin:
        yield OpenIDServer(f"http://localhost:{server.server_port}", admin)


@pytest.fixture(scope="session")
async def at_provider() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient() as there:
        yield there


@pytest.fixture
def browser(client: httpx.AsyncClient, at_provider: httpx.AsyncClient) -> Browser:
    return Browser(here=client, there=at_provider)


@pytest.fixture
def oauth_settings() -> OAuthSettings:
    return OAuthSettings(_env_file=None, frontend_redirect_url=FRONTEND)


@pytest.fixture
def oauth_app(app: FastAPI, openid_server: OpenIDServer, oauth_settings: OAuthSettings) -> FastAPI:
    """The test app offering exactly one provider, `mock`, whatever the environment says."""
    app.state.oauth_settings = oauth_settings
    app.state.oauth_providers = OAuthProviders([openid_server.provider()])
    return app
