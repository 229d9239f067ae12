"""Access tokens (JWT, PyJWT) and opaque refresh tokens.

Access tokens are short-lived and stateless: claims `sub` (user), `tid` (tenant), `jti`,
`iat` (to the millisecond), `exp`, `iss` and `aud`, signed with SECRET_KEY, plus `plan`
(the tenant's plan when the token was issued, so rate limiting can tier callers without a
lookup; a token without it counts as the free plan). Decoding pins the algorithm and
requires every other claim, so `alg=none`, a key-confusion attempt, a wrong audience or
issuer, an expired or tampered token all fail the same way.

A verified access token is remembered (per process, at most VERIFIED_TOKENS of them)
until it expires: clients send the same token with every request for its lifetime, and
checking it again would spend the same HMAC and claim checks on the same bytes. Only the
exact string that passed verification hits the memory, and its expiry is checked on
every use, so nothing is accepted that `jwt.decode` would refuse (the key never changes
within a process).

Refresh tokens are random strings; only their SHA-256 is stored, so a database leak does
not leak usable tokens. The successor a rotation issues is derived instead: an HMAC of
the rotated token's id under a key derived from SECRET_KEY (`derive_refresh_token`). A
client that repeats the rotation within the grace window (two tabs refreshing at once)
can then be handed the same successor again without it ever being stored; computing it
needs SECRET_KEY, which also signs every access token.
"""

import base64
import hashlib
import hmac
import math
import secrets
import time
import uuid
from datetime import UTC, datetime, timedelta
from uuid import UUID

import jwt
import structlog

from app.config import AppSettings, AuthSettings
from app.core.auth.principal import Principal
from app.core.tenancy import Plan

REQUIRED_CLAIMS = ["sub", "tid", "jti", "iat", "exp", "iss", "aud"]
VERIFIED_TOKENS = 4096

log = structlog.get_logger("app.auth")


class InvalidTokenError(Exception):
    """The token is not one this service issued, or it is no longer valid."""


class AccessTokens:
    def __init__(self, app_settings: AppSettings, settings: AuthSettings) -> None:
        key = app_settings.secret_key.get_secret_value()
        if not key:
            # Only reachable in development (settings refuse it elsewhere).
            log.warning("secret_key_missing_using_ephemeral_key")
            key = secrets.token_urlsafe(48)
        self._key = key
        # A key of its own for derived refresh tokens (domain separation from the JWTs').
        self._successor_key = hmac.new(key.encode(), b"refresh-token-successor", "sha256").digest()
        self._algorithm = settings.jwt_algorithm
        self._issuer = settings.jwt_issuer
        self._audience = settings.jwt_audience
        self.lifetime = timedelta(minutes=settings.access_token_expire_minutes)
        self._verified: dict[str, tuple[Principal, float]] = {}  # token -> (principal, exp)

    def issue(
        self,
        user_id: UUID,
        tenant_id: UUID,
        *,
        plan: Plan = Plan.FREE,
        now: datetime | None = None,
    ) -> str:
        issued = now or datetime.now(UTC)
        claims = {
            "sub": str(user_id),
            "tid": str(tenant_id),
            "plan": plan.value,
            "jti": uuid.uuid4().hex,
            # To the millisecond (a NumericDate may have a fraction), rounded down: a token
            # never looks younger than it is against the user's `tokens_valid_after`.
            "iat": math.floor(issued.timestamp() * 1000) / 1000,
            "exp": issued + self.lifetime,
            "iss": self._issuer,
            "aud": self._audience,
        }
        return jwt.encode(claims, self._key, algorithm=self._algorithm)

    def derive_refresh_token(self, parent_id: UUID) -> tuple[str, str]:
        """The successor of refresh token `parent_id` and the hash to store; the same
        every time for the same parent, unpredictable without SECRET_KEY."""
        digest = hmac.new(self._successor_key, parent_id.bytes, "sha256").digest()
        token = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
        return token, hash_refresh_token(token)

    def decode(self, token: str) -> Principal:
        known = self._verified.get(token)
        if known is not None:
            if time.time() < known[1]:
                return known[0]
            del self._verified[token]
        principal, expires_at = self._verify(token)
        if len(self._verified) >= VERIFIED_TOKENS:
            del self._verified[next(iter(self._verified))]  # the oldest entry
        self._verified[token] = (principal, expires_at)
        return principal

    def _verify(self, token: str) -> tuple[Principal, float]:
        try:
            claims = jwt.decode(
                token,
                self._key,
                algorithms=[self._algorithm],
                audience=self._audience,
                issuer=self._issuer,
                options={"require": REQUIRED_CLAIMS},
            )
            principal = Principal(
                user_id=UUID(claims["sub"]),
                tenant_id=UUID(claims["tid"]),
                token_id=claims["jti"],
                plan=Plan(claims.get("plan", Plan.FREE.value)),
                issued_at=float(claims["iat"]),
            )
            return principal, float(claims["exp"])
        except (jwt.PyJWTError, ValueError, TypeError) as exc:
            raise InvalidTokenError(type(exc).__name__) from exc


def new_refresh_token() -> tuple[str, str]:
    """A fresh opaque refresh token and the hash to store."""
    token = secrets.token_urlsafe(32)
    return token, hash_refresh_token(token)


def hash_refresh_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
