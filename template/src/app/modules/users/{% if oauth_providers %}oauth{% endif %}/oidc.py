"""A generic OpenID Connect provider, configured from its discovery document.

The identity comes from the ID token, verified with Authlib and joserfc: signature
against the provider's published keys (refetched once when a key id is unknown, as after
a rotation), issuer, audience (our client id), expiry, the nonce sent with this sign-in,
and the access-token hash. Google and Microsoft are instances of it; any other compliant
provider can be added with a small module in `providers/`.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, cast

import httpx2
from authlib.oidc.core import CodeIDToken
from joserfc import jwt
from joserfc.errors import InvalidKeyIdError
from joserfc.jwk import KeySet, KeySetSerialization

from app.modules.users.oauth.client import authorization_url, fetch_token, oauth_client, talking_to
from app.modules.users.oauth.pending import PendingSignIn
from app.modules.users.services.oauth_sign_in import ExternalIdentity

Claims = Mapping[str, Any]
IdentityFromClaims = Callable[[str, Claims], ExternalIdentity]
IssuerForClaims = Callable[[str, Claims], str]

REQUIRED_METADATA = ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri")
SIGNING_ALGORITHMS = frozenset(
    {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"}
)
CLOCK_LEEWAY_SECONDS = 60


def claim_is_true(value: object) -> bool:
    """Providers send booleans as true, "true" or "1"."""
    return str(value).strip().lower() in {"true", "1"}


def claim_text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def standard_identity(provider: str, claims: Claims) -> ExternalIdentity:
    """The standard claims: `sub`, `email`, `email_verified`, `name`."""
    return ExternalIdentity.of(
        provider,
        subject=str(claims["sub"]),
        email=claim_text(claims.get("email")),
        email_verified=claim_is_true(claims.get("email_verified")),
        name=claim_text(claims.get("name")),
    )


def discovered_issuer(issuer: str, _claims: Claims) -> str:
    return issuer


@dataclass(eq=False)
class OpenIDProvider:
    name: str
    client_id: str
    client_secret: str
    discovery_url: str
    timeout: float = 10.0
    scope: str = "openid email profile"
    to_identity: IdentityFromClaims = standard_identity
    expected_issuer: IssuerForClaims = discovered_issuer
    _metadata: dict[str, Any] | None = field(default=None, init=False, repr=False)
    _keys: KeySet | None = field(default=None, init=False, repr=False)

    async def authorization_url(self, pending: PendingSignIn, state: str) -> str:
        metadata = await self.metadata()
        return authorization_url(
            metadata["authorization_endpoint"],
            self.client_id,
            self.scope,
            pending,
            state,
            nonce=pending.nonce,
        )

    async def identify(self, pending: PendingSignIn, code: str) -> ExternalIdentity:
        metadata = await self.metadata()
        async with (
            oauth_client(self.client_id, self.client_secret, self.timeout) as client,
            talking_to(self.name, "token exchange"),
        ):
            token = await fetch_token(client, metadata["token_endpoint"], pending, code)
        async with talking_to(self.name, "ID token"):
            claims = await self.verified_claims(token, pending.nonce)
            return self.to_identity(self.name, claims)

    async def metadata(self) -> dict[str, Any]:
        """The discovery document, fetched on first use (an outage never blocks start-up)."""
        if self._metadata is None:
            async with talking_to(self.name, "discovery"):
                metadata = await self._get_json(self.discovery_url)
                missing = [
                    key for key in REQUIRED_METADATA if not isinstance(metadata.get(key), str)
                ]
                if missing:
                    raise ValueError(f"discovery document lacks {', '.join(missing)}")
                self._metadata = metadata
        return self._metadata

    async def verified_claims(self, token: Mapping[str, Any], nonce: str) -> dict[str, Any]:
        id_token = token.get("id_token")
        if not isinstance(id_token, str):
            raise TypeError("the token response has no id_token")
        metadata = await self.metadata()
        offered = metadata.get("id_token_signing_alg_values_supported") or ["RS256"]
        algorithms = [alg for alg in offered if alg in SIGNING_ALGORITHMS] or ["RS256"]
        try:
            decoded = jwt.decode(id_token, await self.signing_keys(), algorithms=algorithms)
        except InvalidKeyIdError:  # the provider rotated its keys since we fetched them
            decoded = jwt.decode(id_token, await self.signing_keys(refresh=True), algorithms)
        claims = CodeIDToken(
            decoded.claims,
            decoded.header,
            {
                "iss": {
                    "essential": True,
                    "value": self.expected_issuer(metadata["issuer"], decoded.claims),
                },
                "aud": {"essential": True, "value": self.client_id},
                "sub": {"essential": True},
            },
            {
                "nonce": nonce,
                "client_id": self.client_id,
                "access_token": token.get("access_token"),
            },
        )
        claims.validate(leeway=CLOCK_LEEWAY_SECONDS)
        return dict(claims)

    async def signing_keys(self, *, refresh: bool = False) -> KeySet:
        if self._keys is None or refresh:
            metadata = await self.metadata()
            published = await self._get_json(metadata["jwks_uri"])
            self._keys = KeySet.import_key_set(cast("KeySetSerialization", published))
        return self._keys

    async def _get_json(self, url: str) -> dict[str, Any]:
        async with httpx2.AsyncClient(timeout=self.timeout) as http:
            response = await http.get(url, headers={"Accept": "application/json"})
            response.raise_for_status()
            document = response.json()
        if not isinstance(document, dict):
            raise TypeError(f"{url} did not answer with a JSON object")
        return document
