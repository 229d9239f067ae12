"""Sign-in state: single use, short-lived, and bound to the browser that started it.

The authorize endpoint stores the pending sign-in (PKCE verifier, nonce, redirect URI) in
Redis under a random `state`, with a TTL, and sets the same `state` in an HTTP-only
cookie. The callback accepts only a `state` that matches the cookie (so an attacker cannot
make a victim's browser finish the attacker's sign-in: login CSRF), and claims it with one
atomic GETDEL (so it works once). The verifier never leaves the server.
"""

import hmac

from redis.asyncio import Redis
from redis.exceptions import RedisError
from starlette.responses import Response

from app.config import Settings
from app.core.errors import ServiceUnavailableError
from app.modules.users.oauth.errors import SignInStateError
from app.modules.users.oauth.pending import PendingSignIn, state_key

STATE_COOKIE = "oauth_state"
STATE_COOKIE_PATH = "/api/v1/auth/oauth"
UNAVAILABLE = "Signing in with a provider is unavailable right now; try again shortly"


class SignInStates:
    def __init__(self, redis: Redis, ttl_seconds: int) -> None:
        self.redis = redis
        self.ttl_seconds = ttl_seconds

    async def save(self, state: str, pending: PendingSignIn) -> None:
        try:
            await self.redis.set(state_key(state), pending.dumps(), ex=self.ttl_seconds)
        except RedisError as exc:
            raise ServiceUnavailableError(UNAVAILABLE) from exc

    async def claim(self, provider: str, state: str | None, cookie: str | None) -> PendingSignIn:
        if not state or not cookie or not hmac.compare_digest(state.encode(), cookie.encode()):
            raise SignInStateError("This sign-in was not started in this browser; start it again")
        try:
            stored: bytes | None = await self.redis.getdel(state_key(state))
        except RedisError as exc:
            raise ServiceUnavailableError(UNAVAILABLE) from exc
        if stored is None:
            raise SignInStateError("This sign-in has expired or was already used; start it again")
        pending = PendingSignIn.loads(stored)
        if pending.provider != provider:
            raise SignInStateError("This sign-in was started with another provider")
        return pending


def set_state_cookie(response: Response, state: str, settings: Settings, max_age: int) -> None:
    # SameSite=Lax: the provider sends the browser back with a cross-site top-level GET.
    response.set_cookie(
        STATE_COOKIE,
        state,
        max_age=max_age,
        path=STATE_COOKIE_PATH,
        httponly=True,
        secure=not settings.app.is_development,
        samesite="lax",
    )


def clear_state_cookie(response: Response, settings: Settings) -> None:
    response.delete_cookie(
        STATE_COOKIE,
        path=STATE_COOKIE_PATH,
        httponly=True,
        secure=not settings.app.is_development,
        samesite="lax",
    )
