"""What a sign-in provider does, and the registry of the ones this service offers.

Every module in `providers/` exposes `create(settings)`, which returns its provider or
None when its credentials are not configured; `discover_providers()` imports them all
(copier renders only the chosen ones) and keeps the configured ones.
"""

import pkgutil
from collections.abc import Iterable
from importlib import import_module
from typing import Protocol, cast

from app.core.errors import NotFoundError
from app.modules.users.oauth import providers
from app.modules.users.oauth.pending import PendingSignIn
from app.modules.users.oauth.settings import OAuthSettings
from app.modules.users.services.oauth_sign_in import ExternalIdentity


class OAuthProvider(Protocol):
    @property
    def name(self) -> str:
        """The path segment in /auth/oauth/{provider}/... and the stored account's provider."""

    async def authorization_url(self, pending: PendingSignIn, state: str) -> str:
        """The provider's page that asks the user to sign in, carrying state and PKCE."""

    async def identify(self, pending: PendingSignIn, code: str) -> ExternalIdentity:
        """Exchange the code (with the PKCE verifier) and say who signed in."""


class ProviderModule(Protocol):
    def create(self, settings: OAuthSettings) -> OAuthProvider | None:
        """The provider configured from the environment, or None without credentials."""


class OAuthProviders:
    def __init__(self, offered: Iterable[OAuthProvider] = ()) -> None:
        self._providers = {provider.name: provider for provider in offered}

    def register(self, provider: OAuthProvider) -> None:
        self._providers[provider.name] = provider

    def get(self, name: str) -> OAuthProvider:
        provider = self._providers.get(name)
        if provider is None:
            raise NotFoundError(f"Signing in with {name!r} is not offered by this service")
        return provider

    @property
    def names(self) -> list[str]:
        return sorted(self._providers)


def discover_providers(settings: OAuthSettings) -> OAuthProviders:
    registry = OAuthProviders()
    for info in pkgutil.iter_modules(providers.__path__, f"{providers.__name__}."):
        module = cast("ProviderModule", import_module(info.name))
        provider = module.create(settings)
        if provider is not None:
            registry.register(provider)
    return registry
