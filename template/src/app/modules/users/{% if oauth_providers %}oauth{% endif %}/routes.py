"""Sign in with a provider: /auth/oauth/{provider}/authorize, then .../callback.

Both are browser navigations. The callback answers the way a browser can use: it sets
the refresh-token cookie (as password sign-in does) and redirects (302) to
OAUTH_FRONTEND_REDIRECT_URL with `access_token`, `token_type` and `expires_in` in the URL
fragment, which browsers never send to a server or put in a Referer. Failures answer
with problem+json. Both carry the strict per-address budget of password sign-in
(`auth_rate_limit`, RATE_LIMIT_AUTH_*), each in its own bucket, so one sign-in costs one
request of each.
"""

from typing import Annotated
from urllib.parse import urlencode

from fastapi import Cookie, Depends, Path, Query, Request
from fastapi.responses import RedirectResponse

from app.core.auth import set_refresh_cookie
from app.core.database import DbSession
from app.core.rate_limit import auth_rate_limit
from app.core.redis import RedisClient
from app.core.routing import AgencyRouter
from app.modules.users.dependencies import AppSettings, Tokens
from app.modules.users.oauth.errors import ProviderDeniedError
from app.modules.users.oauth.pending import PendingSignIn, new_state
from app.modules.users.oauth.provider import OAuthProvider, OAuthProviders
from app.modules.users.oauth.settings import OAuthSettings
from app.modules.users.oauth.state import (
    STATE_COOKIE,
    SignInStates,
    clear_state_cookie,
    set_state_cookie,
)
from app.modules.users.services.oauth_sign_in import OAuthSignInService

API_PREFIX = "/api/v1"  # the feature mounts the router there, beside the modules' routes
router = AgencyRouter(prefix="/auth/oauth", tags=["auth"])

NO_STORE = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}


async def oauth_settings(request: Request) -> OAuthSettings:
    settings: OAuthSettings = request.app.state.oauth_settings
    return settings


OAuthConfig = Annotated[OAuthSettings, Depends(oauth_settings)]


async def chosen_provider(
    request: Request, provider: Annotated[str, Path(max_length=32)]
) -> OAuthProvider:
    """The provider named in the path; unknown or unconfigured ones are a 404."""
    offered: OAuthProviders = request.app.state.oauth_providers
    return offered.get(provider)


Provider = Annotated[OAuthProvider, Depends(chosen_provider)]


async def sign_in_states(redis: RedisClient, config: OAuthConfig) -> SignInStates:
    return SignInStates(redis, config.state_ttl_seconds)


States = Annotated[SignInStates, Depends(sign_in_states)]


async def oauth_sign_in(
    session: DbSession, tokens: Tokens, settings: AppSettings
) -> OAuthSignInService:
    return OAuthSignInService(session, tokens, settings.auth)


SignIn = Annotated[OAuthSignInService, Depends(oauth_sign_in)]


def callback_url(request: Request, config: OAuthConfig, provider: str) -> str:
    if config.callback_base_url:
        return f"{config.callback_base_url}{API_PREFIX}{router.prefix}/{provider}/callback"
    return str(request.url_for("oauth_callback", provider=provider))


@router.get(
    "/{provider}/authorize",
    response_model=None,
    status_code=302,
    summary="Start signing in with a provider (redirects to its sign-in page)",
    responses={404: {"description": "The provider is not offered"}},
    dependencies=[auth_rate_limit("auth:oauth-authorize")],
)
async def oauth_authorize(
    request: Request,
    chosen: Provider,
    states: States,
    config: OAuthConfig,
    settings: AppSettings,
) -> RedirectResponse:
    pending = PendingSignIn.start(chosen.name, callback_url(request, config, chosen.name))
    state = new_state()
    url = await chosen.authorization_url(pending, state)
    await states.save(state, pending)
    response = RedirectResponse(url, status_code=302, headers=NO_STORE)
    set_state_cookie(response, state, settings, config.state_ttl_seconds)
    return response


@router.get(
    "/{provider}/callback",
    response_model=None,
    status_code=302,
    summary="Finish signing in with a provider (redirects to the frontend, token in #fragment)",
    responses={
        400: {"description": "Unknown, expired or reused state, or the provider refused"},
        403: {"description": "The provider has not verified the account's email"},
        409: {"description": "An account with that email signs in with a password"},
        502: {"description": "The provider failed"},
    },
    dependencies=[auth_rate_limit("auth:oauth-callback")],
)
async def oauth_callback(
    *,
    chosen: Provider,
    states: States,
    sign_in: SignIn,
    config: OAuthConfig,
    settings: AppSettings,
    code: Annotated[str | None, Query(max_length=2048)] = None,
    state: Annotated[str | None, Query(max_length=256)] = None,
    error: Annotated[str | None, Query(max_length=128)] = None,
    error_description: Annotated[str | None, Query(max_length=1024)] = None,
    state_cookie: Annotated[str | None, Cookie(alias=STATE_COOKIE, include_in_schema=False)] = None,
) -> RedirectResponse:
    pending = await states.claim(chosen.name, state, state_cookie)
    if error or not code:
        reason = error_description or error or "no authorization code was returned"
        raise ProviderDeniedError(f"{chosen.name} did not complete the sign-in: {reason}")
    tokens = await sign_in.sign_in(await chosen.identify(pending, code))
    fragment = urlencode(
        {
            "access_token": tokens.access_token,
            "token_type": "bearer",
            "expires_in": tokens.expires_in,
        }
    )
    response = RedirectResponse(
        f"{config.frontend_redirect_url}#{fragment}", status_code=302, headers=NO_STORE
    )
    set_refresh_cookie(response, tokens.refresh_token, settings)
    clear_state_cookie(response, settings)
    return response
