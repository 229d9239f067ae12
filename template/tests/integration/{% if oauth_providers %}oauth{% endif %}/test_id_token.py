"""ID tokens are believed only when signed by the provider for us, for this sign-in.

Each test has the provider issue a real token, then checks what our client accepts.
"""

from typing import Any

import pytest
from fastapi import FastAPI
from joserfc.errors import BadSignatureError, InvalidClaimError
from joserfc.jwk import KeySet
from sqlalchemy.ext.asyncio import AsyncSession

from app.modules.users.oauth.client import fetch_token, oauth_client
from app.modules.users.oauth.oidc import OpenIDProvider
from app.modules.users.oauth.pending import PendingSignIn
from app.modules.users.oauth.provider import OAuthProviders
from tests.integration.oauth.browser import Browser, query_of
from tests.integration.oauth.conftest import CLIENT_ID, CLIENT_SECRET, OpenIDServer
from tests.support.tenants import users_with_email

pytestmark = pytest.mark.integration

CALLBACK = "http://testserver/api/v1/auth/oauth/mock/callback"


async def issued(
    browser: Browser, provider: OpenIDProvider, subject: str
) -> tuple[dict[str, Any], PendingSignIn]:
    """The token response the provider gives for one sign-in of `subject`."""
    pending = PendingSignIn.start(provider.name, CALLBACK)
    authorization_url = await provider.authorization_url(pending, "state")
    code = query_of(await browser.approve_as(authorization_url, subject))["code"]
    metadata = await provider.metadata()
    async with oauth_client(CLIENT_ID, CLIENT_SECRET, 5.0) as client:
        return await fetch_token(client, metadata["token_endpoint"], pending, code), pending


async def test_a_genuine_token_gives_its_claims(
    browser: Browser, openid_server: OpenIDServer
) -> None:
    provider = openid_server.provider()
    subject = openid_server.user("genuine", email="genuine@example.com", email_verified=True)
    token, pending = await issued(browser, provider, subject)

    claims = await provider.verified_claims(token, pending.nonce)

    assert (claims["sub"], claims["email"]) == (subject, "genuine@example.com")
    assert CLIENT_ID in claims["aud"]


async def test_a_token_for_another_client_is_refused(
    browser: Browser, openid_server: OpenIDServer
) -> None:
    provider = openid_server.provider()
    token, pending = await issued(browser, provider, openid_server.user("aud", email="a@b.co"))
    provider.client_id = "another-client"

    with pytest.raises(InvalidClaimError, match="aud"):
        await provider.verified_claims(token, pending.nonce)


async def test_a_token_from_another_sign_in_is_refused_by_its_nonce(
    browser: Browser, openid_server: OpenIDServer
) -> None:
    provider = openid_server.provider()
    token, _ = await issued(browser, provider, openid_server.user("nonce", email="n@b.co"))

    with pytest.raises(InvalidClaimError, match="nonce"):
        await provider.verified_claims(token, "the-nonce-of-another-sign-in")


async def test_a_tampered_token_is_refused(browser: Browser, openid_server: OpenIDServer) -> None:
    provider = openid_server.provider()
    token, pending = await issued(browser, provider, openid_server.user("tamper", email="t@b.co"))
    header, payload, signature = token["id_token"].split(".")
    token["id_token"] = f"{header}.{payload}.{signature[::-1]}"

    with pytest.raises(BadSignatureError):
        await provider.verified_claims(token, pending.nonce)


async def test_a_token_response_without_id_token_is_refused(
    openid_server: OpenIDServer,
) -> None:
    with pytest.raises(TypeError, match="id_token"):
        await openid_server.provider().verified_claims({"access_token": "x"}, "nonce")


async def test_rotated_provider_keys_are_fetched_again(
    browser: Browser, openid_server: OpenIDServer
) -> None:
    provider = openid_server.provider()
    token, pending = await issued(browser, provider, openid_server.user("rotate", email="r@b.co"))
    provider._keys = KeySet.generate_key_set("RSA", 2048, count=1)  # keys from before a rotation

    claims = await provider.verified_claims(token, pending.nonce)

    assert claims["sub"] == "rotate"


async def test_through_the_callback_a_token_from_an_unexpected_issuer_signs_no_one_in(
    oauth_app: FastAPI, browser: Browser, openid_server: OpenIDServer, db: AsyncSession
) -> None:
    strict = openid_server.provider(expected_issuer=lambda _issuer, _claims: "https://elsewhere")
    oauth_app.state.oauth_providers = OAuthProviders([strict])
    subject = openid_server.user("elsewhere", email="elsewhere@example.com", email_verified=True)

    response = await browser.sign_in_as("mock", subject)

    assert response.status_code == 502
    assert response.json()["type"].endswith("/oauth-provider-error")
    assert await users_with_email(db, "elsewhere@example.com") == 0
