"""Authentication: passwords, tokens, the request's caller and the dependencies that read it."""

from app.core.auth.actors import ActorLoader, Actors
from app.core.auth.caller import Caller, CallerMiddleware, caller_of
from app.core.auth.cookies import REFRESH_COOKIE_PATH, clear_refresh_cookie, set_refresh_cookie
from app.core.auth.dependencies import (
    CurrentActor,
    CurrentPrincipal,
    current_actor,
    current_principal,
)
from app.core.auth.passwords import Passwords
from app.core.auth.principal import Actor, Principal
from app.core.auth.schemes import TOKEN_URL
from app.core.auth.tokens import (
    AccessTokens,
    InvalidTokenError,
    hash_refresh_token,
    new_refresh_token,
)

__all__ = [
    "REFRESH_COOKIE_PATH",
    "TOKEN_URL",
    "AccessTokens",
    "Actor",
    "ActorLoader",
    "Actors",
    "Caller",
    "CallerMiddleware",
    "CurrentActor",
    "CurrentPrincipal",
    "InvalidTokenError",
    "Passwords",
    "Principal",
    "caller_of",
    "clear_refresh_cookie",
    "current_actor",
    "current_principal",
    "hash_refresh_token",
    "new_refresh_token",
    "set_refresh_cookie",
]
