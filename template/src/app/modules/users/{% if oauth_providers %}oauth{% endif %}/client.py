"""Talking to providers through Authlib: the authorization URL, the HTTP client, failures.

Any failure while talking to a provider (unreachable, an error answer, a malformed or
badly signed response) becomes a `ProviderError` (502 problem), logged with its reason.
"""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx2
import structlog
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.httpx_client import AsyncOAuth2Client
from authlib.oauth2 import OAuth2Client
from joserfc.errors import JoseError

from app.modules.users.oauth.errors import ProviderError
from app.modules.users.oauth.pending import PendingSignIn

log = structlog.get_logger("app.auth")

PROVIDER_FAILURES = (httpx2.HTTPError, AuthlibBaseError, JoseError, ValueError, KeyError, TypeError)


def authorization_url(
    endpoint: str, client_id: str, scope: str, pending: PendingSignIn, state: str, **extra: str
) -> str:
    """`endpoint` with client_id, redirect_uri, scope, state and the S256 code_challenge."""
    client = OAuth2Client(None, client_id=client_id, scope=scope, code_challenge_method="S256")
    url, _ = client.create_authorization_url(
        endpoint,
        state=state,
        code_verifier=pending.code_verifier,
        redirect_uri=pending.redirect_uri,
        **extra,
    )
    return str(url)


def oauth_client(client_id: str, client_secret: str, timeout: float) -> Any:
    """An Authlib client for the token exchange and the calls made with its token."""
    return AsyncOAuth2Client(
        client_id=client_id,
        client_secret=client_secret,
        token_endpoint_auth_method="client_secret_post",  # noqa: S106 - a method name
        code_challenge_method="S256",
        timeout=timeout,
    )


async def fetch_token(
    client: Any, token_endpoint: str, pending: PendingSignIn, code: str
) -> dict[str, Any]:
    token = await client.fetch_token(
        token_endpoint,
        grant_type="authorization_code",
        code=code,
        redirect_uri=pending.redirect_uri,
        code_verifier=pending.code_verifier,
    )
    return dict(token)


@asynccontextmanager
async def talking_to(provider: str, step: str) -> AsyncIterator[None]:
    try:
        yield
    except PROVIDER_FAILURES as exc:
        log.warning(
            "oauth_provider_failed",
            provider=provider,
            step=step,
            error=type(exc).__name__,
            reason=str(exc)[:300],
        )
        raise ProviderError(
            f"Signing in with {provider} failed ({step}); try again in a moment"
        ) from exc
